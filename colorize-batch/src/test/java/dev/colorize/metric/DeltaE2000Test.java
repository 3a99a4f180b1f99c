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

  @Test
  void fastAtan2AgreesWithMathAtan2() {
    java.util.Random random = new java.util.Random(3);
    double worst = 0;
    for (int i = 0; i < 1_000_000; i++) {
      double scale = Math.pow(10, random.nextInt(9) - 4);
      double y = (random.nextDouble() * 2 - 1) * scale;
      double x = (random.nextDouble() * 2 - 1) * (random.nextBoolean() ? scale : 1);
      worst = Math.max(worst, Math.abs(DeltaE2000.atan2(y, x) - Math.atan2(y, x)));
    }
    assertTrue(worst < 1e-15, "largest |atan2 - Math.atan2| " + worst);
    double[] special = {0.0, -0.0, 1.0, -1.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.NaN, Double.MIN_VALUE, 1e300};
    for (double y : special) {
      for (double x : special) {
        assertEquals(Math.atan2(y, x), DeltaE2000.atan2(y, x), 1e-15, "atan2(" + y + ", " + x + ")");
      }
    }
  }

  @Test
  void algebraicFormEqualsTheTrigonometricFormula() {
    java.util.Random random = new java.util.Random(5);
    double worst = 0;
    for (int i = 0; i < 300_000; i++) {
      double l1 = random.nextDouble() * 100;
      double a1 = random.nextDouble() * 256 - 128;
      double b1 = random.nextDouble() * 256 - 128;
      double l2;
      double a2;
      double b2;
      switch (i % 4) {
        case 0 -> { // near-identical colours, as good predictions give
          l2 = l1 + random.nextGaussian() * 1e-3;
          a2 = a1 + random.nextGaussian() * 1e-3;
          b2 = b1 + random.nextGaussian() * 1e-3;
        }
        case 1 -> { // a gray prediction
          l2 = l1;
          a2 = random.nextGaussian() * 1e-4;
          b2 = random.nextGaussian() * 1e-4;
        }
        case 2 -> { // zero chroma on one side
          l2 = random.nextDouble() * 100;
          a2 = 0;
          b2 = 0;
        }
        default -> {
          l2 = random.nextDouble() * 100;
          a2 = random.nextDouble() * 256 - 128;
          b2 = random.nextDouble() * 256 - 128;
        }
      }
      double expected = trigonometricDifference(l1, a1, b1, l2, a2, b2);
      double actual = DeltaE2000.difference(l1, a1, b1, l2, a2, b2);
      worst = Math.max(worst, Math.abs(expected - actual) / Math.max(1, expected));
    }
    assertTrue(worst < 1e-9, "largest relative difference " + worst);
  }

  @Test
  void imageMeanEqualsTheTrigonometricFormulaPixelByPixel() {
    // The image mean runs a vectorisable form with polynomial arctangent, exponential and sine:
    // check it per pixel (1x1 images) and over a whole image whose size is not a multiple of the
    // block, on the cases where that form is undefined or R_T is large too.
    java.util.Random random = new java.util.Random(11);
    int n = 20_011;
    float[][] planes = new float[6][n];
    for (int i = 0; i < n; i++) {
      float l1 = random.nextFloat() * 100;
      float c1 = random.nextFloat() * 90;
      double h1 = random.nextDouble() * 2 * Math.PI;
      float l2 = l1 + (float) random.nextGaussian() * 5;
      float c2 = c1 + (float) random.nextGaussian() * 10;
      double h2 = h1 + random.nextGaussian() * 0.5;
      switch (i % 8) {
        case 0 -> h1 = Math.toRadians(275 + random.nextGaussian() * 20); // R_T at its largest
        case 1 -> { // both hues close to 0/360 degrees, the mean hue's wrap
          h1 = Math.toRadians(random.nextGaussian() * 3);
          h2 = Math.toRadians(random.nextGaussian() * 3);
        }
        case 2 -> h2 = h1 + Math.PI; // opposite hues
        case 3 -> c2 = 0; // zero chroma (a gray prediction of exactly a = b = 0)
        case 4 -> { // identical colours
          l2 = l1;
          c2 = c1;
          h2 = h1;
        }
        case 5 -> c2 = (float) (random.nextGaussian() * 1e-4); // a nearly gray prediction
        default -> { }
      }
      planes[0][i] = l1;
      planes[1][i] = (float) (c1 * Math.cos(h1));
      planes[2][i] = (float) (c1 * Math.sin(h1));
      planes[3][i] = l2;
      planes[4][i] = (float) (c2 * Math.cos(h2));
      planes[5][i] = (float) (c2 * Math.sin(h2));
    }
    double worst = 0;
    double expectedSum = 0;
    for (int i = 0; i < n; i++) {
      double expected = trigonometricDifference(planes[0][i], planes[1][i], planes[2][i],
          planes[3][i], planes[4][i], planes[5][i]);
      expectedSum += expected;
      double actual = DeltaE2000.mean(lab(planes[3][i], planes[4][i], planes[5][i]),
          lab(planes[0][i], planes[1][i], planes[2][i]));
      if (i % 8 != 2) { // opposite hues: the formula's jump, either side is its value
        worst = Math.max(worst, Math.abs(expected - actual) / Math.max(1, expected));
      }
    }
    assertTrue(worst < 1e-9, "largest relative difference " + worst);
    dev.colorize.image.LabImage truth = new dev.colorize.image.LabImage(n, 1, planes[0],
        planes[1], planes[2]);
    dev.colorize.image.LabImage pred = new dev.colorize.image.LabImage(n, 1, planes[3],
        planes[4], planes[5]);
    double mean = DeltaE2000.mean(pred, truth);
    double pixelMean = 0;
    for (int i = 0; i < n; i++) {
      pixelMean += DeltaE2000.difference(planes[0][i], planes[1][i], planes[2][i], planes[3][i],
          planes[4][i], planes[5][i]);
    }
    assertEquals(pixelMean / n, mean, 1e-10 * mean); // near-opposite hues are ill-conditioned
    assertEquals(expectedSum / n, mean, 1e-6); // opposite hues included
  }

  private static dev.colorize.image.LabImage lab(float l, float a, float b) {
    return new dev.colorize.image.LabImage(1, 1, new float[] {l}, new float[] {a},
        new float[] {b});
  }

  /** The formula with its trigonometry, as scikit-image writes it: the reference for the above. */
  private static double trigonometricDifference(double l1, double a1, double b1, double l2, double a2,
      double b2) {
    double cbar = 0.5 * (Math.hypot(a1, b1) + Math.hypot(a2, b2));
    double c7 = Math.pow(cbar, 7);
    double g = 0.5 * (1 - Math.sqrt(c7 / (c7 + Math.pow(25, 7))));
    double scale = 1 + g;
    double ap1 = a1 * scale;
    double ap2 = a2 * scale;
    double cp1 = Math.hypot(ap1, b1);
    double cp2 = Math.hypot(ap2, b2);
    double h1 = polar(ap1, b1);
    double h2 = polar(ap2, b2);

    double lbar = 0.5 * (l1 + l2);
    double tmp = (lbar - 50) * (lbar - 50);
    double sl = 1 + 0.015 * tmp / Math.sqrt(20 + tmp);
    double lTerm = (l2 - l1) / sl;

    double cpbar = 0.5 * (cp1 + cp2);
    double sc = 1 + 0.045 * cpbar;
    double cTerm = (cp2 - cp1) / sc;

    double hDiff = h2 - h1;
    double hSum = h1 + h2;
    double cc = cp1 * cp2;
    double dh = hDiff;
    if (hDiff > Math.PI) {
      dh -= (2 * Math.PI);
    }
    if (hDiff < -Math.PI) {
      dh += (2 * Math.PI);
    }
    if (cc == 0) {
      dh = 0;
    }
    double dhTerm = 2 * Math.sqrt(cc) * Math.sin(dh / 2);

    double hbar = hSum;
    if (cc != 0 && Math.abs(hDiff) > Math.PI) {
      hbar += hSum < (2 * Math.PI) ? (2 * Math.PI) : -(2 * Math.PI);
    }
    if (cc == 0) {
      hbar *= 2;
    }
    hbar *= 0.5;

    double t = 1
        - 0.17 * Math.cos(hbar - Math.toRadians(30))
        + 0.24 * Math.cos(2 * hbar)
        + 0.32 * Math.cos(3 * hbar + Math.toRadians(6))
        - 0.20 * Math.cos(4 * hbar - Math.toRadians(63));
    double sh = 1 + 0.015 * cpbar * t;
    double hTerm = dhTerm / sh;

    double cp7 = Math.pow(cpbar, 7);
    double rc = 2 * Math.sqrt(cp7 / (cp7 + Math.pow(25, 7)));
    double z = (Math.toDegrees(hbar) - 275) / 25;
    double dtheta = Math.toRadians(30) * Math.exp(-(z * z));
    double rTerm = -Math.sin(2 * dtheta) * rc * cTerm * hTerm;

    double de2 = lTerm * lTerm + cTerm * cTerm + hTerm * hTerm + rTerm;
    return Math.sqrt(Math.max(de2, 0));
  }

  private static double polar(double a, double b) {
    double h = Math.atan2(b, a);
    return h < 0 ? h + 2 * Math.PI : h;
  }
}
