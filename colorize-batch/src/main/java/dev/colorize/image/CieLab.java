package dev.colorize.image;

/**
 * sRGB (8-bit, IEC 61966-2-1 companding) to and from CIE L*a*b* (D65 white, 2 degree observer).
 *
 * <p>Convention: the same constants as scikit-image's {@code skimage.color.rgb2lab} and
 * {@code lab2rgb} (sRGB-to-XYZ matrix of IEC 61966-2-1 with 6-digit coefficients, white point
 * (0.95047, 1.0, 1.08883), CIE threshold 0.008856 and slope 7.787), so Lab values agree with it
 * to float precision. L is in [0, 100]; a and b are unbounded but lie in about [-128, 127] for
 * sRGB colours. Converting back clips to the sRGB gamut and rounds half up to 8 bits.
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

  static {
    for (int i = 0; i < 256; i++) {
      double c = i / 255.0;
      LINEAR[i] = c > 0.04045 ? Math.pow((c + 0.055) / 1.055, 2.4) : c / 12.92;
    }
  }

  private CieLab() {}

  /** Converts an 8-bit sRGB image to planar Lab. */
  public static LabImage fromRgb(RgbImage image) {
    int n = image.pixelCount();
    float[] l = new float[n];
    float[] a = new float[n];
    float[] b = new float[n];
    byte[] rgb = image.rgb();
    double[] lab = new double[3];
    for (int i = 0; i < n; i++) {
      rgbToLab(rgb[3 * i] & 0xFF, rgb[3 * i + 1] & 0xFF, rgb[3 * i + 2] & 0xFF, lab);
      l[i] = (float) lab[0];
      a[i] = (float) lab[1];
      b[i] = (float) lab[2];
    }
    return new LabImage(image.width(), image.height(), l, a, b);
  }

  /** Converts planar Lab to 8-bit sRGB, clipping out-of-gamut colours. */
  public static RgbImage toRgb(LabImage image) {
    int n = image.width() * image.height();
    byte[] rgb = new byte[n * 3];
    int[] out = new int[3];
    for (int i = 0; i < n; i++) {
      labToRgb(image.l()[i], image.a()[i], image.b()[i], out);
      rgb[3 * i] = (byte) out[0];
      rgb[3 * i + 1] = (byte) out[1];
      rgb[3 * i + 2] = (byte) out[2];
    }
    return new RgbImage(image.width(), image.height(), rgb);
  }

  /** One 8-bit sRGB colour to Lab; {@code out} receives L, a, b. */
  public static void rgbToLab(int r, int g, int b, double[] out) {
    double rl = LINEAR[r];
    double gl = LINEAR[g];
    double bl = LINEAR[b];
    double x = (RGB_TO_XYZ[0][0] * rl + RGB_TO_XYZ[0][1] * gl + RGB_TO_XYZ[0][2] * bl) / XN;
    double y = (RGB_TO_XYZ[1][0] * rl + RGB_TO_XYZ[1][1] * gl + RGB_TO_XYZ[1][2] * bl) / YN;
    double z = (RGB_TO_XYZ[2][0] * rl + RGB_TO_XYZ[2][1] * gl + RGB_TO_XYZ[2][2] * bl) / ZN;
    double fx = f(x);
    double fy = f(y);
    double fz = f(z);
    out[0] = 116.0 * fy - 16.0;
    out[1] = 500.0 * (fx - fy);
    out[2] = 200.0 * (fy - fz);
  }

  /** One Lab colour to 8-bit sRGB (clipped, rounded); {@code out} receives R, G, B. */
  public static void labToRgb(double l, double a, double b, int[] out) {
    double fy = (l + 16.0) / 116.0;
    double fx = fy + a / 500.0;
    double fz = fy - b / 200.0;
    if (fz < 0) {
      fz = 0; // skimage clips negative z before inverting
    }
    double x = fInverse(fx) * XN;
    double y = fInverse(fy) * YN;
    double z = fInverse(fz) * ZN;
    for (int c = 0; c < 3; c++) {
      double lin = XYZ_TO_RGB[c][0] * x + XYZ_TO_RGB[c][1] * y + XYZ_TO_RGB[c][2] * z;
      double v = lin > 0.0031308 ? 1.055 * Math.pow(lin, 1 / 2.4) - 0.055 : 12.92 * lin;
      out[c] = (int) Math.floor(Math.min(1.0, Math.max(0.0, v)) * 255.0 + 0.5);
    }
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
