package dev.colorize.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.image.RgbImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SsimTest {

  static List<ReferenceData.Pair> pairs() {
    return ReferenceData.pairs();
  }

  @ParameterizedTest
  @MethodSource("pairs")
  void matchesScikitImageGaussianSsimWithin1e4(ReferenceData.Pair pair) {
    assertEquals(pair.expected("ssim"), Ssim.of(pair.pred(), pair.truth()), 1e-4);
  }

  @ParameterizedTest
  @MethodSource("pairs")
  void isSymmetric(ReferenceData.Pair pair) {
    assertEquals(Ssim.of(pair.pred(), pair.truth()), Ssim.of(pair.truth(), pair.pred()), 1e-12);
  }

  @Test
  void windowIsScipysElevenTapGaussian() {
    assertEquals(5, Ssim.RADIUS);
    assertEquals(11, Ssim.WINDOW);
    double[] k = Ssim.gaussianKernel(1.5, 5);
    double total = 0;
    for (double v : k) {
      total += v;
    }
    assertEquals(1.0, total, 1e-15);
    // scipy.ndimage._gaussian_kernel1d(1.5, 0, 5)[5] and [0]
    assertEquals(0.26601172486179436, k[5], 1e-15);
    assertEquals(0.00102838008447911, k[0], 1e-15);
  }

  @Test
  void identicalImagesScoreOne() {
    RgbImage a = random(40, 30, 7);
    assertEquals(1.0, Ssim.of(a, a), 1e-12);
  }

  @Test
  void smallestAcceptedSizeIsTheWindow() {
    double s = Ssim.of(random(11, 11, 1), random(11, 11, 2));
    assertTrue(s > -1 && s < 1, "ssim " + s);
  }

  @Test
  void imageSmallerThanWindowIsRejectedWithItsSize() {
    MetricInputException e = assertThrows(MetricInputException.class,
        () -> Ssim.of(random(10, 20, 1), random(10, 20, 2)));
    assertTrue(e.getMessage().contains("10x20"), e.getMessage());
    assertTrue(e.getMessage().contains("11x11"), e.getMessage());
  }

  @Test
  void sizeMismatchNamesBothSizes() {
    MetricInputException e = assertThrows(MetricInputException.class,
        () -> Ssim.of(random(20, 20, 1), random(21, 20, 2)));
    assertTrue(e.getMessage().contains("pred 20x20 vs truth 21x20"), e.getMessage());
  }

  private static RgbImage random(int w, int h, long seed) {
    Random random = new Random(seed);
    return ReferenceData.synthetic(w, h, (x, y, c) -> random.nextInt(256));
  }
}
