package dev.colorize.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CieLab against skimage.color.rgb2lab (reference values from
 * scripts/reference/metrics_reference.py) and its own round trip.
 */
class CieLabTest {

  private static final String GRID = "/reference/metrics/lab_grid.csv";

  @Test
  void fromRgbMatchesScikitImageWithin1e3() throws IOException {
    List<double[]> rows = grid();
    assertTrue(rows.size() > 3000, "grid rows " + rows.size());
    int n = rows.size();
    byte[] rgb = new byte[n * 3];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 3; c++) {
        rgb[3 * i + c] = (byte) rows.get(i)[c];
      }
    }
    LabImage lab = CieLab.fromRgb(new RgbImage(n, 1, rgb));
    double[] single = new double[3];
    double worst = 0;
    for (int i = 0; i < n; i++) {
      double[] r = rows.get(i);
      String colour = (int) r[0] + "," + (int) r[1] + "," + (int) r[2];
      assertEquals(r[3], lab.l()[i], 1e-3, "L of " + colour);
      assertEquals(r[4], lab.a()[i], 1e-3, "a of " + colour);
      assertEquals(r[5], lab.b()[i], 1e-3, "b of " + colour);
      CieLab.rgbToLab((int) r[0], (int) r[1], (int) r[2], single);
      for (int c = 0; c < 3; c++) {
        worst = Math.max(worst, Math.abs(single[c] - r[3 + c]));
      }
    }
    // The double-precision path agrees to well beyond the float planes' precision.
    assertTrue(worst < 1e-6, "largest |Lab - skimage| " + worst);
  }

  @Test
  void roundTripRecoversEveryColourOfACoarseGridWithinOneLevel() {
    int step = 5;
    List<Integer> levels = new ArrayList<>();
    for (int v = 0; v < 256; v += step) {
      levels.add(v);
    }
    if (levels.get(levels.size() - 1) != 255) {
      levels.add(255);
    }
    int k = levels.size();
    byte[] rgb = new byte[k * k * k * 3];
    int p = 0;
    for (int r : levels) {
      for (int g : levels) {
        for (int b : levels) {
          rgb[p++] = (byte) r;
          rgb[p++] = (byte) g;
          rgb[p++] = (byte) b;
        }
      }
    }
    RgbImage original = new RgbImage(k * k, k, rgb);
    RgbImage back = CieLab.toRgb(CieLab.fromRgb(original));
    int worst = 0;
    for (int i = 0; i < rgb.length; i++) {
      int diff = Math.abs((rgb[i] & 0xFF) - (back.rgb()[i] & 0xFF));
      if (diff > 1) {
        int px = i / 3;
        throw new AssertionError("pixel " + px + " (" + (rgb[3 * px] & 0xFF) + ","
            + (rgb[3 * px + 1] & 0xFF) + "," + (rgb[3 * px + 2] & 0xFF) + ") channel " + i % 3
            + " came back off by " + diff);
      }
      worst = Math.max(worst, diff);
    }
    assertTrue(worst <= 1);
  }

  @Test
  void whiteAndBlackAreTheEndsOfLightness() {
    double[] lab = new double[3];
    CieLab.rgbToLab(255, 255, 255, lab);
    assertEquals(100.0, lab[0], 1e-6);
    CieLab.rgbToLab(0, 0, 0, lab);
    assertEquals(0.0, lab[0], 1e-12);
    assertEquals(0.0, lab[1], 1e-12);
    assertEquals(0.0, lab[2], 1e-12);
  }

  @Test
  void tabulatedEncodingEqualsTheCompandingFormulaEverywhere() {
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 300_000; i++) {
      double lin = random.nextDouble() * 1.2 - 0.1;
      assertEquals(CieLab.encode8Exact(lin), CieLab.encode8(lin), "code of " + lin);
    }
    for (int k = 0; k <= 255; k++) {
      // Around each rounding boundary, where a table off by one would show.
      double boundary = k / 255.0 - 0.5 / 255.0;
      double lin = boundary <= 0.04045 ? boundary / 12.92
          : Math.pow((boundary + 0.055) / 1.055, 2.4);
      for (int ulps = -3; ulps <= 3; ulps++) {
        double v = lin + ulps * Math.ulp(lin);
        assertEquals(CieLab.encode8Exact(v), CieLab.encode8(v), "code of " + v + " near " + k);
      }
    }
    assertEquals(0, CieLab.encode8(Double.NaN));
    assertEquals(0, CieLab.encode8(-1));
    assertEquals(255, CieLab.encode8(7));
  }

  @Test
  void toRgbEqualsTheDirectFormulaOnRandomLabColours() {
    java.util.Random random = new java.util.Random(11);
    int n = 60_000;
    float[] l = new float[n];
    float[] a = new float[n];
    float[] b = new float[n];
    for (int i = 0; i < n; i++) {
      l[i] = (float) (random.nextDouble() * 100);
      a[i] = (float) (random.nextDouble() * 256 - 128);
      b[i] = (float) (random.nextDouble() * 256 - 128);
    }
    byte[] rgb = CieLab.toRgb(new LabImage(n, 1, l, a, b)).rgb();
    int[] single = new int[3];
    for (int i = 0; i < n; i++) {
      int[] expected = directLabToRgb(l[i], a[i], b[i]);
      CieLab.labToRgb(l[i], a[i], b[i], single);
      for (int c = 0; c < 3; c++) {
        String colour = "Lab(" + l[i] + "," + a[i] + "," + b[i] + ") channel " + c;
        assertEquals(expected[c], rgb[3 * i + c] & 0xFF, colour);
        assertEquals(expected[c], single[c], colour);
      }
    }
  }

  /** skimage.color.lab2rgb's operations, then * 255 + 0.5 truncated: the untabulated reference. */
  private static int[] directLabToRgb(double l, double a, double b) {
    double fy = (l + 16.0) / 116.0;
    double fx = fy + a / 500.0;
    double fz = Math.max(0, fy - b / 200.0);
    double[] xyz = {finv(fx) * 0.95047, finv(fy), finv(fz) * 1.08883};
    double[][] m = {
      {0.412453, 0.357580, 0.180423},
      {0.212671, 0.715160, 0.072169},
      {0.019334, 0.119193, 0.950227}
    };
    double[][] inv = invert(m);
    int[] out = new int[3];
    for (int c = 0; c < 3; c++) {
      double lin = inv[c][0] * xyz[0] + inv[c][1] * xyz[1] + inv[c][2] * xyz[2];
      double v = lin > 0.0031308 ? 1.055 * Math.pow(lin, 1 / 2.4) - 0.055 : 12.92 * lin;
      out[c] = (int) Math.floor(Math.min(1.0, Math.max(0.0, v)) * 255.0 + 0.5);
    }
    return out;
  }

  private static double finv(double f) {
    double cube = f * f * f;
    return cube > 0.008856 ? cube : (f - 16.0 / 116.0) / 7.787;
  }

  private static double[][] invert(double[][] m) {
    double a = m[0][0], b = m[0][1], c = m[0][2];
    double d = m[1][0], e = m[1][1], f = m[1][2];
    double g = m[2][0], h = m[2][1], i = m[2][2];
    double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
    return new double[][] {
      {(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det},
      {(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det},
      {(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det}
    };
  }

  private static List<double[]> grid() throws IOException {
    InputStream in = CieLabTest.class.getResourceAsStream(GRID);
    assertNotNull(in, "missing " + GRID + " (run scripts/reference/metrics_reference.py)");
    List<double[]> rows = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String header = reader.readLine();
      assertEquals("r,g,b,lab_l,lab_a,lab_b", header);
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String[] f = line.split(",");
        double[] row = new double[6];
        for (int i = 0; i < 6; i++) {
          row[i] = Double.parseDouble(f[i]);
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
