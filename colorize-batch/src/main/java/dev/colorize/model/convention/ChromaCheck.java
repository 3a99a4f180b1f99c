package dev.colorize.model.convention;

import dev.colorize.image.LabImage;

/**
 * Detects a model that "returned no colour": DeOldify silently returns its gray input on a CUDA
 * out-of-memory error, InstColor with unloaded weights predicts zero chroma. Such an output must
 * be flagged, never scored as a colorization.
 *
 * <p>Rule: a pixel is chromatic when its chroma {@code sqrt(a^2 + b^2)} exceeds
 * {@value #CHROMA_THRESHOLD} (about the just-noticeable CIE76 difference, and above the rounding
 * noise of an 8-bit gray image, whose chroma is below 0.01); the image has chroma when more than
 * {@value #MIN_FRACTION} (0.1%) of its pixels are chromatic.
 */
public final class ChromaCheck {

  /** Chroma (CIE a*b* units) above which a pixel counts as coloured. */
  public static final double CHROMA_THRESHOLD = 2.0;
  /** Fraction of coloured pixels above which the image counts as colourised. */
  public static final double MIN_FRACTION = 0.001;

  private ChromaCheck() {}

  /** Fraction of pixels whose chroma exceeds {@link #CHROMA_THRESHOLD}. */
  public static double chromaticFraction(LabImage image) {
    float[] a = image.a();
    float[] b = image.b();
    double limit = CHROMA_THRESHOLD * CHROMA_THRESHOLD;
    long count = 0;
    for (int i = 0; i < a.length; i++) {
      double c2 = (double) a[i] * a[i] + (double) b[i] * b[i];
      if (c2 > limit) {
        count++;
      }
    }
    return (double) count / a.length;
  }

  /** True when the image carries colour; false flags a model that returned (near) gray. */
  public static boolean hasChroma(LabImage image) {
    return chromaticFraction(image) > MIN_FRACTION;
  }
}
