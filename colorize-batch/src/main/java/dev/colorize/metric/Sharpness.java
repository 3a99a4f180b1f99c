package dev.colorize.metric;

import dev.colorize.image.CieLab;
import dev.colorize.image.LabImage;
import dev.colorize.image.RgbImage;
import java.util.Objects;

/**
 * Sharpness as the variance of the Laplacian of the CIE L* channel (L in 0..100), the usual
 * focus measure of Pech-Pacheco et al., "Diatom autofocusing in brightfield microscopy: a
 * comparative study", ICPR 2000, DOI 10.1109/ICPR.2000.903548, applied to lightness.
 *
 * <p>Convention: L* from {@link CieLab#fromRgb} (D65, as {@code skimage.color.rgb2lab}); 4-neighbour
 * Laplacian {@code L[y-1][x] + L[y+1][x] + L[y][x-1] + L[y][x+1] - 4 L[y][x]} with half-sample
 * symmetric ("reflect") borders; population variance. Matches
 * {@code scipy.ndimage.laplace(rgb2lab(img)[..., 0], mode='reflect').var()}. It is not OpenCV's
 * {@code cv2.Laplacian(gray, CV_64F).var()} on 8-bit gray (different scale, border and input).
 * Higher means more high-frequency detail; the units are (L units)^2.
 */
public final class Sharpness {

  private Sharpness() {}

  /** Sharpness of an 8-bit sRGB image. */
  public static double of(RgbImage image) {
    Objects.requireNonNull(image, "sharpness: image is null");
    return of(CieLab.fromRgb(image));
  }

  /** Sharpness of a Lab image (only L is read), for callers that already converted it. */
  public static double of(LabImage image) {
    Objects.requireNonNull(image, "sharpness: image is null");
    float[] l = image.l();
    double[] wide = new double[l.length];
    for (int i = 0; i < l.length; i++) {
      wide[i] = l[i];
    }
    return ofLightness(wide, image.width(), image.height());
  }

  /** Each thread's Laplacian plane, every value written before it is read: no fresh 512 KB. */
  private static final ThreadLocal<double[]> LAPLACIAN =
      ThreadLocal.withInitial(() -> new double[0]);

  /** Sharpness of a row-major L plane of {@code w x h}. */
  static double ofLightness(double[] l, int w, int h) {
    double[] lap = LAPLACIAN.get();
    if (lap.length != w * h) {
      lap = new double[w * h];
      LAPLACIAN.set(lap);
    }
    for (int y = 0; y < h; y++) {
      int up = (y == 0 ? 0 : y - 1) * w;
      int down = (y == h - 1 ? h - 1 : y + 1) * w;
      int row = y * w;
      for (int x = 0; x < w; x++) {
        int left = x == 0 ? 0 : x - 1;
        int right = x == w - 1 ? w - 1 : x + 1;
        double c = l[row + x];
        double d2y = l[up + x] - 2 * c + l[down + x];
        double d2x = l[row + left] - 2 * c + l[row + right];
        lap[row + x] = d2y + d2x;
      }
    }
    return Inputs.variance(lap);
  }
}
