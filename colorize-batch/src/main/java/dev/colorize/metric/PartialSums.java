package dev.colorize.metric;

/** Sums of the metrics' per-block value arrays, written so the JIT can interleave them. */
final class PartialSums {

  private PartialSums() {}

  /** Sum of the first {@code len} values, four partial sums (which the JIT can interleave). */
  static double sum(double[] values, int len) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (; i + 3 < len; i += 4) {
      s0 += values[i];
      s1 += values[i + 1];
      s2 += values[i + 2];
      s3 += values[i + 3];
    }
    for (; i < len; i++) {
      s0 += values[i];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
