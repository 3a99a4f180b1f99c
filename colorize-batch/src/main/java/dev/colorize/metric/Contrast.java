package dev.colorize.metric;

import dev.colorize.image.CieLab;
import dev.colorize.image.LabImage;
import dev.colorize.image.RgbImage;
import java.util.Objects;

/**
 * RMS contrast: the population standard deviation of the CIE L* channel (L in 0..100), after
 * Peli, "Contrast in complex images", JOSA A 7(10), 1990, DOI 10.1364/JOSAA.7.002032 (there on
 * normalised luminance; here on L* so it is comparable with {@link Sharpness}).
 *
 * <p>Matches {@code rgb2lab(img)[..., 0].std()} (numpy, ddof=0). A flat image scores 0; half black
 * and half white scores 50.
 */
public final class Contrast {

  private Contrast() {}

  /** RMS contrast of an 8-bit sRGB image. */
  public static double of(RgbImage image) {
    Objects.requireNonNull(image, "contrast: image is null");
    return of(CieLab.fromRgb(image));
  }

  /** RMS contrast of a Lab image (only L is read). */
  public static double of(LabImage image) {
    Objects.requireNonNull(image, "contrast: image is null");
    float[] l = image.l();
    double[] values = new double[l.length];
    for (int i = 0; i < l.length; i++) {
      values[i] = l[i];
    }
    return Math.sqrt(Inputs.variance(values));
  }

  /** RMS contrast of an L plane. */
  static double ofLightness(double[] l) {
    return Math.sqrt(Inputs.variance(l));
  }
}
