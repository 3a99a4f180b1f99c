package dev.colorize.job.colorize;

import dev.colorize.report.CsvLine;
import dev.colorize.report.ReportColumns;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The colorize job's last step: copies the committed part files to
 * {@code <workDirectory>/colorize/colorized.csv} (one row per written photo) and
 * {@code skipped.csv} (one row per photo that could not be colorized, with the reason). Each is
 * written to a temporary name and moved into place, so the step can run again after a crash.
 */
public final class ColorizeReport implements Tasklet {

  private final Path colorizedPart;
  private final Path skippedPart;
  private final Path outputDirectory;

  public ColorizeReport(Path colorizedPart, Path skippedPart, Path outputDirectory) {
    this.colorizedPart = colorizedPart;
    this.skippedPart = skippedPart;
    this.outputDirectory = outputDirectory;
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext)
      throws IOException {
    Files.createDirectories(outputDirectory);
    copy(colorizedPart, ColorizeWriter.COLUMNS, outputDirectory.resolve("colorized.csv"));
    copy(skippedPart, ReportColumns.SKIPPED, outputDirectory.resolve("skipped.csv"));
    return RepeatStatus.FINISHED;
  }

  private static void copy(Path part, List<String> header, Path target) throws IOException {
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
      out.write(CsvLine.of(header));
      out.newLine();
      if (Files.exists(part)) { // a step with nothing to write may not have created its part
        try (BufferedReader in = Files.newBufferedReader(part, StandardCharsets.UTF_8)) {
          String line = in.readLine(); // header
          while ((line = in.readLine()) != null) {
            if (!line.isEmpty()) {
              out.write(line);
              out.newLine();
            }
          }
        }
      }
    }
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
