package dev.colorize.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Puts the overall rows of several evaluate runs' {@code summary.csv} side by side (e.g. before
 * and after fine-tuning) and compares each model with a baseline model of the same dataset
 * (e.g. {@code gray}): {@code comparison.csv} has, per run, dataset and model, the count, each
 * metric's mean, its difference from the baseline's mean and the metrics on which the model is
 * better than the baseline ({@code better_than_baseline}).
 *
 * <p>Better means: higher {@code psnr} and {@code ssim}; lower {@code delta_e2000} and
 * {@code fid}; {@code colorfulness_delta} closer to 0 (neither washed out nor over-saturated).
 * Other metrics (colorfulness, sharpness, contrast) have no better direction and are only listed.
 */
public final class Comparison {

  /** Metric means compared, in column order. */
  public static final List<String> METRICS = List.of("psnr", "ssim", "colorfulness",
      "colorfulness_truth", "colorfulness_delta", "sharpness", "contrast", "delta_e2000", "fid");

  /**
   * One compared summary.
   *
   * @param label name of the run in the output (e.g. pretrained, finetuned)
   * @param summary its summary.csv
   */
  public record Run(String label, Path summary) {}

  /**
   * One output row.
   *
   * @param run run label
   * @param dataset dataset
   * @param model model
   * @param count images scored
   * @param means metric means (NaN where absent)
   * @param better metrics on which the model beats the baseline
   */
  public record Row(String run, String dataset, String model, long count,
      Map<String, Double> means, List<String> better) {}

  private Comparison() {}

  /**
   * Reads the runs' overall rows and compares each with the baseline.
   *
   * @param runs the summaries, in output order
   * @param baseline the baseline model's name; looked up in the same run and dataset first, then
   *     in any run of the same dataset
   * @return the rows
   * @throws IOException if a summary cannot be read
   * @throws IllegalArgumentException if a summary lacks the columns of evaluate's summary.csv
   */
  public static List<Row> compare(List<Run> runs, String baseline) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (Run run : runs) {
      rows.addAll(read(run));
    }
    List<Row> compared = new ArrayList<>();
    for (Row row : rows) {
      Row base = baselineOf(rows, row, baseline);
      List<String> better = new ArrayList<>();
      if (base != null && base != row) {
        for (String metric : METRICS) {
          if (better(metric, row.means().get(metric), base.means().get(metric))) {
            better.add(metric);
          }
        }
      }
      compared.add(new Row(row.run(), row.dataset(), row.model(), row.count(), row.means(),
          better));
    }
    return compared;
  }

  /**
   * Writes the comparison as CSV (atomically).
   *
   * @param rows output of {@link #compare}
   * @param baseline baseline model name
   * @param file target
   */
  public static void write(List<Row> rows, String baseline, Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    List<Object> header = new ArrayList<>(List.of("run", "dataset", "model", "count"));
    METRICS.forEach(header::add);
    METRICS.forEach(m -> header.add(m + "_minus_" + baseline));
    header.add("better_than_" + baseline);
    lines.add(CsvLine.of(header));
    for (Row row : rows) {
      Row base = baselineOf(rows, row, baseline);
      List<Object> cells = new ArrayList<>(List.of(row.run(), row.dataset(), row.model(),
          row.count()));
      for (String m : METRICS) {
        cells.add(format(row.means().get(m)));
      }
      for (String m : METRICS) {
        cells.add(base == null ? "" : format(row.means().get(m) - base.means().get(m)));
      }
      cells.add(String.join(" ", row.better()));
      lines.add(CsvLine.of(cells));
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, lines, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * @return whether {@code value} is better than {@code base} on {@code metric}; false when either
   *     is missing or the metric has no better direction
   */
  public static boolean better(String metric, Double value, Double base) {
    if (value == null || base == null || value.isNaN() || base.isNaN()) {
      return false;
    }
    return switch (metric) {
      case "psnr", "ssim" -> value > base;
      case "delta_e2000", "fid" -> value < base;
      case "colorfulness_delta" -> Math.abs(value) < Math.abs(base);
      default -> false;
    };
  }

  private static Row baselineOf(List<Row> rows, Row row, String baseline) {
    Row other = null;
    for (Row r : rows) {
      if (r.model().equals(baseline) && r.dataset().equals(row.dataset())) {
        if (r.run().equals(row.run())) {
          return r;
        }
        other = other == null ? r : other;
      }
    }
    return other;
  }

  private static List<Row> read(Run run) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(run.summary(), StandardCharsets.UTF_8)) {
      var parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
          .parse(in);
      List<String> columns = parser.getHeaderNames();
      for (String required : List.of("dataset", "model", "class", "count")) {
        if (!columns.contains(required)) {
          throw new IllegalArgumentException(run.summary() + " has no column '" + required
              + "'; is it an evaluate summary.csv?");
        }
      }
      for (CSVRecord record : parser) {
        if (!"(all)".equals(record.get("class"))) {
          continue;
        }
        Map<String, Double> means = new LinkedHashMap<>();
        for (String metric : METRICS) {
          String column = metric.equals("fid") ? "fid" : metric + "_mean";
          String text = columns.contains(column) ? record.get(column) : "";
          means.put(metric, text.isBlank() ? Double.NaN : CsvNumbers.parse(text));
        }
        rows.add(new Row(run.label(), record.get("dataset"), record.get("model"),
            Long.parseLong(record.get("count")), means, List.of()));
      }
    }
    return rows;
  }

  private static String format(Double value) {
    return value == null || value.isNaN() ? "" : CsvNumbers.format(value);
  }
}
