package dev.colorize.image;

/**
 * When a source counts as grayscale (and so cannot be colorization ground truth).
 *
 * <p>A source is grayscale when its format declares a single luminance channel (decided from the
 * header, before decoding), or when at most {@code maxChromaticFraction} of its decoded pixels
 * are chromatic, a pixel being chromatic when {@code max(|R-G|, |G-B|) > tolerance} (so
 * {@code |R-B| <= 2 * tolerance} for neutral pixels). The defaults, tolerance 2 and fraction
 * 0.001, accept JPEG rounding noise in gray photos saved as colour but keep any image with a
 * visible coloured area of 0.1 % or more.
 *
 * @param reject               false to let grayscale sources through (no test is run)
 * @param tolerance            largest channel difference of a neutral pixel, 0..255
 * @param maxChromaticFraction largest fraction of chromatic pixels of a grayscale image, [0, 1)
 */
public record GrayscaleRule(boolean reject, int tolerance, double maxChromaticFraction) {

  /** Tolerance 2, fraction 0.001, rejecting. */
  public static final GrayscaleRule DEFAULT = new GrayscaleRule(true, 2, 0.001);
  /** Accept grayscale sources. */
  public static final GrayscaleRule OFF = new GrayscaleRule(false, 2, 0.001);

  public GrayscaleRule {
    if (tolerance < 0 || tolerance > 255) {
      throw new IllegalArgumentException("grayscale tolerance must be 0..255, got " + tolerance);
    }
    if (!(maxChromaticFraction >= 0 && maxChromaticFraction < 1)) {
      throw new IllegalArgumentException(
          "max chromatic fraction must be in [0, 1), got " + maxChromaticFraction);
    }
  }

  /** A stable text form for cache keys. */
  public String key() {
    return reject ? "reject(" + tolerance + "," + maxChromaticFraction + ")" : "accept";
  }
}
