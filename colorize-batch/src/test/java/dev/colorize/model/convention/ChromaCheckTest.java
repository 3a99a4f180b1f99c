package dev.colorize.model.convention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.image.CieLab;
import dev.colorize.image.LabImage;
import dev.colorize.image.RgbImage;
import org.junit.jupiter.api.Test;

class ChromaCheckTest {

  private static LabImage lab(int n, int coloured, float a, float b) {
    float[] l = new float[n];
    float[] pa = new float[n];
    float[] pb = new float[n];
    for (int i = 0; i < n; i++) {
      l[i] = 50;
      if (i < coloured) {
        pa[i] = a;
        pb[i] = b;
      }
    }
    return new LabImage(n, 1, l, pa, pb);
  }

  @Test
  void grayImageOfAnyLevelHasNoChroma() {
    byte[] rgb = new byte[256 * 3];
    for (int i = 0; i < 256; i++) {
      rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = (byte) i;
    }
    LabImage gray = CieLab.fromRgb(new RgbImage(256, 1, rgb));
    assertEquals(0.0, ChromaCheck.chromaticFraction(gray));
    assertFalse(ChromaCheck.hasChroma(gray));
  }

  @Test
  void thresholdsAreChromaAboveTwoOnMoreThanOnePerMille() {
    // 2 of 1000 pixels with chroma 2.5 (a=1.5, b=2): 0.2% > 0.1%.
    assertTrue(ChromaCheck.hasChroma(lab(1000, 2, 1.5f, 2f)));
    // exactly 0.1% is not enough
    assertFalse(ChromaCheck.hasChroma(lab(1000, 1, 1.5f, 2f)));
    // chroma exactly 2 does not count
    assertFalse(ChromaCheck.hasChroma(lab(1000, 1000, 2f, 0f)));
    assertEquals(0.5, ChromaCheck.chromaticFraction(lab(10, 5, -3f, 0f)));
  }

  @Test
  void weakButWidespreadTintCounts() {
    assertTrue(ChromaCheck.hasChroma(lab(100, 100, 0f, -2.1f)));
  }
}
