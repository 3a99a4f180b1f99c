package dev.colorize.model.convention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ResamplingTest {

  @Test
  void openCvBilinearUsesHalfPixelCentresAndClampsAtTheBorder() {
    // 2 -> 4 columns: destination centres at source x = -0.25, 0.25, 0.75, 1.25.
    float[] out = Resampling.bilinear(new float[] {0, 8}, 2, 1, 4, 1);
    assertArrayEquals(new float[] {0, 2, 6, 8}, out, 1e-6f);
  }

  @Test
  void pillowAntialiasesWhenShrinkingAndEqualsBilinearWhenEnlarging() {
    float[] row = {0, 0, 8, 8};
    // 4 -> 2: OpenCV samples between pixel pairs (0, 8); Pillow's triangle of support 2 around
    // centre 1.0 weights pixels 0, 1, 2 by 0.75, 0.75, 0.25 (renormalised over the image):
    // 8 * 0.25 / 1.75. Values checked with PIL 9.4 Image.resize(BILINEAR) on mode F.
    assertArrayEquals(new float[] {0, 8}, Resampling.bilinear(row, 4, 1, 2, 1), 1e-6f);
    assertArrayEquals(new float[] {8 * 0.25f / 1.75f, 8 - 8 * 0.25f / 1.75f}, Resampling.pilBilinear(row, 4, 1, 2, 1), 1e-5f);
    float[] small = {1, 5, 2, 9, 4, 0};
    assertArrayEquals(Resampling.bilinear(small, 3, 2, 7, 5),
        Resampling.pilBilinear(small, 3, 2, 7, 5), 1e-5f);
  }

  @Test
  void constantsStayConstantAndSameSizeIsACopy() {
    float[] flat = Inputs.filled(35, 3.5f);
    for (Resampling.Method m : Resampling.Method.values()) {
      float[] out = Resampling.resize(m, flat, 7, 5, 13, 2);
      for (float v : out) {
        assertEquals(3.5f, v, 1e-5f);
      }
      float[] same = Resampling.resize(m, flat, 7, 5, 7, 5);
      assertArrayEquals(flat, same);
      same[0] = 0;
      assertEquals(3.5f, flat[0]);
    }
  }

  @Test
  void badSizesAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> Resampling.bilinear(new float[4], 2, 2, 0, 3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Resampling.pilBilinear(new float[5], 2, 2, 3, 3));
    assertEquals("plane has 5 values, not 2x2", e.getMessage());
  }
}
