package dev.colorize.job;

import dev.colorize.report.CsvLine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.springframework.batch.infrastructure.item.file.FlatFileItemReader;
import org.springframework.batch.infrastructure.item.file.FlatFileItemWriter;
import org.springframework.batch.infrastructure.item.file.builder.FlatFileItemReaderBuilder;
import org.springframework.batch.infrastructure.item.file.builder.FlatFileItemWriterBuilder;
import org.springframework.core.io.FileSystemResource;

/**
 * The per-step CSV part files a run writes before the final reports are assembled. Writers are
 * Spring Batch flat-file writers: on restart they truncate to the last committed byte, which is
 * what guarantees no duplicate and no lost row after a crash.
 */
public final class CsvPartFiles {

  private CsvPartFiles() {}

  /** A restartable, transactional UTF-8 CSV writer with a header line. */
  public static FlatFileItemWriter<List<?>> writer(String name, Path file, List<String> header) {
    return new FlatFileItemWriterBuilder<List<?>>()
        .name(name)
        .resource(new FileSystemResource(file))
        .encoding(StandardCharsets.UTF_8.name())
        .lineAggregator(CsvLine::of)
        .headerCallback(w -> w.write(CsvLine.of(header)))
        .build();
  }

  /** A restartable UTF-8 CSV reader that skips the header and maps each row's fields. */
  public static <T> FlatFileItemReader<T> reader(String name, Path file,
      Function<List<String>, T> mapper) {
    return new FlatFileItemReaderBuilder<T>()
        .name(name)
        .resource(new FileSystemResource(file))
        .encoding(StandardCharsets.UTF_8.name())
        .linesToSkip(1)
        .lineMapper((line, number) -> mapper.apply(CsvLine.parse(line)))
        .build();
  }
}
