package dev.colorize.bench.batch;

import dev.colorize.job.BatchInfrastructure;
import dev.colorize.job.CsvPartFiles;
import dev.colorize.job.JobRunner;
import dev.colorize.job.ReplayingItemReader;
import dev.colorize.job.RepositorySettings;
import dev.colorize.job.SkipBudget;
import dev.colorize.report.CsvLine;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.batch.infrastructure.item.file.FlatFileItemWriter;

/**
 * Isolates what one chunk costs the machinery, with no image work: a chunk step over N integers
 * on the same embedded H2 repository the CLI uses, with
 * <ul>
 *   <li>{@code empty}: a writer that does nothing (transaction, step-execution update and
 *       execution-context save: the job repository's share), also on an in-memory H2 database
 *       to separate the file store from JDBC and Spring Batch;
 *   <li>{@code parts}: a writer shaped like the evaluate job's (two flat-file part writers, one
 *       row of four short fields per item, a skip budget in the execution context);
 * </ul>
 * and the same rows written with a plain {@link BufferedWriter}, the baseline the second one is
 * compared with.
 */
final class ChunkCommitProbe {

  /** Milliseconds per chunk of each variant. */
  record PerChunk(int chunks, double emptyMs, double emptyCpuMs, double emptyInMemoryMs,
      double partsMs, double partsCpuMs, double plainRowsMs) {}

  private ChunkCommitProbe() {}

  static PerChunk measure(Path dir, int items, int chunkSize) throws Exception {
    int chunks = (items + chunkSize - 1) / chunkSize;
    Path emptyDir = dir.resolve("empty");
    long[] empty = timeJob(emptyDir, RepositorySettings.embedded(emptyDir), items, chunkSize,
        false);
    long[] inMemory = timeJob(dir.resolve("memory"), new RepositorySettings(
        "jdbc:h2:mem:probe" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", ""), items,
        chunkSize, false);
    Path partsDir = dir.resolve("parts");
    long[] parts = timeJob(partsDir, RepositorySettings.embedded(partsDir), items, chunkSize,
        true);
    long plain = timePlainRows(dir.resolve("plain"), items);
    return new PerChunk(chunks, empty[0] / 1e6 / chunks, empty[1] / 1e6 / chunks,
        inMemory[0] / 1e6 / chunks, parts[0] / 1e6 / chunks, parts[1] / 1e6 / chunks,
        plain / 1e6 / chunks);
  }

  /** Wall and process-CPU nanoseconds of the job. */
  private static long[] timeJob(Path work, RepositorySettings repository, int items,
      int chunkSize, boolean withParts) throws Exception {
    Files.createDirectories(work);
    try (BatchInfrastructure infra = BatchInfrastructure.open(repository)) {
      ItemStreamWriter<Integer> writer = withParts ? new PartsWriter(work) : new EmptyWriter();
      Step step = new StepBuilder("probe", infra.jobRepository())
          .<Integer, Integer>chunk(chunkSize)
          .transactionManager(infra.transactionManager())
          .reader(new ReplayingItemReader<Integer>("numbers",
              () -> IntStream.range(0, items).iterator()))
          .writer(writer)
          .build();
      Job job = new JobBuilder("probe", infra.jobRepository()).start(step).build();
      long cpu = cpuNanos();
      long start = System.nanoTime();
      JobRunner.Outcome outcome = new JobRunner(infra).run(job,
          new JobParametersBuilder().addString("probe", work.toString()).toJobParameters(), false);
      long[] elapsed = {System.nanoTime() - start, cpuNanos() - cpu};
      if (outcome.status() != BatchStatus.COMPLETED) {
        throw new IllegalStateException("probe job ended " + outcome.status());
      }
      return elapsed;
    }
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static long timePlainRows(Path work, int items) throws Exception {
    Files.createDirectories(work);
    long start = System.nanoTime();
    try (BufferedWriter a = Files.newBufferedWriter(work.resolve("a.csv"), StandardCharsets.UTF_8);
        BufferedWriter b = Files.newBufferedWriter(work.resolve("b.csv"), StandardCharsets.UTF_8)) {
      a.write(CsvLine.of(List.of("sample_id", "class", "path", "cache_key")));
      a.newLine();
      b.write(CsvLine.of(List.of("sample_id", "class", "path", "cache_key")));
      b.newLine();
      for (int i = 0; i < items; i++) {
        a.write(CsvLine.of(row(i)));
        a.newLine();
      }
    }
    return System.nanoTime() - start;
  }

  private static List<String> row(int i) {
    return List.of("class_01/img_" + i + ".jpg", "class_01", "/data/class_01/img_" + i + ".jpg",
        "czpp1;sha256=" + String.format("%064x", i) + ";size=256;policy=stretch;crop=none");
  }

  private static final class EmptyWriter implements ItemStreamWriter<Integer> {
    @Override
    public void write(Chunk<? extends Integer> chunk) {}
  }

  /** Shaped like PrepareWriter: two part files, a skip budget in the execution context. */
  private static final class PartsWriter implements ItemStreamWriter<Integer> {
    private final FlatFileItemWriter<List<?>> rows;
    private final FlatFileItemWriter<List<?>> skipped;
    private final SkipBudget budget = new SkipBudget("probe", -1, 1.0);

    PartsWriter(Path work) {
      List<String> header = List.of("sample_id", "class", "path", "cache_key");
      rows = CsvPartFiles.writer("rows", work.resolve("a.csv"), header);
      skipped = CsvPartFiles.writer("skipped", work.resolve("b.csv"), header);
    }

    @Override
    public void write(Chunk<? extends Integer> chunk) throws Exception {
      List<List<?>> out = new ArrayList<>(chunk.size());
      for (Integer i : chunk) {
        out.add(row(i));
      }
      rows.write(new Chunk<>(out));
      skipped.write(new Chunk<>(List.of()));
      budget.record(chunk.size(), 0);
    }

    @Override
    public void open(ExecutionContext context) {
      rows.open(context);
      skipped.open(context);
      budget.restore(context, "probe");
    }

    @Override
    public void update(ExecutionContext context) {
      rows.update(context);
      skipped.update(context);
      budget.save(context, "probe");
    }

    @Override
    public void close() {
      rows.close();
      skipped.close();
    }
  }
}
