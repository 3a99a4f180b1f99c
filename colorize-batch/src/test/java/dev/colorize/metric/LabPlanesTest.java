package dev.colorize.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.image.CieLab;
import dev.colorize.image.LabImage;
import dev.colorize.image.RgbImage;
import org.junit.jupiter.api.Test;

class LabPlanesTest {

  @Test
  void everySrgbColourMatchesCieLabInDoublePrecision() {
    // All 2^24 colours, 2^20 per image (red fixed per 16 values of the chunk index).
    double[] expected = new double[3];
    double worst = 0;
    for (int chunk = 0; chunk < 16; chunk++) {
      byte[] rgb = new byte[3 << 20];
      for (int i = 0; i < 1 << 20; i++) {
        int colour = (chunk << 20) | i;
        rgb[3 * i] = (byte) (colour >> 16);
        rgb[3 * i + 1] = (byte) (colour >> 8);
        rgb[3 * i + 2] = (byte) colour;
      }
      LabPlanes lab = LabPlanes.of(new RgbImage(1024, 1024, rgb));
      for (int i = 0; i < 1 << 20; i++) {
        CieLab.rgbToLab(rgb[3 * i] & 0xFF, rgb[3 * i + 1] & 0xFF, rgb[3 * i + 2] & 0xFF,
            expected);
        worst = Math.max(worst, Math.abs(expected[0] - lab.l[i]));
        worst = Math.max(worst, Math.abs(expected[1] - lab.a[i]));
        worst = Math.max(worst, Math.abs(expected[2] - lab.b[i]));
      }
    }
    assertTrue(worst < 1e-12, "largest |difference| from CieLab.rgbToLab " + worst);
  }

  @Test
  void agreesWithCieLabFromRgbToFloatPrecision() {
    RgbImage image = ReferenceData.synthetic(37, 23, (x, y, c) -> (x * 7 + y * 13 * (c + 1)) % 256);
    LabImage floats = CieLab.fromRgb(image);
    LabPlanes doubles = LabPlanes.of(image);
    assertEquals(37, doubles.width);
    assertEquals(23, doubles.height);
    for (int i = 0; i < 37 * 23; i++) {
      assertEquals(floats.l()[i], doubles.l[i], 1e-5, "L at " + i);
      assertEquals(floats.a()[i], doubles.a[i], 1e-5, "a at " + i);
      assertEquals(floats.b()[i], doubles.b[i], 1e-5, "b at " + i);
    }
  }

  @Test
  void widensAFloatLabImageExactly() {
    LabImage floats = new LabImage(2, 1, new float[] {50.5f, 0f}, new float[] {-3.25f, 1e-7f},
        new float[] {100f, -0f});
    LabPlanes doubles = LabPlanes.of(floats);
    assertEquals(50.5, doubles.l[0]);
    assertEquals((double) 1e-7f, doubles.a[1]);
    assertEquals(100.0, doubles.b[0]);
  }
}
