package dev.colorize.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.image.RgbImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DeltaE2000Test {

  static List<ReferenceData.Pair> pairs() {
    return ReferenceData.pairs();
  }

  @ParameterizedTest
  @MethodSource("pairs")
  void imageMeanMatchesScikitImageWithin1e3(ReferenceData.Pair pair) {
    assertEquals(pair.expected("delta_e2000"), DeltaE2000.mean(pair.pred(), pair.truth()), 1e-3);
  }

  @Test
  void sharmaTestPairsMatchPublishedValuesAndScikitImage() {
    List<Map<String, String>> rows = ReferenceData.csv("ciede2000_pairs.csv");
    assertEquals(34, rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Map<String, String> r = rows.get(i);
      double de = DeltaE2000.difference(d(r, "l1"), d(r, "a1"), d(r, "b1"),
          d(r, "l2"), d(r, "a2"), d(r, "b2"));
      double published = d(r, "sharma_2005");
      double skimage = d(r, "skimage");
      String label = "Sharma pair " + (i + 1);
      if (i == 9) {
        // Hue difference of exactly 180 degrees: the table's exact-arithmetic 7.1792 or the
        // floating-point 7.2195 are both the formula's value (one on each side of the jump).
        assertTrue(Math.abs(de - 7.1792) < 1e-4 || Math.abs(de - 7.2195) < 1e-4, label + ": " + de);
        continue;
      }
      assertEquals(published, de, 5.01e-5, label + " vs published table");
      assertEquals(skimage, de, 1e-9, label + " vs scikit-image");
    }
  }

  @Test
  void identicalColoursHaveNoDifference() {
    assertEquals(0.0, DeltaE2000.difference(53.2, 80.1, 67.2, 53.2, 80.1, 67.2));
    RgbImage img = ReferenceData.synthetic(6, 5, (x, y, c) -> 40 * x + 7 * y * c);
    assertEquals(0.0, DeltaE2000.mean(img, img));
  }

  @Test
  void pureLightnessDifferenceAtMidGray() {
    // At L = 50 the lightness weight SL is 1, so two neutral grays differ by their L difference.
    assertEquals(4.0, DeltaE2000.difference(48, 0, 0, 52, 0, 0), 1e-12);
  }

  @Test
  void sizeMismatchNamesBothSizes() {
    MetricInputException e = assertThrows(MetricInputException.class,
        () -> DeltaE2000.mean(RgbImage.blank(7, 8), RgbImage.blank(8, 7)));
    assertTrue(e.getMessage().contains("CIEDE2000"), e.getMessage());
    assertTrue(e.getMessage().contains("pred 7x8 vs truth 8x7"), e.getMessage());
  }

  private static double d(Map<String, String> row, String column) {
    return Double.parseDouble(row.get(column));
  }
}
