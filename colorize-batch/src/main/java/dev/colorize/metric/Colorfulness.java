package dev.colorize.metric;

import dev.colorize.image.RgbImage;
import java.util.Objects;

/**
 * Colourfulness metric M of Hasler and Suesstrunk, "Measuring colourfulness in natural images",
 * Proc. SPIE 5007, Human Vision and Electronic Imaging VIII, 2003, DOI 10.1117/12.477378.
 *
 * <p>Convention, as colorization papers compute it (DDColor's {@code colorfulness.py}, after the
 * pyimagesearch recipe): directly on the 8-bit sRGB values, no linearisation,
 * {@code rg = |R - G|}, {@code yb = |0.5 (R + G) - B|},
 * {@code M = sqrt(sd_rg^2 + sd_yb^2) + 0.3 sqrt(mean_rg^2 + mean_yb^2)} with population standard
 * deviations ({@code numpy.std}). Note the absolute values: the paper uses signed opponent
 * components; the papers this tool compares against do not. A gray image scores exactly 0; pure
 * saturated primaries score near 200.
 */
public final class Colorfulness {

  private Colorfulness() {}

  /** The colourfulness M of one image. */
  public static double of(RgbImage image) {
    Objects.requireNonNull(image, "colorfulness: image is null");
    byte[] rgb = image.rgb();
    int n = image.pixelCount();
    // rg = |R - G| and 2 yb = |R + G - 2B| are integers: one pass of exact integer sums and sums
    // of squares gives the means and the population variances (n var = sum x^2 - (sum x)^2 / n;
    // the cancellation costs about 1e-16 mean^2, below 1e-11 absolute, against numpy's two passes).
    long sumRg = 0;
    long sumYb2 = 0;
    long squaresRg = 0;
    long squaresYb2 = 0;
    for (int i = 0; i < rgb.length; i += 3) {
      int r = rgb[i] & 0xFF;
      int g = rgb[i + 1] & 0xFF;
      int b = rgb[i + 2] & 0xFF;
      int rg = Math.abs(r - g);
      int yb2 = Math.abs(r + g - 2 * b);
      sumRg += rg;
      sumYb2 += yb2;
      squaresRg += rg * rg;
      squaresYb2 += yb2 * yb2;
    }
    double meanRg = (double) sumRg / n;
    double meanYb = 0.5 * sumYb2 / n;
    double sqRg = squaresRg - (double) sumRg * sumRg / n;
    double sqYb = 0.25 * (squaresYb2 - (double) sumYb2 * sumYb2 / n);
    double stdRoot = Math.sqrt(sqRg / n + sqYb / n);
    double meanRoot = Math.sqrt(meanRg * meanRg + meanYb * meanYb);
    return stdRoot + 0.3 * meanRoot;
  }
}
