package dev.colorize.bench.batch;

import dev.colorize.report.CsvLine;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.file.FlatFileItemWriter;

/**
 * A part-file writer with none of the flat-file writer's machinery: a plain {@link BufferedWriter}
 * behind the type the job's writers take, so the benchmark's plain loop can drive the job's own
 * {@code PrepareWriter} and {@code ScoringWriter}. No transaction-aware buffer, no byte-position
 * bookkeeping, no restart state; the lines are the same ({@link CsvLine}, the system line
 * separator, a header first).
 */
final class PlainCsvWriter extends FlatFileItemWriter<List<?>> {

  private final Path file;
  private final List<String> header;
  private BufferedWriter out;

  PlainCsvWriter(Path file, List<String> header) {
    super(CsvLine::of);
    this.file = file;
    this.header = header;
  }

  @Override
  public void open(ExecutionContext context) {
    try {
      out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
      out.write(CsvLine.of(header));
      out.write(System.lineSeparator());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void write(Chunk<? extends List<?>> chunk) throws IOException {
    for (List<?> row : chunk) {
      out.write(CsvLine.of(row));
      out.write(System.lineSeparator());
    }
  }

  @Override
  public void update(ExecutionContext context) {
    // nothing to save: the plain loop does not restart
  }

  @Override
  public void close() {
    try {
      if (out != null) {
        out.close();
        out = null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
