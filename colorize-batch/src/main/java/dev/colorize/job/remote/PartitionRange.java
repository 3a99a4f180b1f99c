package dev.colorize.job.remote;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One partition of a step: the items at positions {@code [from, to)} of the step's input, in the
 * stable order its reader gives them (the dataset reader's order for prepare, the prepared list's
 * for score). Lives in the partition step's execution context, where the worker reads it.
 *
 * @param index partition number, from 0; names its part files
 * @param from  first item position
 * @param to    one past the last item position
 */
public record PartitionRange(int index, long from, long to) {

  static final String INDEX = "colorize.partition.index";
  static final String FROM = "colorize.partition.from";
  static final String TO = "colorize.partition.to";
  /** Step execution-context key of the worker that ran a partition (host:pid), for run.json. */
  public static final String WORKER = dev.colorize.report.RunReport.WORKER;

  public PartitionRange {
    if (index < 0 || from < 0 || to < from) {
      throw new IllegalArgumentException("bad partition " + index + " [" + from + ", " + to + ")");
    }
  }

  /** The {@code index}-th of {@code partitions} nearly equal ranges of {@code items} items. */
  public static PartitionRange of(int index, int partitions, long items) {
    return new PartitionRange(index, items * index / partitions,
        items * (index + 1) / partitions);
  }

  /** A new execution context holding this range. */
  public ExecutionContext toContext() {
    ExecutionContext context = new ExecutionContext();
    context.putInt(INDEX, index);
    context.putLong(FROM, from);
    context.putLong(TO, to);
    return context;
  }

  /** The range in a partition step's context, or null for a step that is not a partition. */
  public static PartitionRange in(ExecutionContext context) {
    if (!context.containsKey(INDEX)) {
      return null;
    }
    return new PartitionRange(context.getInt(INDEX), context.getLong(FROM), context.getLong(TO));
  }
}
