package dev.colorize.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The base losses on small errors computed by hand. */
class BaseLossTest {

  /** Errors on ab / 110 of one 1 x 2 image: a = (0.001, -0.02), b = (0.05, 0). */
  private static float loss(BaseLoss loss) {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray error = manager.create(new float[] {0.001f, -0.02f, 0.05f, 0f},
          new Shape(1, 2, 1, 2));
      return loss.of(error).getFloat();
    }
  }

  @Test
  void l2AndL1AreMeansOverEveryElement() {
    assertEquals((1e-6 + 4e-4 + 25e-4 + 0) / 4, loss(BaseLoss.L2), 1e-9);
    assertEquals((0.001 + 0.02 + 0.05 + 0) / 4, loss(BaseLoss.L1), 1e-8);
  }

  /**
   * InstColor's {@code 10 * mean(HuberLoss(1/110)(x, y))}: per element {@code 0.5 e^2 / delta}
   * below delta, {@code |e| - delta / 2} above; summed over a and b; averaged over the pixels.
   */
  @Test
  void huberIsInstColorsSummedOverChannelsAveragedOverPixels() {
    double delta = 1 / 110.0;
    double small = 0.5 * 0.001 * 0.001 / delta;
    double pixel0 = small + (0.05 - delta / 2);
    double pixel1 = (0.02 - delta / 2) + 0;
    assertEquals(10 * (pixel0 + pixel1) / 2, loss(BaseLoss.HUBER), 1e-6);
  }

  @Test
  void idsAreTheColumnsAndTheOptionValues() {
    assertEquals(BaseLoss.HUBER, BaseLoss.of("huber"));
    assertEquals("l1", BaseLoss.L1.id());
    assertEquals(null, BaseLoss.of("l3"));
  }
}
