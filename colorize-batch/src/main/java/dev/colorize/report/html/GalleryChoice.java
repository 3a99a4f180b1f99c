package dev.colorize.report.html;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Chooses the worst, median and best {@code n} images of one dataset x model by one metric,
 * exactly. Values arrive in row order in one streaming pass ({@link #add}); only the values are
 * kept (8 bytes per image), never images or ids, and the rows are named by their position so
 * the caller reads back just the chosen rows in a second pass.
 *
 * <p>Order: by quality ({@link MetricInfo#quality}: larger is better), ties by row position.
 * Worst = the first {@code n} of that order, best = the last {@code n} (best first), median = the
 * {@code n} starting at position {@code (count - n) / 2}, so for odd counts and odd {@code n} the
 * middle image is the median itself. NaN values take no part; +/-Infinity do (PSNR of identical
 * images is the best). Fewer than {@code n} ranked images: every group holds them all.
 */
public final class GalleryChoice {

  /** The chosen row positions, each group in its display order. */
  public record Picks(int[] worst, int[] median, int[] best) {}

  private final String metric;
  private double[] qualities = new double[1024];
  private int rows;

  /** @param metric a metric with a better direction ({@link MetricInfo#ranked}) */
  public GalleryChoice(String metric) {
    if (!MetricInfo.ranked(metric)) {
      throw new IllegalArgumentException(metric + " has no better direction");
    }
    this.metric = metric;
  }

  /** Adds the next row's value (NaN for a row without one). */
  public void add(double value) {
    if (rows == qualities.length) {
      qualities = Arrays.copyOf(qualities, rows * 2);
    }
    qualities[rows++] = MetricInfo.quality(metric, value);
  }

  /** Rows added so far. */
  public int rows() {
    return rows;
  }

  /** The worst, median and best {@code n} rows of those added. */
  public Picks choose(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1, got " + n);
    }
    double[] q = qualities;
    int[] order = IntStream.range(0, rows).filter(i -> !Double.isNaN(q[i])).boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> q[i]).thenComparingInt(i -> i))
        .mapToInt(Integer::intValue).toArray();
    int count = order.length;
    int take = Math.min(n, count);
    int[] worst = Arrays.copyOfRange(order, 0, take);
    int[] best = new int[take];
    for (int k = 0; k < take; k++) {
      best[k] = order[count - 1 - k];
    }
    int start = (count - take) / 2;
    int[] median = Arrays.copyOfRange(order, start, start + take);
    return new Picks(worst, median, best);
  }
}
