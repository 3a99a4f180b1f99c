package dev.colorize.job.remote;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.file.FlatFileItemWriter;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;
import org.springframework.core.io.FileSystemResource;

/**
 * Makes an ordinary chunk step run one partition: before the step opens its streams, points its
 * reader at the partition's range of items and each of its part writers at the partition's own
 * file ({@link #partitionFile}), since a flat-file writer restarts by truncating its file and so
 * cannot be shared. A step execution without a range (one JVM) is left as built.
 */
public final class PartitionBinding implements StepExecutionListener {

  private final List<AbstractItemCountingItemStreamItemReader<?>> readers = new ArrayList<>();
  private final List<FlatFileItemWriter<?>> writers = new ArrayList<>();
  private final List<Path> parts = new ArrayList<>();
  private String worker;

  /** The part file of partition {@code index} of {@code part}: {@code scores-0-0.p7.csv}. */
  public static Path partitionFile(Path part, int index) {
    String name = part.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot < 0 ? name : name.substring(0, dot);
    String extension = dot < 0 ? "" : name.substring(dot);
    return part.resolveSibling(stem + ".p" + index + extension);
  }

  /** Reads only the partition's range. */
  public PartitionBinding reader(AbstractItemCountingItemStreamItemReader<?> reader) {
    readers.add(reader);
    return this;
  }

  /** Writes the partition's rows of {@code part} to its own file. */
  public PartitionBinding writer(FlatFileItemWriter<?> writer, Path part) {
    writers.add(writer);
    parts.add(part);
    return this;
  }

  /** The one-JVM part files this binding redirects, in registration order. */
  public List<Path> parts() {
    return List.copyOf(parts);
  }

  @Override
  public void beforeStep(StepExecution stepExecution) {
    PartitionRange range = PartitionRange.in(stepExecution.getExecutionContext());
    if (range == null) {
      return;
    }
    for (AbstractItemCountingItemStreamItemReader<?> reader : readers) {
      // A restart's saved position (read.count) overrides the start, so the range resumes.
      reader.setCurrentItemCount(Math.toIntExact(range.from()));
      reader.setMaxItemCount(Math.toIntExact(range.to()));
    }
    for (int i = 0; i < writers.size(); i++) {
      writers.get(i).setResource(new FileSystemResource(partitionFile(parts.get(i), range.index())));
    }
    if (worker == null) {
      worker = PartitionWorker.defaultName();
    }
    stepExecution.getExecutionContext().putString(PartitionRange.WORKER, worker);
  }
}
