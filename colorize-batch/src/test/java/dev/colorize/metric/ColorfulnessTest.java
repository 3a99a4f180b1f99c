package dev.colorize.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.image.RgbImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ColorfulnessTest {

  static List<ReferenceData.Pair> pairs() {
    return ReferenceData.pairs();
  }

  @ParameterizedTest
  @MethodSource("pairs")
  void matchesNumpyReferenceWithin1e3(ReferenceData.Pair pair) {
    assertEquals(pair.expected("colorfulness"), Colorfulness.of(pair.pred()), 1e-3);
    assertEquals(pair.expected("colorfulness_truth"), Colorfulness.of(pair.truth()), 1e-3);
  }

  @Test
  void grayImageScoresZero() {
    RgbImage gray = ReferenceData.synthetic(9, 7, (x, y, c) -> 17 * x + 3 * y);
    assertEquals(0.0, Colorfulness.of(gray));
  }

  @Test
  void flatRedHasOnlyTheMeanTerm() {
    RgbImage red = ReferenceData.synthetic(4, 3, (x, y, c) -> c == 0 ? 255 : 0);
    // rg = 255, yb = 127.5 everywhere: no spread.
    assertEquals(0.3 * Math.hypot(255, 127.5), Colorfulness.of(red), 1e-12);
  }

  @Test
  void blueAndBlackSpreadOnlyTheYellowBlueAxis() {
    RgbImage img = ReferenceData.synthetic(2, 1, (x, y, c) -> x == 0 && c == 2 ? 200 : 0);
    // pixel 0: rg 0, yb 200; pixel 1: rg 0, yb 0 -> sd_yb 100, mean_yb 100.
    assertEquals(100 + 0.3 * 100, Colorfulness.of(img), 1e-12);
  }

  @Test
  void nullImageIsRejected() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> Colorfulness.of(null));
    assertTrue(e.getMessage().contains("colorfulness"), e.getMessage());
  }
}
