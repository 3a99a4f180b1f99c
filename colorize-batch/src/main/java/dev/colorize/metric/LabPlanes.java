package dev.colorize.metric;

import dev.colorize.image.CieLab;
import dev.colorize.image.LabImage;
import dev.colorize.image.RgbImage;

/**
 * CIE L*a*b* of an 8-bit sRGB image in double planes, for scoring: the conversion of
 * {@link CieLab#fromRgb} (same constants, products and sums, D65 as {@code skimage.color.rgb2lab})
 * without its rounding to float, written as short loops that the JIT vectorises.
 *
 * <p>{@code CieLab.fromRgb} spends most of its time in {@code Math.cbrt}, a scalar call; here the
 * cube root is a polynomial in {@code sqrt(t)} (relative error 8e-3) refined
 * by two Halley steps, which agrees with {@code Math.cbrt} to an ulp or two over the range that
 * occurs, [0.008856, 1]; the CIE threshold is applied in a second, scalar loop. Values agree with
 * {@code CieLab.rgbToLab} to 1e-12 and with {@code CieLab.fromRgb} to its float precision.
 */
final class LabPlanes {

  // CieLab's constants (IEC 61966-2-1 matrix with skimage's 6-digit coefficients, D65 white).
  private static final double XN = 0.95047;
  private static final double YN = 1.0;
  private static final double ZN = 1.08883;
  private static final double EPSILON = 0.008856;
  private static final double KAPPA_SLOPE = 7.787;
  private static final double F_OFFSET = 16.0 / 116.0;
  private static final double[][] RGB_TO_XYZ = {
    {0.412453, 0.357580, 0.180423},
    {0.212671, 0.715160, 0.072169},
    {0.019334, 0.119193, 0.950227}
  };
  /** Linear-light value of each 8-bit sRGB code. */
  private static final double[] LINEAR = new double[256];
  /** cbrt(t) ~ C0 + C1 s + ... + C5 s^5 with s = sqrt(t), on [0.008856, 1]: 8e-3 relative. */
  private static final double C0 = 0.06384384;
  private static final double C1 = 1.7065569;
  private static final double C2 = -2.01520245;
  private static final double C3 = 2.46024008;
  private static final double C4 = -1.69619998;
  private static final double C5 = 0.48098392;

  static {
    for (int i = 0; i < 256; i++) {
      double c = i / 255.0;
      LINEAR[i] = c > 0.04045 ? Math.pow((c + 0.055) / 1.055, 2.4) : c / 12.92;
    }
  }

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
    byte[] rgb = image.rgb();
    // First the linear-light values (a table lookup, not vectorisable), into the output planes.
    double[] l = new double[n];
    double[] a = new double[n];
    double[] b = new double[n];
    for (int i = 0, j = 0; i < n; i++, j += 3) {
      l[i] = LINEAR[rgb[j] & 0xFF];
      a[i] = LINEAR[rgb[j + 1] & 0xFF];
      b[i] = LINEAR[rgb[j + 2] & 0xFF];
    }
    double[] tx = new double[BLOCK];
    double[] ty = new double[BLOCK];
    double[] tz = new double[BLOCK];
    double[] root = new double[BLOCK];
    for (int start = 0; start < n; start += BLOCK) {
      int len = Math.min(BLOCK, n - start);
      toXyz(l, a, b, start, len, tx, ty, tz);
      f(tx, root, len);
      f(ty, root, len);
      f(tz, root, len);
      for (int i = 0; i < len; i++) {
        double fx = tx[i];
        double fy = ty[i];
        double fz = tz[i];
        l[start + i] = 116.0 * fy - 16.0;
        a[start + i] = 500.0 * (fx - fy);
        b[start + i] = 200.0 * (fy - fz);
      }
    }
    return new LabPlanes(image.width(), image.height(), l, a, b);
  }

  private static final int BLOCK = 512;

  /** X/Xn, Y/Yn, Z/Zn from linear R, G, B: CieLab's products and sums, in its order. */
  private static void toXyz(double[] r, double[] g, double[] b, int start, int len, double[] tx,
      double[] ty, double[] tz) {
    double m00 = RGB_TO_XYZ[0][0];
    double m01 = RGB_TO_XYZ[0][1];
    double m02 = RGB_TO_XYZ[0][2];
    double m10 = RGB_TO_XYZ[1][0];
    double m11 = RGB_TO_XYZ[1][1];
    double m12 = RGB_TO_XYZ[1][2];
    double m20 = RGB_TO_XYZ[2][0];
    double m21 = RGB_TO_XYZ[2][1];
    double m22 = RGB_TO_XYZ[2][2];
    for (int i = 0; i < len; i++) {
      double vr = r[start + i];
      double vg = g[start + i];
      double vb = b[start + i];
      tx[i] = (m00 * vr + m01 * vg + m02 * vb) / XN;
      ty[i] = (m10 * vr + m11 * vg + m12 * vb) / YN;
      tz[i] = (m20 * vr + m21 * vg + m22 * vb) / ZN;
    }
  }

  /** CIE f(t) in place: cbrt(t) above the threshold, the linear segment below. */
  private static void f(double[] t, double[] root, int len) {
    for (int i = 0; i < len; i++) { // finite for every t >= 0, exact where it is used
      double c = t[i];
      double s = Math.sqrt(c);
      double y = C0 + s * (C1 + s * (C2 + s * (C3 + s * (C4 + s * C5))));
      double y3 = y * y * y;
      y = y * (y3 + 2 * c) / (2 * y3 + c); // Halley: relative error e -> about e^3
      y3 = y * y * y;
      root[i] = y * (y3 + 2 * c) / (2 * y3 + c);
    }
    for (int i = 0; i < len; i++) {
      double v = t[i];
      t[i] = v > EPSILON ? root[i] : KAPPA_SLOPE * v + F_OFFSET;
    }
  }
}
