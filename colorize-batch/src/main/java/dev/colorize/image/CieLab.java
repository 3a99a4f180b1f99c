package dev.colorize.image;

/**
 * sRGB (8-bit, IEC 61966-2-1 companding) to and from CIE L*a*b* (D65 white, 2 degree observer).
 *
 * <p>Convention: the same constants as scikit-image's {@code skimage.color.rgb2lab} and
 * {@code lab2rgb} (sRGB-to-XYZ matrix of IEC 61966-2-1 with 6-digit coefficients, white point
 * (0.95047, 1.0, 1.08883), CIE threshold 0.008856 and slope 7.787), so Lab values agree with it
 * to float precision. L is in [0, 100]; a and b are unbounded but lie in about [-128, 127] for
 * sRGB colours. Converting back clips to the sRGB gamut and rounds half up to 8 bits.
 *
 * <p>Speed (images are converted several times per scored sample): {@link #fromRgb} works in
 * blocks of short loops that the JIT vectorises, with the cube root as a polynomial in
 * {@code sqrt(t)} (relative error 8e-3) refined by two Halley steps, which agrees with
 * {@code Math.cbrt} (a scalar call, most of the time of a plain loop) to an ulp or two over the
 * range where it is used, [0.008856, 1]. The companding back to 8 bits is a table of the 255
 * linear-light thresholds where the rounded code changes, found once by bisection with the exact
 * formula, so {@link #toRgb} needs no {@code pow}. Its divisions by 116, 500 and 200 are
 * multiplications by the reciprocals (a scalar division costs a third of the conversion): values
 * within an ulp of skimage's, which moves an 8-bit code only at an exact rounding tie (none among
 * the 180,000 codes of {@code CieLabTest}'s random colours).
 */
public final class CieLab {

  private static final double XN = 0.95047;
  private static final double YN = 1.0;
  private static final double ZN = 1.08883;
  private static final double EPSILON = 0.008856;
  private static final double KAPPA_SLOPE = 7.787;
  private static final double F_OFFSET = 16.0 / 116.0;

  // sRGB (linear) -> XYZ, IEC 61966-2-1 as used by skimage.
  private static final double[][] RGB_TO_XYZ = {
    {0.412453, 0.357580, 0.180423},
    {0.212671, 0.715160, 0.072169},
    {0.019334, 0.119193, 0.950227}
  };
  private static final double[][] XYZ_TO_RGB = invert3(RGB_TO_XYZ);

  /** Linear-light value of each 8-bit sRGB code, so decoding costs a table lookup. */
  private static final double[] LINEAR = new double[256];

  /**
   * Encoding back to 8 bits: {@code THRESHOLD[k]} is the smallest linear value that
   * {@link #encode8Exact} maps to {@code k} or more (k = 1..255), and {@code GRID_START[i]} the
   * code of linear value {@code i / GRID}. A lookup then needs at most a step or two up the
   * thresholds, and gives exactly {@code encode8Exact}'s result without calling {@code pow}.
   */
  private static final double[] THRESHOLD = new double[257];
  private static final int GRID = 4096;
  private static final byte[] GRID_START = new byte[GRID + 1];

  static {
    for (int i = 0; i < 256; i++) {
      double c = i / 255.0;
      LINEAR[i] = c > 0.04045 ? Math.pow((c + 0.055) / 1.055, 2.4) : c / 12.92;
    }
    THRESHOLD[0] = Double.NEGATIVE_INFINITY;
    THRESHOLD[256] = Double.POSITIVE_INFINITY;
    for (int k = 1; k < 256; k++) {
      THRESHOLD[k] = smallestLinearFor(k);
    }
    int code = 0;
    for (int i = 0; i <= GRID; i++) {
      double lin = (double) i / GRID;
      while (lin >= THRESHOLD[code + 1]) {
        code++;
      }
      GRID_START[i] = (byte) code;
    }
  }

  private CieLab() {}

  /** Converts an 8-bit sRGB image to planar Lab. */
  public static LabImage fromRgb(RgbImage image) {
    int n = image.pixelCount();
    float[] l = new float[n];
    float[] a = new float[n];
    float[] b = new float[n];
    double[] bl = new double[BLOCK];
    double[] ba = new double[BLOCK];
    double[] bb = new double[BLOCK];
    double[][] scratch = blockScratch();
    for (int start = 0; start < n; start += BLOCK) {
      int len = Math.min(BLOCK, n - start);
      toLab(image.rgb(), start, len, bl, ba, bb, 0, scratch);
      for (int i = 0; i < len; i++) {
        l[start + i] = (float) bl[i];
        a[start + i] = (float) ba[i];
        b[start + i] = (float) bb[i];
      }
    }
    return new LabImage(image.width(), image.height(), l, a, b);
  }

  /**
   * Converts an 8-bit sRGB image to Lab in double precision (no rounding to float), into the
   * caller's planes of at least {@code image.pixelCount()} values; what the metrics use. Agrees
   * with {@link #rgbToLab} to 1e-12 and with {@link #fromRgb(RgbImage)} to float precision.
   */
  public static void fromRgb(RgbImage image, double[] l, double[] a, double[] b) {
    int n = image.pixelCount();
    double[][] scratch = blockScratch();
    for (int start = 0; start < n; start += BLOCK) {
      toLab(image.rgb(), start, Math.min(BLOCK, n - start), l, a, b, start, scratch);
    }
  }

  /** Pixels per block of the vectorised conversion: its scratch stays in the L1 cache. */
  private static final int BLOCK = 512;

  private static double[][] blockScratch() {
    return new double[4][BLOCK];
  }

  /**
   * Pixels {@code start .. start + len} of {@code rgb} to Lab at {@code l/a/b[offset ..]}: the
   * products and sums of {@link #rgbToLab} in its order, then f(t) by {@link #f(double[], double[],
   * int)}.
   */
  private static void toLab(byte[] rgb, int start, int len, double[] l, double[] a, double[] b,
      int offset, double[][] scratch) {
    double[] tx = scratch[0];
    double[] ty = scratch[1];
    double[] tz = scratch[2];
    // The table lookups alone (not vectorisable), then the matrix in a loop that is, with the
    // products and sums of rgbToLab in its order, so the values equal its.
    for (int i = 0, j = start * 3; i < len; i++, j += 3) {
      tx[i] = LINEAR[rgb[j] & 0xFF];
      ty[i] = LINEAR[rgb[j + 1] & 0xFF];
      tz[i] = LINEAR[rgb[j + 2] & 0xFF];
    }
    double m00 = RGB_TO_XYZ[0][0], m01 = RGB_TO_XYZ[0][1], m02 = RGB_TO_XYZ[0][2];
    double m10 = RGB_TO_XYZ[1][0], m11 = RGB_TO_XYZ[1][1], m12 = RGB_TO_XYZ[1][2];
    double m20 = RGB_TO_XYZ[2][0], m21 = RGB_TO_XYZ[2][1], m22 = RGB_TO_XYZ[2][2];
    for (int i = 0; i < len; i++) {
      double r = tx[i];
      double g = ty[i];
      double bl = tz[i];
      tx[i] = (m00 * r + m01 * g + m02 * bl) / XN;
      ty[i] = (m10 * r + m11 * g + m12 * bl) / YN;
      tz[i] = (m20 * r + m21 * g + m22 * bl) / ZN;
    }
    double[] root = scratch[3];
    f(tx, root, len);
    f(ty, root, len);
    f(tz, root, len);
    for (int i = 0; i < len; i++) {
      double fx = tx[i];
      double fy = ty[i];
      double fz = tz[i];
      l[offset + i] = 116.0 * fy - 16.0;
      a[offset + i] = 500.0 * (fx - fy);
      b[offset + i] = 200.0 * (fy - fz);
    }
  }

  /** cbrt(t) ~ C0 + C1 s + ... + C5 s^5 with s = sqrt(t), on [0.008856, 1]: 8e-3 relative. */
  private static final double C0 = 0.06384384;
  private static final double C1 = 1.7065569;
  private static final double C2 = -2.01520245;
  private static final double C3 = 2.46024008;
  private static final double C4 = -1.69619998;
  private static final double C5 = 0.48098392;

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

  /** Converts planar Lab to 8-bit sRGB, clipping out-of-gamut colours. */
  public static RgbImage toRgb(LabImage image) {
    int n = image.width() * image.height();
    byte[] rgb = new byte[n * 3];
    double[][] linear = blockScratch();
    for (int start = 0; start < n; start += BLOCK) {
      int len = Math.min(BLOCK, n - start);
      toLinearRgb(image, start, len, linear[0], linear[1], linear[2]);
      double[] r = linear[0];
      double[] g = linear[1];
      double[] b = linear[2];
      for (int i = 0, j = start * 3; i < len; i++, j += 3) { // table lookups, scalar
        rgb[j] = (byte) encode8(r[i]);
        rgb[j + 1] = (byte) encode8(g[i]);
        rgb[j + 2] = (byte) encode8(b[i]);
      }
    }
    return new RgbImage(image.width(), image.height(), rgb);
  }

  /**
   * Linear-light R, G, B of pixels {@code start .. start + len} (before clipping): the arithmetic
   * of {@link #labToRgb} in its order, as a loop the JIT vectorises.
   */
  private static void toLinearRgb(LabImage image, int start, int len, double[] r, double[] g,
      double[] b) {
    float[] ls = image.l();
    float[] as = image.a();
    float[] bs = image.b();
    double[] m0 = XYZ_TO_RGB[0];
    double[] m1 = XYZ_TO_RGB[1];
    double[] m2 = XYZ_TO_RGB[2];
    double m00 = m0[0], m01 = m0[1], m02 = m0[2];
    double m10 = m1[0], m11 = m1[1], m12 = m1[2];
    double m20 = m2[0], m21 = m2[1], m22 = m2[2];
    // fx, fy, fz; then f^-1 of each in place; then the matrix, each in its own short loop.
    for (int i = 0; i < len; i++) {
      double fy = (ls[start + i] + 16.0) * (1 / 116.0);
      r[i] = fy + as[start + i] * (1 / 500.0);
      g[i] = fy;
      b[i] = Math.max(0, fy - bs[start + i] * (1 / 200.0)); // skimage clips negative z
    }
    fInverse(r, len, XN);
    fInverse(g, len, YN);
    fInverse(b, len, ZN);
    for (int i = 0; i < len; i++) {
      double x = r[i];
      double y = g[i];
      double z = b[i];
      r[i] = m00 * x + m01 * y + m02 * z;
      g[i] = m10 * x + m11 * y + m12 * z;
      b[i] = m20 * x + m21 * y + m22 * z;
    }
  }

  /** {@code t[i] = fInverse(t[i]) * white} for the first {@code len} values. */
  private static void fInverse(double[] t, int len, double white) {
    for (int i = 0; i < len; i++) {
      double f = t[i];
      double cube = f * f * f;
      t[i] = (cube > EPSILON ? cube : (f - F_OFFSET) / KAPPA_SLOPE) * white;
    }
  }

  /** One 8-bit sRGB colour to Lab; {@code out} receives L, a, b. */
  public static void rgbToLab(int r, int g, int b, double[] out) {
    double lr = LINEAR[r];
    double lg = LINEAR[g];
    double lb = LINEAR[b];
    double[] m0 = RGB_TO_XYZ[0];
    double[] m1 = RGB_TO_XYZ[1];
    double[] m2 = RGB_TO_XYZ[2];
    double fx = f((m0[0] * lr + m0[1] * lg + m0[2] * lb) / XN);
    double fy = f((m1[0] * lr + m1[1] * lg + m1[2] * lb) / YN);
    double fz = f((m2[0] * lr + m2[1] * lg + m2[2] * lb) / ZN);
    out[0] = 116.0 * fy - 16.0;
    out[1] = 500.0 * (fx - fy);
    out[2] = 200.0 * (fy - fz);
  }

  /** One Lab colour to 8-bit sRGB (clipped, rounded); {@code out} receives R, G, B. */
  public static void labToRgb(double l, double a, double b, int[] out) {
    double fy = (l + 16.0) * (1 / 116.0);
    double fx = fy + a * (1 / 500.0);
    double fz = fy - b * (1 / 200.0);
    if (fz < 0) {
      fz = 0; // skimage clips negative z before inverting
    }
    double x = fInverse(fx) * XN;
    double y = fInverse(fy) * YN;
    double z = fInverse(fz) * ZN;
    for (int c = 0; c < 3; c++) {
      out[c] = encode8(XYZ_TO_RGB[c][0] * x + XYZ_TO_RGB[c][1] * y + XYZ_TO_RGB[c][2] * z);
    }
  }

  /** {@link #encode8Exact} by table: the grid's code, stepped up past any threshold in the cell. */
  static int encode8(double lin) {
    if (!(lin > 0)) {
      return 0; // also NaN, as encode8Exact
    }
    if (lin >= 1.0) {
      return 255;
    }
    int code = GRID_START[(int) (lin * GRID)] & 0xFF;
    while (lin >= THRESHOLD[code + 1]) {
      code++;
    }
    return code;
  }

  /**
   * Linear light to an 8-bit sRGB code: IEC 61966-2-1 companding, clipped to [0, 1], rounded half
   * up, as skimage's {@code lab2rgb} followed by {@code * 255 + 0.5} truncation.
   */
  static int encode8Exact(double lin) {
    double v = lin > 0.0031308 ? 1.055 * Math.pow(lin, 1 / 2.4) - 0.055 : 12.92 * lin;
    return (int) Math.floor(Math.min(1.0, Math.max(0.0, v)) * 255.0 + 0.5);
  }

  /** Bisection over the ordered bit patterns of [0, 1]: the least lin with code >= k. */
  private static double smallestLinearFor(int k) {
    long low = Double.doubleToRawLongBits(0.0); // encode8Exact(low) < k
    long high = Double.doubleToRawLongBits(1.0); // encode8Exact(high) >= k
    while (high - low > 1) {
      long mid = low + (high - low) / 2;
      if (encode8Exact(Double.longBitsToDouble(mid)) >= k) {
        high = mid;
      } else {
        low = mid;
      }
    }
    return Double.longBitsToDouble(high);
  }

  private static double f(double t) {
    return t > EPSILON ? Math.cbrt(t) : KAPPA_SLOPE * t + F_OFFSET;
  }

  private static double fInverse(double f) {
    double cube = f * f * f;
    return cube > EPSILON ? cube : (f - F_OFFSET) / KAPPA_SLOPE;
  }

  private static double[][] invert3(double[][] m) {
    double a = m[0][0], b = m[0][1], c = m[0][2];
    double d = m[1][0], e = m[1][1], f = m[1][2];
    double g = m[2][0], h = m[2][1], i = m[2][2];
    double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
    return new double[][] {
      {(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det},
      {(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det},
      {(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det}
    };
  }
}
