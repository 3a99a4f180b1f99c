package dev.colorize.metric;

import dev.colorize.image.LabImage;
import dev.colorize.image.RgbImage;
import java.util.Objects;

/** Argument checks shared by the metrics; every message names the metric and the bad values. */
final class Inputs {

  private Inputs() {}

  static void requireSameSize(String metric, RgbImage pred, RgbImage truth) {
    Objects.requireNonNull(pred, () -> metric + ": pred image is null");
    Objects.requireNonNull(truth, () -> metric + ": truth image is null");
    if (!pred.sameSize(truth)) {
      throw new MetricInputException(metric + ": image sizes differ, pred " + pred.width() + "x"
          + pred.height() + " vs truth " + truth.width() + "x" + truth.height());
    }
  }

  static void requireSameSize(String metric, LabImage pred, LabImage truth) {
    Objects.requireNonNull(pred, () -> metric + ": pred image is null");
    Objects.requireNonNull(truth, () -> metric + ": truth image is null");
    if (pred.width() != truth.width() || pred.height() != truth.height()) {
      throw new MetricInputException(metric + ": image sizes differ, pred " + pred.width() + "x"
          + pred.height() + " vs truth " + truth.width() + "x" + truth.height());
    }
  }

  /** Population variance, two-pass (as numpy.var with ddof=0). */
  static double variance(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    double mean = sum / values.length;
    double squares = 0;
    for (double v : values) {
      double d = v - mean;
      squares += d * d;
    }
    return squares / values.length;
  }
}
