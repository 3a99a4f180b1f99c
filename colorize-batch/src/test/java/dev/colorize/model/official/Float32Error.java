package dev.colorize.model.official;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;

/**
 * How close colorize must come to an independent reference that computed in float32 and in
 * float64: within {@code factor} times the reference's own float32 error against its float64
 * result, plus a floor. A tolerance that scales with what float32 arithmetic can do on that
 * computation, rather than a fixed number.
 */
public final class Float32Error {

  /** The default factor. */
  public static final float FACTOR = 3f;

  private Float32Error() {}

  /**
   * {@code max|actual - t64| <= factor * max|t32 - t64| + floor}, printing both maxima.
   */
  public static void assertWithin(String what, float[] t32, float[] t64, float[] actual,
      float factor, float floor) {
    assertWithin(what, List.of(t32), t64, actual, factor, floor);
  }

  /**
   * As {@link #assertWithin(String, float[], float[], float[], float, float)} with the reference's
   * float32 error taken as the largest of several float32 implementations' (e.g. its oneDNN
   * kernels at two instruction sets): each sums in its own order, and one implementation's error
   * is a sample of what float32 does on the computation, not a bound for every correct one.
   */
  public static void assertWithin(String what, List<float[]> t32s, float[] t64, float[] actual,
      float factor, float floor) {
    assertEquals(t64.length, actual.length, what);
    float spread = 0;
    float error = 0;
    for (float[] t32 : t32s) {
      assertEquals(t64.length, t32.length, what);
      for (int k = 0; k < t32.length; k++) {
        spread = Math.max(spread, Math.abs(t32[k] - t64[k]));
      }
    }
    for (int k = 0; k < actual.length; k++) {
      error = Math.max(error, Math.abs(actual[k] - t64[k]));
    }
    System.out.printf(Locale.ROOT, "%s: max |colorize - reference f64| = %.3g, reference f32's"
        + " = %.3g%n", what, error, spread);
    assertTrue(error <= factor * spread + floor, what + ": max |colorize - reference float64| = "
        + error + ", more than " + factor + " x the reference's float32 error " + spread + " + "
        + floor);
  }

  /** {@link #assertWithin} with {@link #FACTOR}. */
  public static void assertWithin(String what, float[] t32, float[] t64, float[] actual,
      float floor) {
    assertWithin(what, t32, t64, actual, FACTOR, floor);
  }

  /** {@link #assertWithin(String, List, float[], float[], float, float)} with {@link #FACTOR}. */
  public static void assertWithin(String what, List<float[]> t32s, float[] t64, float[] actual,
      float floor) {
    assertWithin(what, t32s, t64, actual, FACTOR, floor);
  }

  /** The largest absolute value (a gradient's scale). */
  public static float scale(float[] values) {
    float max = 0;
    for (float v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }
}
