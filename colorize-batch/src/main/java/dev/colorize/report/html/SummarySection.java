package dev.colorize.report.html;

import dev.colorize.report.CsvNumbers;
import dev.colorize.report.ReportColumns;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Summary table and the Per class heat maps, from {@code summary.csv}: its overall rows
 * ({@code class = (all)}) and its per-class rows. Reads the file once; holds one row per
 * dataset x model x class.
 */
final class SummarySection {

  private record Row(String dataset, String model, String className, long count, long noChroma,
      double[] means, double[] stds, double fid) {}

  /** The {@code class} of summary.csv's overall rows (ReportAssembler.ALL_CLASSES). */
  static final String ALL_CLASSES = "(all)";

  private final List<String> metrics;
  private final List<String> models;
  private final List<Row> overall = new ArrayList<>();
  private final List<Row> perClass = new ArrayList<>();

  /**
   * @param metrics the run's metric columns
   * @param models  the run's model names, in order
   */
  SummarySection(Path summaryCsv, List<String> metrics, List<String> models) throws IOException {
    this.metrics = metrics;
    this.models = models;
    List<String> header = CsvRows.header(summaryCsv);
    CsvRows.forEach(summaryCsv, (position, cells) -> {
      Map<String, String> r = new LinkedHashMap<>();
      for (int i = 0; i < header.size() && i < cells.size(); i++) {
        r.put(header.get(i), cells.get(i));
      }
      double[] means = new double[metrics.size()];
      double[] stds = new double[metrics.size()];
      for (int m = 0; m < metrics.size(); m++) {
        means[m] = number(r.get(metrics.get(m) + "_mean"));
        stds[m] = number(r.get(metrics.get(m) + "_std"));
      }
      Row row = new Row(r.get("dataset"), r.get("model"), r.get("class"),
          (long) number(r.get("count")), (long) number(r.get(ReportColumns.NO_CHROMA)), means,
          stds, number(r.get(ReportColumns.FID)));
      (ALL_CLASSES.equals(row.className) ? overall : perClass).add(row);
    });
  }

  private static double number(String text) {
    return text == null || text.isBlank() ? Double.NaN : CsvNumbers.parse(text);
  }

  /** Formats a number for display: 3 decimals, the CSV's spelling of non-finite values. */
  static String format(double value) {
    if (Double.isNaN(value)) {
      return "";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    return String.format(Locale.ROOT, "%.3f", value);
  }

  /**
   * The Summary table.
   *
   * @param baseline the baseline model's name, or empty for none
   */
  EvaluatePage.Summary summary(String baseline) {
    boolean withFid = overall.stream().anyMatch(r -> !Double.isNaN(r.fid));
    List<String> columns = new ArrayList<>(metrics);
    if (withFid) {
      columns.add(ReportColumns.FID);
    }
    List<EvaluatePage.SummaryRow> rows = new ArrayList<>();
    for (Row row : overall) {
      Row base = baseline.isEmpty() || row.model.equals(baseline) ? null : overall.stream()
          .filter(r -> r.model.equals(baseline) && r.dataset.equals(row.dataset)).findFirst()
          .orElse(null);
      List<EvaluatePage.Cell> cells = new ArrayList<>();
      for (int m = 0; m < metrics.size(); m++) {
        String metric = metrics.get(m);
        double mean = row.means[m];
        String diff = base == null || Double.isNaN(mean) || Double.isNaN(base.means[m]) ? ""
            : signed(mean - base.means[m]) + " vs " + baseline;
        cells.add(new EvaluatePage.Cell(format(mean) + (Double.isNaN(mean) ? ""
            : " ± " + format(row.stds[m])), sortValue(mean), diff, isBest(row, m, metric)));
      }
      if (withFid) {
        double lowest = overall.stream().filter(r -> r.dataset.equals(row.dataset))
            .mapToDouble(r -> r.fid).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
        cells.add(new EvaluatePage.Cell(format(row.fid), sortValue(row.fid), "",
            !Double.isNaN(row.fid) && row.fid == lowest));
      }
      rows.add(new EvaluatePage.SummaryRow(row.dataset, row.model, row.count, row.noChroma,
          cells));
    }
    return new EvaluatePage.Summary(columns, baseline, rows);
  }

  private boolean isBest(Row row, int m, String metric) {
    if (!MetricInfo.ranked(metric) || Double.isNaN(row.means[m])) {
      return false;
    }
    double best = overall.stream().filter(r -> r.dataset.equals(row.dataset))
        .mapToDouble(r -> MetricInfo.quality(metric, r.means[m])).filter(v -> !Double.isNaN(v))
        .max().orElse(Double.NaN);
    return MetricInfo.quality(metric, row.means[m]) == best;
  }

  private static String signed(double value) {
    String text = format(value);
    return value > 0 || text.equals("inf") ? "+" + text : text;
  }

  private static String sortValue(double value) {
    if (Double.isNaN(value)) {
      return "";
    }
    return Double.isInfinite(value) ? (value > 0 ? "1e308" : "-1e308") : Double.toString(value);
  }

  /** One heat map per metric: rows = dataset x class, columns = models. */
  List<EvaluatePage.HeatMap> heatMaps() {
    Map<List<String>, Map<String, Row>> byClass = new LinkedHashMap<>();
    for (Row row : perClass) {
      byClass.computeIfAbsent(List.of(row.dataset, row.className), k -> new LinkedHashMap<>())
          .put(row.model, row);
    }
    if (byClass.isEmpty()) {
      return List.of();
    }
    List<EvaluatePage.HeatMap> maps = new ArrayList<>();
    for (int m = 0; m < metrics.size(); m++) {
      String metric = metrics.get(m);
      boolean ranked = MetricInfo.ranked(metric);
      double low = Double.POSITIVE_INFINITY;
      double high = Double.NEGATIVE_INFINITY;
      for (Row row : perClass) {
        double v = shade(metric, ranked, row.means[m]);
        if (Double.isFinite(v)) {
          low = Math.min(low, v);
          high = Math.max(high, v);
        }
      }
      List<EvaluatePage.HeatRow> rows = new ArrayList<>();
      for (Map.Entry<List<String>, Map<String, Row>> e : byClass.entrySet()) {
        List<EvaluatePage.HeatCell> cells = new ArrayList<>();
        for (String model : models) {
          Row row = e.getValue().get(model);
          double mean = row == null ? Double.NaN : row.means[m];
          cells.add(new EvaluatePage.HeatCell(format(mean),
              color(shade(metric, ranked, mean), low, high, ranked)));
        }
        rows.add(new EvaluatePage.HeatRow(e.getKey().get(0), e.getKey().get(1), cells));
      }
      maps.add(new EvaluatePage.HeatMap(metric, MetricInfo.of(metric).better(), models, rows));
    }
    return maps;
  }

  private static double shade(String metric, boolean ranked, double value) {
    return ranked ? MetricInfo.quality(metric, value) : value;
  }

  /**
   * Red (worst) over yellow to green (best) for ranked metrics, pale to deeper blue for the
   * others (larger = deeper); white without a finite value.
   */
  static String color(double value, double low, double high, boolean ranked) {
    if (!Double.isFinite(value)) {
      return "#ffffff";
    }
    double t = high > low ? (value - low) / (high - low) : 0.5;
    Color c = ranked ? Color.getHSBColor((float) (t / 3), 0.45f, 0.97f)
        : Color.getHSBColor(0.6f, (float) (0.05 + 0.5 * t), 0.97f);
    return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
  }
}
