package dev.colorize.job;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Prints a step's progress as plain lines: items done of total, images/s and ETA, at most every
 * {@code interval} and once at the end. Plain lines (no carriage returns or colours) read the same
 * in a terminal, a Maven log and a CI log.
 */
public final class ProgressListener implements StepExecutionListener, ItemWriteListener<Object> {

  private final String label;
  private final LongSupplier total;
  private final LongSupplier done;
  private final PrintStream out;
  private final long intervalNanos;
  private long knownTotal;
  private long doneAtStart;
  private long startNanos;
  private long lastPrintNanos;

  /**
   * @param label    what the step does, e.g. "score food x gray"
   * @param total    items in the whole step (asked once, when the step starts)
   * @param done     items done so far, including those committed before a restart
   * @param out      where lines go
   * @param interval least time between two lines
   */
  public ProgressListener(String label, LongSupplier total, LongSupplier done, PrintStream out,
      Duration interval) {
    this.label = label;
    this.total = total;
    this.done = done;
    this.out = out;
    this.intervalNanos = interval.toNanos();
  }

  @Override
  public void beforeStep(StepExecution stepExecution) {
    knownTotal = total.getAsLong();
    startNanos = System.nanoTime();
    lastPrintNanos = startNanos;
    doneAtStart = -1; // read after the writer restored its counts (it opens after this call)
  }

  @Override
  public void afterWrite(Chunk<?> items) {
    if (doneAtStart < 0) {
      doneAtStart = done.getAsLong() - items.size();
    }
    long now = System.nanoTime();
    if (now - lastPrintNanos >= intervalNanos) {
      lastPrintNanos = now;
      out.println(line(now));
    }
  }

  @Override
  public ExitStatus afterStep(StepExecution stepExecution) {
    if (doneAtStart < 0) {
      doneAtStart = done.getAsLong();
    }
    out.println(line(System.nanoTime()) + " - " + stepExecution.getStatus());
    return null;
  }

  /** One progress line. */
  String line(long nowNanos) {
    long d = done.getAsLong();
    double seconds = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
    double rate = (d - Math.max(0, doneAtStart)) / seconds;
    StringBuilder s = new StringBuilder(label).append(": ").append(d);
    if (knownTotal > 0) {
      s.append('/').append(knownTotal)
          .append(String.format(Locale.ROOT, " (%.1f%%)", 100.0 * d / knownTotal));
    }
    s.append(String.format(Locale.ROOT, ", %.1f images/s", rate));
    if (knownTotal > 0 && rate > 0 && d < knownTotal) {
      s.append(", ETA ").append(format(Duration.ofSeconds((long) ((knownTotal - d) / rate))));
    }
    return s.toString();
  }

  static String format(Duration d) {
    return String.format(Locale.ROOT, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(),
        d.toSecondsPart());
  }
}
