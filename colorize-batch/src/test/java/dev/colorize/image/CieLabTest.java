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
