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
 * order, as {@code skimage.color.deltaE_ciede2000(lab1, lab2)}; an image score is
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

  private DeltaE2000() {}

  /**
   * CIEDE2000 between a reference colour (l1, a1, b1) and a sample (l2, a2, b2); never negative.
   */
  public static double difference(double l1, double a1, double b1, double l2, double a2,
      double b2) {
    double cbar = 0.5 * (Math.hypot(a1, b1) + Math.hypot(a2, b2));
    double c7 = Math.pow(cbar, 7);
    double g = 0.5 * (1 - Math.sqrt(c7 / (c7 + POW25_7)));
    double scale = 1 + g;
    double ap1 = a1 * scale;
    double ap2 = a2 * scale;
    double cp1 = Math.hypot(ap1, b1);
    double cp2 = Math.hypot(ap2, b2);
    double h1 = hueAngle(ap1, b1);
    double h2 = hueAngle(ap2, b2);

    double lbar = 0.5 * (l1 + l2);
    double tmp = (lbar - 50) * (lbar - 50);
    double sl = 1 + 0.015 * tmp / Math.sqrt(20 + tmp);
    double lTerm = (l2 - l1) / sl;

    double cpbar = 0.5 * (cp1 + cp2);
    double sc = 1 + 0.045 * cpbar;
    double cTerm = (cp2 - cp1) / sc;

    double hDiff = h2 - h1;
    double hSum = h1 + h2;
    double cc = cp1 * cp2;
    double dh = hDiff;
    if (hDiff > Math.PI) {
      dh -= TWO_PI;
    }
    if (hDiff < -Math.PI) {
      dh += TWO_PI;
    }
    if (cc == 0) {
      dh = 0;
    }
    double dhTerm = 2 * Math.sqrt(cc) * Math.sin(dh / 2);

    double hbar = hSum;
    if (cc != 0 && Math.abs(hDiff) > Math.PI) {
      hbar += hSum < TWO_PI ? TWO_PI : -TWO_PI;
    }
    if (cc == 0) {
      hbar *= 2;
    }
    hbar *= 0.5;

    double t = 1
        - 0.17 * Math.cos(hbar - DEG30)
        + 0.24 * Math.cos(2 * hbar)
        + 0.32 * Math.cos(3 * hbar + DEG6)
        - 0.20 * Math.cos(4 * hbar - DEG63);
    double sh = 1 + 0.015 * cpbar * t;
    double hTerm = dhTerm / sh;

    double cp7 = Math.pow(cpbar, 7);
    double rc = 2 * Math.sqrt(cp7 / (cp7 + POW25_7));
    double z = (Math.toDegrees(hbar) - 275) / 25;
    double dtheta = DEG30 * Math.exp(-(z * z));
    double rTerm = -Math.sin(2 * dtheta) * rc * cTerm * hTerm;

    double de2 = lTerm * lTerm + cTerm * cTerm + hTerm * hTerm + rTerm;
    return Math.sqrt(Math.max(de2, 0));
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
  private static double hueAngle(double a, double b) {
    double h = Math.atan2(b, a);
    return h < 0 ? h + TWO_PI : h;
  }
}
