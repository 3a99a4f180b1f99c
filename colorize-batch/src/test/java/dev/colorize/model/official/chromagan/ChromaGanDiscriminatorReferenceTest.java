package dev.colorize.model.official.chromagan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.colorize.image.LabImage;
import dev.colorize.model.official.Float32Error;
import dev.colorize.model.official.GrayPhotos;
import dev.colorize.model.official.PythonTorch;
import dev.colorize.model.official.RawFloats;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * colorize's ChromaGAN discriminator against an independent PyTorch implementation of its Keras
 * semantics ({@code scripts/models/official/chromagan_discriminator_reference.py}) with seeded
 * weights written as the authors' {@code discriminator.save()} writes them: the same scores on
 * two photo-like (L, ab) pairs, and the same gradients of their mean with respect to the ab input
 * (what the gradient penalty differentiates) and to weights at both ends, within float32 error.
 */
class ChromaGanDiscriminatorReferenceTest {

  static final int N = 2;
  static final int SIZE = ChromaGanGenerator.SIZE;

  @TempDir Path dir;

  @Test
  void scoresAndGradientsMatchTheReference() throws Exception {
    PythonTorch.require();
    int plane = SIZE * SIZE;
    float[] l01 = new float[N * plane];
    float[] ab01 = new float[N * plane * 2];
    float[] loopInput = new float[N * 3 * plane];
    for (int i = 0; i < N; i++) {
      LabImage photo = GrayPhotos.colour(SIZE, SIZE, 40 + i);
      for (int p = 0; p < plane; p++) {
        float l = photo.l()[p] / 100f;
        // the authors' scale: OpenCV's 8-bit a and b / 255; the loop's: CIE ab / 110
        float a = (photo.a()[p] + 128f) / 255f;
        float b = (photo.b()[p] + 128f) / 255f;
        l01[i * plane + p] = l;
        ab01[(i * plane + p) * 2] = a;
        ab01[(i * plane + p) * 2 + 1] = b;
        loopInput[(i * 3) * plane + p] = l;
        loopInput[(i * 3 + 1) * plane + p] = (255f * a - 128f) / 110f;
        loopInput[(i * 3 + 2) * plane + p] = (255f * b - 128f) / 110f;
      }
    }
    Path h5 = dir.resolve("my_model_discriminatorEpoch0.h5");
    RawFloats.write(dir.resolve("l.f32"), l01);
    RawFloats.write(dir.resolve("ab.f32"), ab01);
    Path check = dir.resolve("grad-check");
    PythonTorch.run("chromagan_discriminator_reference.py", List.of("--seed", "5", "--h5",
        h5.toString(), "--l", dir.resolve("l.f32").toString(), "--ab",
        dir.resolve("ab.f32").toString(), "--n", String.valueOf(N), "--output",
        dir.resolve("scores.f32").toString(), "--grad-check", check.toString()));
    float[] expected = RawFloats.read(dir.resolve("scores.f32"));
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      ChromaGanDiscriminator d = ChromaGanDiscriminator.load(h5, manager);
      for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : d.getParameters()) {
        p.getValue().getArray().setRequiresGradient(true);
      }
      NDArray x = manager.create(loopInput, new Shape(N, 3, SIZE, SIZE));
      x.setRequiresGradient(true);
      float[] scores;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray y = d.forward(new ParameterStore(manager, false), new NDList(x), true).head();
        assertEquals(new Shape(N, 1, 28, 28), y.getShape());
        scores = y.toFloatArray();
        collector.backward(y.mean());
      }
      float spread = 0;
      for (float v : expected) {
        spread = Math.max(spread, Math.abs(v));
      }
      assertTrue(spread > 0.1f, "the reference's scores are near zero: the comparison is weak");
      assertClose("scores", expected, scores, 1e-4f * Math.max(1f, spread));
      // d score / d ab01 = d score / d (ab / 110) * 255 / 110
      NDArray abGradient = x.getGradient().get(":, 1:3").mul(255f / 110f).transpose(0, 2, 3, 1);
      assertGradient(check, "input-ab", abGradient.toFloatArray());
      assertGradient(check, "conv2d_1-kernel", d.parameter("conv1.weight").getArray()
          .getGradient().transpose(2, 3, 1, 0).toFloatArray());
      assertGradient(check, "conv2d_5-bias", d.parameter("conv5.bias").getArray().getGradient()
          .toFloatArray());
    }
  }

  /** Within 3x the reference's own float32 error against float64, plus 1e-4 of its scale. */
  private static void assertGradient(Path check, String name, float[] actual) throws Exception {
    float[] t64 = RawFloats.read(check.resolve("grad64-" + name + ".f32"));
    float scale = Float32Error.scale(t64);
    assertTrue(scale > 0, name + ": the reference's gradient is zero");
    Float32Error.assertWithin(name, RawFloats.read(check.resolve("grad-" + name + ".f32")), t64,
        actual, 1e-4f * scale);
  }

  private static void assertClose(String what, float[] expected, float[] actual, float tolerance) {
    assertEquals(expected.length, actual.length, what);
    float worst = 0;
    for (int i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
    }
    assertTrue(worst <= tolerance, what + ": max |colorize - reference| = " + worst);
  }
}
