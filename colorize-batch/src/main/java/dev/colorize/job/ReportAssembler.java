package dev.colorize.job;

import dev.colorize.metric.fid.FidReport;
import dev.colorize.metric.fid.FidResult;
import dev.colorize.plan.RunLayout;
import dev.colorize.report.CsvLine;
import dev.colorize.report.CsvNumbers;
import dev.colorize.report.ReportColumns;
import dev.colorize.report.RunningStats;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The evaluate job's last step: joins the committed part files into {@code scores.csv} and
 * {@code skipped.csv} (and the datasets' issue parts into {@code dataset-issues.csv}) and computes {@code summary.csv} (count, mean and std per dataset x model,
 * overall and per class) in one streaming pass, with the FID of each dataset x model in the
 * overall rows ({@link FidReport}: a value, or empty with the reason in the log and
 * {@code fid.json}). Each file is written to a temporary name and
 * moved into place, so the step can run again after a crash and gives the same bytes.
 */
public final class ReportAssembler implements Tasklet {

  /** A score part: the rows of one dataset x model. */
  public record ScorePart(String dataset, String model, Path file) {}

  /** The {@code class} value of a summary's overall row. */
  public static final String ALL_CLASSES = "(all)";

  private final List<ScorePart> scoreParts;
  private final List<Path> skippedParts;
  private final List<String> metrics;
  private final Path outputDirectory;
  private final FidReport fid;
  private List<Path> issueParts = List.of();

  public ReportAssembler(List<ScorePart> scoreParts, List<Path> skippedParts, List<String> metrics,
      Path outputDirectory) {
    this(scoreParts, skippedParts, metrics, outputDirectory, null);
  }

  /** @param fid the FID of each part, or null when the goal computes none (prepare) */
  public ReportAssembler(List<ScorePart> scoreParts, List<Path> skippedParts, List<String> metrics,
      Path outputDirectory, FidReport fid) {
    this.fid = fid;
    this.scoreParts = scoreParts;
    this.skippedParts = skippedParts;
    this.metrics = metrics;
    this.outputDirectory = outputDirectory;
  }

  /**
   * The {@code report} step of a planned run (prepare, evaluate): the assembler, also joining the
   * datasets' issue parts. It runs again on every restart, as the parts may have grown.
   *
   * @param datasets how many datasets the run prepares
   */
  public static Step step(BatchInfrastructure infra, RunLayout layout, int datasets,
      ReportAssembler assembler) {
    List<Path> issues = new ArrayList<>();
    for (int d = 0; d < datasets; d++) {
      issues.add(layout.prepareIssues(d));
    }
    return new StepBuilder("report", infra.jobRepository())
        .tasklet(assembler.withDatasetIssues(issues), infra.transactionManager())
        .allowStartIfComplete(true)
        .build();
  }

  /**
   * Also joins the datasets' issue parts into {@code dataset-issues.csv}.
   *
   * @return this assembler
   */
  public ReportAssembler withDatasetIssues(List<Path> parts) {
    this.issueParts = List.copyOf(parts);
    return this;
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext)
      throws IOException {
    assemble();
    return RepeatStatus.FINISHED;
  }

  /** Writes the three reports. */
  public void assemble() throws IOException {
    Files.createDirectories(outputDirectory);
    Map<List<String>, FidResult> fidResults = new LinkedHashMap<>();
    if (fid != null) {
      List<FidResult> results = fid.compute();
      for (FidResult result : results) {
        fidResults.put(List.of(result.dataset(), result.model()), result);
      }
      fid.write(outputDirectory, results);
    }
    List<String> summary = new ArrayList<>();
    summary.add(CsvLine.of(ReportColumns.summaryHeader(metrics)));
    writeAtomically(outputDirectory.resolve("scores.csv"), out -> {
      out.write(CsvLine.of(ReportColumns.scoreHeader(metrics)));
      out.newLine();
      for (ScorePart part : scoreParts) {
        Map<String, RunningStats[]> byClass = new TreeMap<>();
        Map<String, long[]> noChromaByClass = new TreeMap<>();
        RunningStats[] overall = newStats();
        long[] noChroma = new long[1];
        forEachRow(part.file(), (line, row) -> {
          out.write(line);
          out.newLine();
          RunningStats[] perClass = byClass.computeIfAbsent(row.get(3), k -> newStats());
          for (int m = 0; m < metrics.size(); m++) {
            double value = CsvNumbers.parse(row.get(4 + m));
            overall[m].add(value);
            perClass[m].add(value);
          }
          if ("1".equals(row.get(4 + metrics.size()))) {
            noChroma[0]++;
            noChromaByClass.computeIfAbsent(row.get(3), k -> new long[1])[0]++;
          }
        });
        FidResult partFid = fidResults.get(List.of(part.dataset(), part.model()));
        summary.add(summaryLine(part, ALL_CLASSES, overall, noChroma[0],
            partFid == null || !partFid.computed() ? "" : CsvNumbers.format(partFid.fid())));
        for (Map.Entry<String, RunningStats[]> e : byClass.entrySet()) {
          long flagged = noChromaByClass.getOrDefault(e.getKey(), new long[1])[0];
          summary.add(summaryLine(part, e.getKey(), e.getValue(), flagged, ""));
        }
      }
    });
    writeAtomically(outputDirectory.resolve("summary.csv"), out -> {
      for (String line : summary) {
        out.write(line);
        out.newLine();
      }
    });
    join(outputDirectory.resolve("skipped.csv"), ReportColumns.SKIPPED, skippedParts);
    if (!issueParts.isEmpty()) {
      join(outputDirectory.resolve("dataset-issues.csv"), ReportColumns.DATASET_ISSUES,
          issueParts);
    }
  }

  /** Writes the parts' rows, in part order, under one header. */
  private static void join(Path target, List<String> header, List<Path> parts)
      throws IOException {
    writeAtomically(target, out -> {
      out.write(CsvLine.of(header));
      out.newLine();
      for (Path part : parts) {
        forEachRow(part, (line, row) -> {
          out.write(line);
          out.newLine();
        });
      }
    });
  }

  private RunningStats[] newStats() {
    RunningStats[] stats = new RunningStats[metrics.size()];
    for (int i = 0; i < stats.length; i++) {
      stats[i] = new RunningStats();
    }
    return stats;
  }

  private String summaryLine(ScorePart part, String label, RunningStats[] stats, long noChroma,
      String fidValue) {
    List<String> row = new ArrayList<>(List.of(part.dataset(), part.model(), label,
        String.valueOf(countOf(stats)), String.valueOf(noChroma)));
    for (RunningStats s : stats) {
      row.add(CsvNumbers.format(s.mean()));
      row.add(CsvNumbers.format(s.std()));
    }
    row.add(fidValue); // empty: per-class rows, or no FID (the reason is in run.json)
    return CsvLine.of(row);
  }

  private static long countOf(RunningStats[] stats) {
    return stats.length == 0 ? 0 : stats[0].count() + stats[0].nonFiniteCount();
  }

  @FunctionalInterface
  private interface RowHandler {
    void accept(String line, List<String> row) throws IOException;
  }

  @FunctionalInterface
  private interface Body {
    void write(BufferedWriter out) throws IOException;
  }

  private static void forEachRow(Path file, RowHandler handler) throws IOException {
    if (!Files.exists(file)) {
      return; // a step with no rows to write may not have created its part
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line = in.readLine(); // header
      while ((line = in.readLine()) != null) {
        if (!line.isEmpty()) {
          handler.accept(line, CsvLine.parse(line));
        }
      }
    }
  }

  private static void writeAtomically(Path target, Body body) throws IOException {
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
      body.write(out);
    }
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

}
