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
 * uses {@code sqrt(a^2 + b^2)}, seventh powers are products. The image mean runs a SIMD-friendly
 * form of the same algebra with polynomial arctangent, exponential and sine (see
 * {@link #mean(LabImage, LabImage)}); per pixel it agrees with {@link #difference} to about
 * 1e-13 relative. An image score is
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
    return mean(LabPlanes.of(pred), LabPlanes.of(truth));
  }

  /**
   * Mean CIEDE2000 over all pixels of two Lab images, truth as the reference colour.
   *
   * <p>Computed block by block with {@link #blockDifferences}, whose loops the JIT compiles to
   * SIMD code; pixels where that form is undefined (a zero chroma, opposite hues) are recomputed
   * with {@link #difference}. Agrees with the mean of {@link #difference} to about 1e-13
   * relative.
   *
   * @throws MetricInputException if the images differ in size
   */
  public static double mean(LabImage pred, LabImage truth) {
    Inputs.requireSameSize("CIEDE2000", pred, truth);
    return mean(LabPlanes.of(pred), LabPlanes.of(truth));
  }

  /** Mean CIEDE2000 over two Lab images of the same size, truth as the reference colour. */
  static double mean(LabPlanes pred, LabPlanes truth) {
    double[] l1 = truth.l;
    double[] a1 = truth.a;
    double[] b1 = truth.b;
    double[] l2 = pred.l;
    double[] a2 = pred.a;
    double[] b2 = pred.b;
    int n = l1.length;
    Block block = new Block();
    double sum = 0;
    for (int start = 0; start < n; start += BLOCK) {
      int len = Math.min(BLOCK, n - start);
      block.load(l1, a1, b1, l2, a2, b2, start, len);
      blockDifferences(block, len);
      double[] de = block.de;
      for (int i = 0; i < len; i++) {
        if (block.cc[i] == 0 || block.norm2[i] < 1e-20) { // rare: zero chroma, opposite hues
          int j = start + i; // the block's a and b now hold other values
          de[i] = difference(l1[j], a1[j], b1[j], l2[j], a2[j], b2[j]);
        }
      }
      sum += PartialSums.sum(de, len);
    }
    return sum / n;
  }

  /** Pixels per block: the block's arrays (about 40 KiB) stay in the L1/L2 cache. */
  private static final int BLOCK = 256;

  /** Working arrays of one block; a few per call, none per pixel. */
  static final class Block {
    final double[] l1 = new double[BLOCK];
    final double[] a1 = new double[BLOCK];
    final double[] b1 = new double[BLOCK];
    final double[] l2 = new double[BLOCK];
    final double[] a2 = new double[BLOCK];
    final double[] b2 = new double[BLOCK];
    final double[] de = new double[BLOCK];
    final double[] cc = new double[BLOCK];
    final double[] norm2 = new double[BLOCK];
    // intermediate quantities, named after what they hold at the end of their loop
    private final double[] scale = new double[BLOCK];
    private final double[] cp1 = new double[BLOCK];
    private final double[] cp2 = new double[BLOCK];
    private final double[] cpbar = new double[BLOCK];
    private final double[] cTerm = new double[BLOCK];
    private final double[] base = new double[BLOCK];
    private final double[] dh = new double[BLOCK];
    private final double[] cos1 = new double[BLOCK];
    private final double[] sin1 = new double[BLOCK];
    private final double[] k = new double[BLOCK];
    private final double[] tan = new double[BLOCK];
    private final double[] w = new double[BLOCK];
    private final double[] tmp = new double[BLOCK];

    void load(double[] sl1, double[] sa1, double[] sb1, double[] sl2, double[] sa2,
        double[] sb2, int start, int len) {
      System.arraycopy(sl1, start, l1, 0, len);
      System.arraycopy(sa1, start, a1, 0, len);
      System.arraycopy(sb1, start, b1, 0, len);
      System.arraycopy(sl2, start, l2, 0, len);
      System.arraycopy(sa2, start, a2, 0, len);
      System.arraycopy(sb2, start, b2, 0, len);
    }
  }

  /** Rotation of the mean hue by -242.5 degrees, the middle of the hues where R_T matters. */
  private static final double COS_MID = Math.cos(Math.toRadians(242.5));
  private static final double SIN_MID = Math.sin(Math.toRadians(242.5));
  /** Cosine of the half-width of that range: outside it, R_T is below 1e-15 of the result. */
  private static final double COS_HALF_RANGE = Math.cos(Math.toRadians(117.5));

  /**
   * CIEDE2000 of each pixel of the block into {@code block.de}, as {@link #difference} but as a
   * series of short loops with no branches or calls (the JIT vectorises such loops, not long or
   * branching ones), and with the arctangent, exponential and sine of the rotation term R_T as
   * polynomials. Where a chroma is zero ({@code block.cc[i] == 0}) or the hues are opposite
   * ({@code block.norm2[i]} about 0) this form is undefined, and those entries must be
   * recomputed.
   *
   * <p>R_T = -sin(2 dtheta) R_C dC/S_C dH/S_H with dtheta = 30 deg exp(-((h - 275 deg)/25 deg)^2)
   * needs the mean hue h only where h lies in (125, 360) degrees; elsewhere dtheta is below
   * 1e-15. The angle g of the mean hue's unit vector rotated by -242.5 degrees covers that range
   * with |g| < 117.5 degrees; g = 8 atan(tan(g/8)), tan(g/8) by three half-angle steps, and
   * |tan(g/8)| <= 0.27 where it matters, so a 12-term Taylor series is exact to 1e-16. Outside the
   * range the exponent is forced large. exp(-w) for w in [0, 60] is (exp(-w/128))^128, the inner
   * one a degree-13 Taylor polynomial; sin(x) for x in [0, pi/3] a degree-17 one.
   */
  static void blockDifferences(Block bl, int len) {
    double[] l1 = bl.l1;
    double[] a1 = bl.a1;
    double[] b1 = bl.b1;
    double[] l2 = bl.l2;
    double[] a2 = bl.a2;
    double[] b2 = bl.b2;
    double[] scale = bl.scale;
    double[] cp1 = bl.cp1;
    double[] cp2 = bl.cp2;
    double[] cpbar = bl.cpbar;
    double[] cTerm = bl.cTerm;
    double[] base = bl.base;
    double[] cc = bl.cc;
    double[] dh = bl.dh;
    double[] cos1 = bl.cos1;
    double[] sin1 = bl.sin1;
    double[] norm2 = bl.norm2;
    double[] k = bl.k;
    double[] tan = bl.tan;
    double[] w = bl.w;
    double[] de = bl.de;
    double[] tmp = bl.tmp;
    for (int i = 0; i < len; i++) { // mean chroma
      tmp[i] = 0.5 * (Math.sqrt(a1[i] * a1[i] + b1[i] * b1[i])
          + Math.sqrt(a2[i] * a2[i] + b2[i] * b2[i]));
    }
    for (int i = 0; i < len; i++) { // 1 + G, the chroma compensation of a
      double c = tmp[i];
      double c2 = c * c;
      double c7 = c2 * c2 * c2 * c;
      scale[i] = 1.5 - 0.5 * Math.sqrt(c7 / (c7 + POW25_7));
    }
    for (int i = 0; i < len; i++) { // a' (in place) and C'
      double ap1 = a1[i] * scale[i];
      double ap2 = a2[i] * scale[i];
      a1[i] = ap1;
      a2[i] = ap2;
      cp1[i] = Math.sqrt(ap1 * ap1 + b1[i] * b1[i]);
      cp2[i] = Math.sqrt(ap2 * ap2 + b2[i] * b2[i]);
    }
    for (int i = 0; i < len; i++) { // (dL'/S_L)^2
      double lbar = 0.5 * (l1[i] + l2[i]);
      double t = (lbar - 50) * (lbar - 50);
      double lTerm = (l2[i] - l1[i]) / (1 + 0.015 * t / Math.sqrt(20 + t));
      base[i] = lTerm * lTerm;
    }
    for (int i = 0; i < len; i++) { // dC'/S_C
      double mean = 0.5 * (cp1[i] + cp2[i]);
      double c = (cp2[i] - cp1[i]) / (1 + 0.045 * mean);
      cpbar[i] = mean;
      cTerm[i] = c;
      base[i] += c * c;
    }
    for (int i = 0; i < len; i++) { // unit hue vectors u1, u2 (in place of a', b)
      double prod = cp1[i] * cp2[i];
      double inv = 1 / prod; // one division for both: 1/C1' = C2'/(C1'C2')
      double inv1 = cp2[i] * inv;
      double inv2 = cp1[i] * inv;
      cc[i] = prod;
      a1[i] *= inv1;
      b1[i] *= inv1;
      a2[i] *= inv2;
      b2[i] *= inv2;
    }
    for (int i = 0; i < len; i++) { // 2 sqrt(C1'C2') sin(dh'/2) = sqrt(C1'C2') |u1 - u2|, signed
      double dx = a1[i] - a2[i];
      double dy = b1[i] - b2[i];
      double cross = a1[i] * b2[i] - b1[i] * a2[i];
      // sign(cross) without a branch; 0 when cross is 0, where dH is 0 or the pixel special
      double sign = cross / Math.max(Math.abs(cross), 1e-300);
      dh[i] = sign * Math.sqrt(cc[i] * (dx * dx + dy * dy));
    }
    for (int i = 0; i < len; i++) { // mean hue: the direction of u1 + u2
      double ux = a1[i] + a2[i];
      double uy = b1[i] + b2[i];
      double n2 = ux * ux + uy * uy;
      double invNorm = 1 / Math.sqrt(n2);
      norm2[i] = n2;
      cos1[i] = ux * invNorm;
      sin1[i] = uy * invNorm;
    }
    for (int i = 0; i < len; i++) { // T from the multiple angles of the mean hue
      double c1 = cos1[i];
      double s1 = sin1[i];
      double c2 = 2 * c1 * c1 - 1;
      double s2 = 2 * s1 * c1;
      double c3 = c1 * (2 * c2 - 1);
      double s3 = s1 * (2 * c2 + 1);
      tmp[i] = 1
          - 0.17 * (c1 * COS30 + s1 * SIN30)
          + 0.24 * c2
          + 0.32 * (c3 * COS6 - s3 * SIN6);
    }
    for (int i = 0; i < len; i++) {
      double c1 = cos1[i];
      double s1 = sin1[i];
      double c2 = 2 * c1 * c1 - 1;
      double s2 = 2 * s1 * c1;
      double c4 = 2 * c2 * c2 - 1;
      double s4 = 2 * s2 * c2;
      tmp[i] = tmp[i] - 0.20 * (c4 * COS63 + s4 * SIN63);
    }
    for (int i = 0; i < len; i++) { // dH'/S_H
      double hTerm = dh[i] / (1 + 0.015 * cpbar[i] * tmp[i]);
      dh[i] = hTerm;
      base[i] += hTerm * hTerm;
    }
    for (int i = 0; i < len; i++) { // R_C dC'/S_C dH'/S_H
      double m = cpbar[i];
      double m2 = m * m;
      double m7 = m2 * m2 * m2 * m;
      k[i] = 2 * Math.sqrt(m7 / (m7 + POW25_7)) * cTerm[i] * dh[i];
    }
    for (int i = 0; i < len; i++) { // tan(g/2), g = mean hue - 242.5 deg
      double cg = cos1[i] * COS_MID + sin1[i] * SIN_MID;
      double sg = sin1[i] * COS_MID - cos1[i] * SIN_MID;
      tan[i] = sg / Math.max(1 + cg, 1e-3); // where it matters 1 + cg > 0.53
      w[i] = 1e9 * Math.max(COS_HALF_RANGE - cg, 0); // > 0 where |g| > 117.5 deg
    }
    for (int i = 0; i < len; i++) { // tan(g/8) by two half-angle steps
      double t1 = tan[i];
      double t2 = t1 / (1 + Math.sqrt(1 + t1 * t1));
      tan[i] = t2 / (1 + Math.sqrt(1 + t2 * t2));
    }
    for (int i = 0; i < len; i++) { // atan series, inner terms
      double s = tan[i] * tan[i];
      tmp[i] = 1.0 / 13 + s * (-1.0 / 15 + s * (1.0 / 17 + s * (-1.0 / 19
          + s * (1.0 / 21 + s * (-1.0 / 23)))));
    }
    for (int i = 0; i < len; i++) { // g = 8 atan(tan(g/8))
      double t = tan[i];
      double s = t * t;
      tmp[i] = 8 * t * (1 + s * (-1.0 / 3 + s * (1.0 / 5 + s * (-1.0 / 7 + s * (1.0 / 9
          + s * (-1.0 / 11 + s * tmp[i]))))));
    }
    for (int i = 0; i < len; i++) { // ((h - 275 deg) / 25 deg)^2 / 128, at most 60 / 128
      double z = (tmp[i] * DEGREES_PER_RADIAN - 32.5) * 0.04;
      w[i] = Math.min(z * z + w[i], 60) * (1.0 / 128);
    }
    for (int i = 0; i < len; i++) { // exp(-w) series, inner terms
      double v = w[i];
      tmp[i] = 1.0 / 40320 + v * (-1.0 / 362880 + v * (1.0 / 3628800 + v * (-1.0 / 39916800
          + v * (1.0 / 479001600 + v * (-1.0 / 6227020800.0)))));
    }
    for (int i = 0; i < len; i++) {
      double v = w[i];
      tmp[i] = 1 + v * (-1 + v * (1.0 / 2 + v * (-1.0 / 6 + v * (1.0 / 24 + v * (-1.0 / 120
          + v * (1.0 / 720 + v * (-1.0 / 5040 + v * tmp[i])))))));
    }
    for (int i = 0; i < len; i++) { // exp(-z^2) = exp(-w)^128
      double e = tmp[i];
      e *= e;
      e *= e;
      e *= e;
      e *= e;
      e *= e;
      e *= e;
      w[i] = e * e;
    }
    for (int i = 0; i < len; i++) { // sin(2 dtheta) series, inner terms
      double x = (Math.PI / 3) * w[i];
      double x2 = x * x;
      tmp[i] = 1.0 / 362880 + x2 * (-1.0 / 39916800 + x2 * (1.0 / 6227020800.0
          + x2 * (-1.0 / 1307674368000.0 + x2 * (1.0 / 355687428096000.0))));
    }
    for (int i = 0; i < len; i++) {
      double x = (Math.PI / 3) * w[i]; // 2 dtheta
      double x2 = x * x;
      tmp[i] = x * (1 + x2 * (-1.0 / 6 + x2 * (1.0 / 120 + x2 * (-1.0 / 5040 + x2 * tmp[i]))));
    }
    for (int i = 0; i < len; i++) { // R_T = -sin(2 dtheta) R_C dC/S_C dH/S_H, and the root
      de[i] = Math.sqrt(Math.max(base[i] - tmp[i] * k[i], 0));
    }
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
