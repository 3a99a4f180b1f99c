package dev.colorize.job.remote;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.TreeSet;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.core.scope.context.ChunkContext;

/**
 * Joins the part files the partitions of a step wrote into the part file one JVM writes: the
 * header once, then each partition's rows in partition order (ranges are contiguous, so that is
 * the input's order). Which partitions exist is read from the job repository (the completed
 * {@code <step>:partition<k>} executions of this job instance), not from the folder, which may
 * hold files of an earlier split. Writes to a temporary file and moves it into place, so a
 * restart joins again from scratch.
 */
public final class PartitionJoin implements Tasklet {

  private final JobRepository jobRepository;
  private final String partitionedStep;
  private final List<Path> parts;

  /**
   * @param partitionedStep the worker step's name
   * @param parts           the one-JVM part files to produce
   */
  public PartitionJoin(JobRepository jobRepository, String partitionedStep, List<Path> parts) {
    this.jobRepository = jobRepository;
    this.partitionedStep = partitionedStep;
    this.parts = List.copyOf(parts);
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext)
      throws IOException {
    JobInstance instance = chunkContext.getStepContext().getStepExecution().getJobExecution()
        .getJobInstance();
    TreeSet<Integer> partitions = completedPartitions(instance);
    for (Path part : parts) {
      join(part, partitions);
    }
    contribution.incrementWriteCount(partitions.size());
    return RepeatStatus.FINISHED;
  }

  /** Partition indexes of the step's completed partition executions in this instance. */
  private TreeSet<Integer> completedPartitions(JobInstance instance) {
    String prefix = partitionedStep + ":";
    TreeSet<Integer> indexes = new TreeSet<>();
    for (JobExecution execution : jobRepository.getJobExecutions(instance)) {
      for (StepExecution step : execution.getStepExecutions()) {
        if (step.getStepName().startsWith(prefix)
            && step.getStatus() == org.springframework.batch.core.BatchStatus.COMPLETED) {
          PartitionRange range = PartitionRange.in(step.getExecutionContext());
          if (range == null) {
            throw new IllegalStateException(step.getStepName() + " has no partition range");
          }
          indexes.add(range.index());
        }
      }
    }
    if (indexes.isEmpty() || indexes.last() != indexes.size() - 1) {
      throw new IllegalStateException("partitions of " + partitionedStep + " are missing:"
          + " completed " + indexes);
    }
    return indexes;
  }

  /** Copies bytes, not lines: the rows reach the joined file exactly as the writers wrote them. */
  static void join(Path part, Iterable<Integer> partitions) throws IOException {
    Path temp = part.resolveSibling(part.getFileName() + ".joining");
    boolean first = true;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp))) {
      for (int index : partitions) {
        Path file = PartitionBinding.partitionFile(part, index);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
          ByteArrayOutputStream header = new ByteArrayOutputStream();
          for (int b = in.read(); ; b = in.read()) {
            if (b < 0) {
              throw new IOException(file + " has no header line: its partition never opened it");
            }
            header.write(b);
            if (b == '\n') {
              break;
            }
          }
          if (first) {
            header.writeTo(out);
            first = false;
          }
          in.transferTo(out);
        }
      }
    }
    Files.move(temp, part, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
