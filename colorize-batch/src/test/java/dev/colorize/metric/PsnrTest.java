package dev.colorize.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.image.RgbImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PsnrTest {

  static List<ReferenceData.Pair> pairs() {
    return ReferenceData.pairs();
  }

  @ParameterizedTest
  @MethodSource("pairs")
  void mseMatchesScikitImage(ReferenceData.Pair pair) {
    double expected = pair.expected("mse");
    assertEquals(expected, Mse.of(pair.pred(), pair.truth()), 1e-9 * Math.max(1, expected));
  }

  @ParameterizedTest
  @MethodSource("pairs")
  void psnrMatchesScikitImageWithin1e3Db(ReferenceData.Pair pair) {
    double expected = pair.expected("psnr");
    double actual = Psnr.of(pair.pred(), pair.truth());
    if (Double.isInfinite(expected)) {
      assertEquals(Double.POSITIVE_INFINITY, actual);
    } else {
      assertEquals(expected, actual, 1e-3);
    }
  }

  @Test
  void identicalImagesArePositiveInfinity() {
    RgbImage a = ReferenceData.synthetic(5, 4, (x, y, c) -> 40 * x + y + c);
    RgbImage b = ReferenceData.synthetic(5, 4, (x, y, c) -> 40 * x + y + c);
    assertEquals(0.0, Mse.of(a, b));
    assertEquals(Double.POSITIVE_INFINITY, Psnr.of(a, b));
  }

  @Test
  void fullRangeErrorIsZeroDb() {
    RgbImage black = RgbImage.blank(3, 2);
    RgbImage white = ReferenceData.synthetic(3, 2, (x, y, c) -> 255);
    assertEquals(255.0 * 255.0, Mse.of(black, white));
    assertEquals(0.0, Psnr.of(black, white), 1e-12);
  }

  @Test
  void oneLevelEverywhereIs48Db() {
    RgbImage a = ReferenceData.synthetic(4, 4, (x, y, c) -> 100);
    RgbImage b = ReferenceData.synthetic(4, 4, (x, y, c) -> 101);
    assertEquals(20 * Math.log10(255), Psnr.of(a, b), 1e-12);
  }

  @Test
  void sizeMismatchNamesBothSizes() {
    MetricInputException e = assertThrows(MetricInputException.class,
        () -> Psnr.of(RgbImage.blank(2, 3), RgbImage.blank(3, 2)));
    assertTrue(e.getMessage().contains("PSNR"), e.getMessage());
    assertTrue(e.getMessage().contains("pred 2x3 vs truth 3x2"), e.getMessage());
    MetricInputException m = assertThrows(MetricInputException.class,
        () -> Mse.of(RgbImage.blank(4, 4), RgbImage.blank(4, 5)));
    assertTrue(m.getMessage().contains("pred 4x4 vs truth 4x5"), m.getMessage());
  }

  @Test
  void nullImageIsNamed() {
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> Psnr.of(null, RgbImage.blank(1, 1)));
    assertTrue(e.getMessage().contains("pred"), e.getMessage());
  }

  @Test
  void invalidMseIsRejectedWithItsValue() {
    MetricInputException negative =
        assertThrows(MetricInputException.class, () -> Psnr.fromMse(-2.5));
    assertTrue(negative.getMessage().contains("-2.5"), negative.getMessage());
    assertThrows(MetricInputException.class, () -> Psnr.fromMse(Double.NaN));
    assertThrows(MetricInputException.class, () -> Psnr.fromMse(Double.POSITIVE_INFINITY));
  }
}
