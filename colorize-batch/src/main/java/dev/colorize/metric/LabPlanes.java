package dev.colorize.metric;

import dev.colorize.image.CieLab;
import dev.colorize.image.LabImage;
import dev.colorize.image.RgbImage;

/**
 * CIE L*a*b* of an 8-bit sRGB image in double planes, for scoring: {@link CieLab#fromRgb(RgbImage,
 * double[], double[], double[])} (D65, the constants of {@code skimage.color.rgb2lab}) without the
 * rounding to float of {@link CieLab#fromRgb(RgbImage)}.
 */
final class LabPlanes {

  final int width;
  final int height;
  final double[] l;
  final double[] a;
  final double[] b;

  private LabPlanes(int width, int height, double[] l, double[] a, double[] b) {
    this.width = width;
    this.height = height;
    this.l = l;
    this.a = a;
    this.b = b;
  }

  /** The planes of a float Lab image, widened. */
  static LabPlanes of(LabImage image) {
    int n = image.width() * image.height();
    double[] l = new double[n];
    double[] a = new double[n];
    double[] b = new double[n];
    float[] fl = image.l();
    float[] fa = image.a();
    float[] fb = image.b();
    for (int i = 0; i < n; i++) {
      l[i] = fl[i];
      a[i] = fa[i];
      b[i] = fb[i];
    }
    return new LabPlanes(image.width(), image.height(), l, a, b);
  }

  /** Converts an 8-bit sRGB image. */
  static LabPlanes of(RgbImage image) {
    int n = image.pixelCount();
    return into(image, new LabPlanes(image.width(), image.height(), new double[n], new double[n],
        new double[n]));
  }

  /**
   * Converts an 8-bit sRGB image into {@code reuse}'s arrays when they have its pixel count, else
   * into new ones. Scoring runs once per image and model: reusing a thread's planes spares 1.5 MB
   * of fresh (zeroed) memory per conversion.
   */
  static LabPlanes of(RgbImage image, LabPlanes reuse) {
    int n = image.pixelCount();
    LabPlanes planes = reuse != null && reuse.l.length == n
        ? new LabPlanes(image.width(), image.height(), reuse.l, reuse.a, reuse.b)
        : new LabPlanes(image.width(), image.height(), new double[n], new double[n],
            new double[n]);
    return into(image, planes);
  }

  private static LabPlanes into(RgbImage image, LabPlanes planes) {
    CieLab.fromRgb(image, planes.l, planes.a, planes.b);
    return planes;
  }
}
