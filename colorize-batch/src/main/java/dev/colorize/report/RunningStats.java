package dev.colorize.report;

/**
 * Count, mean and standard deviation of a stream of values in one pass (Welford's algorithm), so
 * summaries never hold the per-image scores in memory. Non-finite values (PSNR of identical images
 * is +Infinity) are counted apart and left out of mean and deviation, which would otherwise carry
 * no information.
 */
public final class RunningStats {

  private long count;
  private long nonFinite;
  private double mean;
  private double m2;

  /** Adds one value. */
  public void add(double value) {
    if (!Double.isFinite(value)) {
      nonFinite++;
      return;
    }
    count++;
    double delta = value - mean;
    mean += delta / count;
    m2 += delta * (value - mean);
  }

  /** Adds every value that {@code other} has seen (parallel merge, Chan et al.). */
  public void merge(RunningStats other) {
    nonFinite += other.nonFinite;
    if (other.count == 0) {
      return;
    }
    long total = count + other.count;
    double delta = other.mean - mean;
    mean += delta * other.count / total;
    m2 += other.m2 + delta * delta * ((double) count * other.count / total);
    count = total;
  }

  /** Number of finite values seen. */
  public long count() {
    return count;
  }

  /** Number of non-finite values seen and excluded from mean and std. */
  public long nonFiniteCount() {
    return nonFinite;
  }

  /** Mean of the finite values, NaN when there are none. */
  public double mean() {
    return count == 0 ? Double.NaN : mean;
  }

  /** Population standard deviation of the finite values, NaN when there are none. */
  public double std() {
    return count == 0 ? Double.NaN : Math.sqrt(m2 / count);
  }
}
