package dev.colorize.job;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Counts a step's images and recorded skips, and fails the step when skips pass the configured
 * limits. The counts live in the step's execution context, so a resumed step goes on counting
 * where the committed part of the failed one stopped.
 */
public final class SkipBudget {

  /** Fewest images before the ratio limit applies: two bad files of three say little. */
  static final int RATIO_MIN_ITEMS = 20;

  private final String stepLabel;
  private final long maxSkips;
  private final double maxSkipRatio;
  private long items;
  private long skipped;

  /**
   * @param stepLabel    what the step works on, for the message (e.g. "dataset 'food'")
   * @param maxSkips     most skips, -1 for no count limit
   * @param maxSkipRatio largest skipped share
   */
  public SkipBudget(String stepLabel, long maxSkips, double maxSkipRatio) {
    this.stepLabel = stepLabel;
    this.maxSkips = maxSkips;
    this.maxSkipRatio = maxSkipRatio;
  }

  /** Records one chunk's counts, then fails if a limit is passed. */
  public void record(int chunkItems, int chunkSkipped) {
    items += chunkItems;
    skipped += chunkSkipped;
    if (maxSkips >= 0 && skipped > maxSkips) {
      throw new SkipLimitExceededException(stepLabel + ": " + skipped + " images skipped, more"
          + " than maxSkips " + maxSkips + "; see skipped.csv for the reasons");
    }
    if (items >= RATIO_MIN_ITEMS && (double) skipped / items > maxSkipRatio) {
      throw new SkipLimitExceededException(String.format(java.util.Locale.ROOT,
          "%s: %d of %d images (%.0f%%) skipped, more than maxSkipRatio %s; see skipped.csv for"
              + " the reasons", stepLabel, skipped, items, 100.0 * skipped / items, maxSkipRatio));
    }
  }

  public long items() {
    return items;
  }

  public long skipped() {
    return skipped;
  }

  /** Restores the counts a committed chunk saved. */
  public void restore(ExecutionContext context, String prefix) {
    items = context.getLong(prefix + ".items", 0L);
    skipped = context.getLong(prefix + ".skipped", 0L);
  }

  /** Saves the counts with the chunk being committed. */
  public void save(ExecutionContext context, String prefix) {
    context.putLong(prefix + ".items", items);
    context.putLong(prefix + ".skipped", skipped);
  }

  /** Too many images were skipped: the data or the configuration is likely wrong. */
  public static final class SkipLimitExceededException extends RuntimeException {
    public SkipLimitExceededException(String message) {
      super(message);
    }
  }
}
