package dev.colorize.job;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.file.FlatFileItemWriter;
import org.springframework.batch.infrastructure.item.file.builder.FlatFileItemWriterBuilder;
import org.springframework.core.io.FileSystemResource;

/**
 * A tiny chunk job for testing the restart machinery: reads 1..count, optionally fails at one
 * item or sleeps per item, and writes one line per item to a flat file. Its {@link #main} runs it
 * in a separate JVM so a test can kill that JVM with SIGKILL.
 */
final class CountingJob {

  final AtomicInteger processed = new AtomicInteger();
  volatile int failAt = -1;
  volatile long sleepMillis;

  Job build(BatchInfrastructure infra, Path output, int count, int chunkSize) {
    FlatFileItemWriter<Integer> writer = new FlatFileItemWriterBuilder<Integer>()
        .name("lines")
        .resource(new FileSystemResource(output))
        .lineAggregator(String::valueOf)
        .build();
    var step = new StepBuilder("count", infra.jobRepository())
        .<Integer, Integer>chunk(chunkSize)
        .transactionManager(infra.transactionManager())
        .reader(new ReplayingItemReader<Integer>("numbers",
            () -> IntStream.rangeClosed(1, count).boxed().iterator()))
        .processor(item -> {
          if (item == failAt) {
            throw new IllegalStateException("planned failure at " + item);
          }
          if (sleepMillis > 0) {
            Thread.sleep(sleepMillis);
          }
          processed.incrementAndGet();
          return item;
        })
        .writer(writer)
        .build();
    return new JobBuilder("counting", infra.jobRepository()).start(step).build();
  }

  static JobParameters parameters(int count) {
    return new JobParametersBuilder().addLong("count", (long) count).toJobParameters();
  }

  /** Args: workDirectory output count chunkSize sleepMillis. */
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int count = Integer.parseInt(args[2]);
    try (WorkDirectoryLock lock = WorkDirectoryLock.acquire(work);
        BatchInfrastructure infra = BatchInfrastructure.open(RepositorySettings.embedded(work))) {
      CountingJob job = new CountingJob();
      job.sleepMillis = Long.parseLong(args[4]);
      Job built = job.build(infra, Path.of(args[1]), count, Integer.parseInt(args[3]));
      new JobRunner(infra).run(built, parameters(count), false);
    }
  }
}
