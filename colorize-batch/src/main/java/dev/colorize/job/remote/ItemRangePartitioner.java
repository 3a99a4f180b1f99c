package dev.colorize.job.remote;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Splits a step's input into {@code gridSize} contiguous ranges of item positions (fewer when
 * there are fewer items, one for an empty input), so that the partitions' outputs, joined in
 * partition order, are in the order one JVM writes them.
 */
public final class ItemRangePartitioner implements Partitioner {

  private final LongSupplier items;

  /** @param items counts the step's input; called once per split */
  public ItemRangePartitioner(LongSupplier items) {
    this.items = items;
  }

  /** Partition names, {@code partition<k>}: the worker steps are {@code <step>:partition<k>}. */
  public static String name(int index) {
    return "partition" + index;
  }

  @Override
  public Map<String, ExecutionContext> partition(int gridSize) {
    long n = items.getAsLong();
    int partitions = (int) Math.max(1, Math.min(gridSize, n));
    Map<String, ExecutionContext> contexts = new LinkedHashMap<>();
    for (PartitionRange range : ranges(partitions, n)) {
      contexts.put(name(range.index()), range.toContext());
    }
    return contexts;
  }

  static List<PartitionRange> ranges(int partitions, long n) {
    List<PartitionRange> ranges = new ArrayList<>();
    for (int k = 0; k < partitions; k++) {
      ranges.add(PartitionRange.of(k, partitions, n));
    }
    return ranges;
  }
}
