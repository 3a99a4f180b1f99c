package dev.colorize.metric;

import dev.colorize.image.CieLab;
import dev.colorize.image.LabImage;
import dev.colorize.image.RgbImage;

/**
 * CIEDE2000 colour difference (CIE 142-2001), as specified and tested by Sharma, Wu and Dalal,
 * "The CIEDE2000 color-difference formula: implementation notes, supplementary test data, and
 * mathematical observations", Color Res. Appl. 30(1), 2005, DOI 10.1002/col.20070.
 *
 * <p>Convention: parametric factors kL = kC = kH = 1; hue angles in [0, 2pi); when either chroma
 * is zero the hue difference is 0 and the mean hue is the plain sum. Same operations, in the same
 * order, as {@code skimage.color.deltaE_ciede2000(lab1, lab2)}, except that for speed the
 * trigonometry is replaced by equal vector algebra (about 1e-15 relative): with u1, u2 the unit
 * hue vectors, the hue difference term {@code 2 sqrt(C1'C2') sin(dh/2)} is
 * {@code sqrt(C1'C2') |u1 - u2|} signed by their cross product, the mean hue as the direction of the sum of the two unit hue vectors (one
 * arctangent), the four cosines of T from its cosine and sine by multiple-angle identities; chroma
 * uses {@code sqrt(a^2 + b^2)}, seventh powers are products. An image score is
 * {@code deltaE_ciede2000(rgb2lab(truth), rgb2lab(pred)).mean()}, with Lab from {@link CieLab}.
 * At a hue difference of exactly 180 degrees the formula is discontinuous (Sharma's pair 10:
 * 7.1792 in exact arithmetic, 7.2195 in scikit-image's floating point); such pairs may land on
 * either side.
 */
public final class DeltaE2000 {

  private static final double TWO_PI = 2 * Math.PI;
  private static final double POW25_7 = Math.pow(25, 7);
  private static final double DEG30 = Math.toRadians(30);
  private static final double DEG6 = Math.toRadians(6);
  private static final double DEG63 = Math.toRadians(63);
  private static final double COS30 = Math.cos(DEG30);
  private static final double SIN30 = Math.sin(DEG30);
  private static final double COS6 = Math.cos(DEG6);
  private static final double SIN6 = Math.sin(DEG6);
  private static final double COS63 = Math.cos(DEG63);
  private static final double SIN63 = Math.sin(DEG63);
  private static final double DEGREES_PER_RADIAN = 180.0 / Math.PI;

  private DeltaE2000() {}

  /**
   * CIEDE2000 between a reference colour (l1, a1, b1) and a sample (l2, a2, b2); never negative.
   */
  public static double difference(double l1, double a1, double b1, double l2, double a2,
      double b2) {
    double cbar = 0.5 * (Math.sqrt(a1 * a1 + b1 * b1) + Math.sqrt(a2 * a2 + b2 * b2));
    double c7 = pow7(cbar);
    double g = 0.5 * (1 - Math.sqrt(c7 / (c7 + POW25_7)));
    double scale = 1 + g;
    double ap1 = a1 * scale;
    double ap2 = a2 * scale;
    double cp1 = Math.sqrt(ap1 * ap1 + b1 * b1);
    double cp2 = Math.sqrt(ap2 * ap2 + b2 * b2);

    double lbar = 0.5 * (l1 + l2);
    double tmp = (lbar - 50) * (lbar - 50);
    double sl = 1 + 0.015 * tmp / Math.sqrt(20 + tmp);
    double lTerm = (l2 - l1) / sl;

    double cpbar = 0.5 * (cp1 + cp2);
    double sc = 1 + 0.045 * cpbar;
    double cTerm = (cp2 - cp1) / sc;

    double cc = cp1 * cp2;
    double dhTerm;
    double hbar;
    double cos1;
    double sin1;
    if (cc == 0) {
      // No hue difference; the mean hue is the sum (one angle is that of a zero vector).
      dhTerm = 0;
      hbar = hueAngle(ap1, b1) + hueAngle(ap2, b2);
      cos1 = Math.cos(hbar);
      sin1 = Math.sin(hbar);
    } else {
      // Unit hue vectors u1, u2. dH' = 2 sqrt(C1'C2') sin(dh'/2) with dh' the hue difference
      // wrapped to [-pi, pi]: |u1 - u2| = 2 |sin(dh'/2)| and the sign is that of sin(h2 - h1),
      // the cross product. (No cancellation: identical colours give exactly 0.)
      double inv = 1 / cc; // one division for both: 1/C1' = C2'/(C1'C2')
      double inv1 = cp2 * inv;
      double inv2 = cp1 * inv;
      double u1x = ap1 * inv1;
      double u1y = b1 * inv1;
      double u2x = ap2 * inv2;
      double u2y = b2 * inv2;
      double dx = u1x - u2x;
      double dy = u1y - u2y;
      dhTerm = Math.copySign(Math.sqrt(cc * (dx * dx + dy * dy)), u1x * u2y - u1y * u2x);
      // The mean hue (with CIEDE2000's wrap rules) bisects the shorter arc between the two hues:
      // the direction of u1 + u2.
      double ux = u1x + u2x;
      double uy = u1y + u2y;
      double norm = Math.sqrt(ux * ux + uy * uy);
      if (norm > 0) {
        hbar = hueAngle(ux, uy);
        double invNorm = 1 / norm;
        cos1 = ux * invNorm;
        sin1 = uy * invNorm;
      } else { // opposite hues: the formula's discontinuity; take the mean of the two angles
        hbar = 0.5 * (hueAngle(ap1, b1) + hueAngle(ap2, b2));
        cos1 = Math.cos(hbar);
        sin1 = Math.sin(hbar);
      }
    }

    // T = 1 - 0.17 cos(h - 30) + 0.24 cos(2h) + 0.32 cos(3h + 6) - 0.20 cos(4h - 63), with the
    // multiple angles from the mean hue's cosine and sine.
    double cos2 = 2 * cos1 * cos1 - 1;
    double sin2 = 2 * sin1 * cos1;
    double cos3 = cos1 * (2 * cos2 - 1);
    double sin3 = sin1 * (2 * cos2 + 1);
    double cos4 = 2 * cos2 * cos2 - 1;
    double sin4 = 2 * sin2 * cos2;
    double t = 1
        - 0.17 * (cos1 * COS30 + sin1 * SIN30)
        + 0.24 * cos2
        + 0.32 * (cos3 * COS6 - sin3 * SIN6)
        - 0.20 * (cos4 * COS63 + sin4 * SIN63);
    double sh = 1 + 0.015 * cpbar * t;
    double hTerm = dhTerm / sh;

    double cp7 = pow7(cpbar);
    double rc = 2 * Math.sqrt(cp7 / (cp7 + POW25_7));
    double z = (hbar * DEGREES_PER_RADIAN - 275) * 0.04; // / 25
    double dtheta = DEG30 * Math.exp(-(z * z));
    double rTerm = -Math.sin(2 * dtheta) * rc * cTerm * hTerm;

    double de2 = lTerm * lTerm + cTerm * cTerm + hTerm * hTerm + rTerm;
    return Math.sqrt(Math.max(de2, 0));
  }

  private static double pow7(double x) {
    double x2 = x * x;
    return x2 * x2 * x2 * x;
  }

  /**
   * Mean CIEDE2000 over all pixels, truth as the reference colour.
   *
   * @throws MetricInputException if the images differ in size
   */
  public static double mean(RgbImage pred, RgbImage truth) {
    Inputs.requireSameSize("CIEDE2000", pred, truth);
    return mean(CieLab.fromRgb(pred), CieLab.fromRgb(truth));
  }

  /**
   * Mean CIEDE2000 over all pixels of two Lab images, truth as the reference colour.
   *
   * @throws MetricInputException if the images differ in size
   */
  public static double mean(LabImage pred, LabImage truth) {
    Inputs.requireSameSize("CIEDE2000", pred, truth);
    float[] l1 = truth.l();
    float[] a1 = truth.a();
    float[] b1 = truth.b();
    float[] l2 = pred.l();
    float[] a2 = pred.a();
    float[] b2 = pred.b();
    double sum = 0;
    for (int i = 0; i < l1.length; i++) {
      sum += difference(l1[i], a1[i], b1[i], l2[i], a2[i], b2[i]);
    }
    return sum / l1.length;
  }

  /** Polar angle in [0, 2pi), as skimage's _cart2polar_2pi. */
  static double hueAngle(double a, double b) {
    double h = atan2(b, a);
    return h < 0 ? h + TWO_PI : h;
  }

  /**
   * {@code Math.atan2} to within a few ulps, several times faster on JDK 17 (where it is a native
   * call): quadrant reduction around {@link #atan}. Zeros, NaN and infinities go by the
   * {@code Math.atan2} rules.
   */
  static double atan2(double y, double x) {
    if (x == 0 && y == 0) {
      return 1 / x > 0 ? y : Math.copySign(Math.PI, y); // atan2(+-0, +0) = +-0, (+-0, -0) = +-pi
    }
    if (!(Math.abs(x) < Double.POSITIVE_INFINITY && Math.abs(y) < Double.POSITIVE_INFINITY)) {
      return Math.atan2(y, x);
    }
    if (x == 0) {
      return Math.copySign(HALF_PI, y);
    }
    double t = atan(Math.abs(y / x));
    if (x < 0) {
      t = (Math.PI - t) + PI_LO; // pi - t, keeping pi's low-order part
    }
    return Math.copySign(t, y);
  }

  private static final double HALF_PI = Math.PI / 2;
  /** Math.PI's rounding error: pi = Math.PI + PI_LO. */
  private static final double PI_LO = 1.2246467991473532e-16;
  private static final double[] ATAN_HI = {
    4.63647609000806093515e-01, 7.85398163397448278999e-01,
    9.82793723247329054082e-01, 1.57079632679489655800e+00};
  private static final double[] ATAN_LO = {
    2.26987774529616870924e-17, 3.06161699786838301793e-17,
    1.39033110312309984516e-17, 6.12323399573676603587e-17};
  private static final double[] AT = {
    3.33333333333329318027e-01, -1.99999999998764832476e-01, 1.42857142725034663711e-01,
    -1.11111104054623557880e-01, 9.09088713343650656196e-02, -7.69187620504482999495e-02,
    6.66107313738753120669e-02, -5.83357013379057348645e-02, 4.97687799461593236017e-02,
    -3.65315727442169155270e-02, 1.62858201153657823623e-02};

  /**
   * Arctangent of a finite {@code x >= 0}, by the argument reduction and polynomial of fdlibm's
   * {@code s_atan.c} (Sun Microsystems, 1993; error below 1 ulp).
   */
  private static double atan(double x) {
    if (x >= 0x1p66) {
      return HALF_PI;
    }
    int id;
    if (x < 0.4375) {
      id = -1;
    } else if (x < 0.6875) {
      id = 0;
      x = (2.0 * x - 1.0) / (2.0 + x);
    } else if (x < 1.1875) {
      id = 1;
      x = (x - 1.0) / (x + 1.0);
    } else if (x < 2.4375) {
      id = 2;
      x = (x - 1.5) / (1.0 + 1.5 * x);
    } else {
      id = 3;
      x = -1.0 / x;
    }
    double z = x * x;
    double w = z * z;
    double s1 = z * (AT[0] + w * (AT[2] + w * (AT[4] + w * (AT[6] + w * (AT[8] + w * AT[10])))));
    double s2 = w * (AT[1] + w * (AT[3] + w * (AT[5] + w * (AT[7] + w * AT[9]))));
    if (id < 0) {
      return x - x * (s1 + s2);
    }
    return ATAN_HI[id] - ((x * (s1 + s2) - ATAN_LO[id]) - x);
  }
}
