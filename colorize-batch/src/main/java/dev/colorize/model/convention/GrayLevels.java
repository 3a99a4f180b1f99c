package dev.colorize.model.convention;

import dev.colorize.image.CieLab;

/**
 * The 8-bit sRGB gray value of a lightness (a = b = 0), exactly as
 * {@code CieLab.labToRgb(L, 0, 0)} rounds it, but by a binary search in 255 precomputed
 * thresholds instead of three {@code pow} calls per pixel (DeOldify converts every pixel twice).
 * The gray value is non-decreasing in L, so the thresholds are the smallest floats reaching each
 * level.
 */
public final class GrayLevels {

  /** {@code THRESHOLDS[k - 1]}: the smallest float L whose gray value is at least k. */
  private static final float[] THRESHOLDS = new float[255];

  static {
    for (int k = 1; k <= 255; k++) {
      THRESHOLDS[k - 1] = smallestReaching(k);
    }
  }

  private GrayLevels() {}

  /** The gray value {@code CieLab.labToRgb} gives for {@code (l, 0, 0)}, green channel. */
  public static int gray(float l) {
    int lo = 0;
    int hi = THRESHOLDS.length;
    while (lo < hi) { // count thresholds <= l
      int mid = (lo + hi) >>> 1;
      if (THRESHOLDS[mid] <= l) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Reference: the rounding of {@link CieLab#labToRgb}. */
  static int direct(float l) {
    int[] rgb = new int[3];
    CieLab.labToRgb(l, 0, 0, rgb);
    return rgb[1];
  }

  private static float smallestReaching(int level) {
    // Bisection over the ordered bit patterns of non-negative floats in [0, 200].
    int lo = Float.floatToIntBits(0f);
    int hi = Float.floatToIntBits(200f);
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (direct(Float.intBitsToFloat(mid)) >= level) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return Float.intBitsToFloat(lo);
  }
}
