package dev.colorize.report.html;

import dev.colorize.report.Comparison;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Writes the compare goal's page, {@code comparison-report/index.html} beside
 * {@code comparison.csv}, from that file alone: the table, and per metric with a better direction
 * a bar chart of each run and model's mean minus the baseline's on the same dataset (a bar per
 * dataset).
 */
public final class CompareReport {

  /** The page's folder, beside comparison.csv. */
  public static final String FOLDER = "comparison-report";

  private CompareReport() {}

  /**
   * @param comparisonCsv the file {@code Comparison.write} wrote
   * @return the written index.html
   */
  public static Path write(Path comparisonCsv, String baseline) throws IOException {
    Path folder = comparisonCsv.toAbsolutePath().resolveSibling(FOLDER);
    Files.createDirectories(folder);
    List<String> header = CsvRows.header(comparisonCsv);
    List<List<String>> rows = new ArrayList<>();
    CsvRows.forEach(comparisonCsv, (position, row) -> rows.add(row));
    int model = header.indexOf("model");
    List<ComparePage.Row> pageRows = new ArrayList<>();
    for (List<String> row : rows) {
      pageRows.add(new ComparePage.Row(row, row.get(model).equals(baseline)));
    }
    List<PageParts.Chart> charts = new ArrayList<>();
    for (String metric : Comparison.METRICS) {
      int column = header.indexOf(metric + "_minus_" + baseline);
      if (column < 0 || !(MetricInfo.ranked(metric) || metric.equals("fid"))) {
        continue;
      }
      DefaultCategoryDataset data = new DefaultCategoryDataset();
      for (List<String> row : rows) {
        double value = TrainingCurves.parse(row.get(column));
        if (!row.get(model).equals(baseline) && Double.isFinite(value)) {
          data.addValue(value, row.get(header.indexOf("dataset")),
              row.get(header.indexOf("run")) + " / " + row.get(model));
        }
      }
      if (data.getColumnCount() == 0) {
        continue;
      }
      String file = "compare-" + charts.size() + ".png";
      BarCharts.write(folder, file, metric + " minus " + baseline,
          metric + " − " + baseline, data);
      String better = metric.equals("fid") ? "lower" : MetricInfo.of(metric).better();
      charts.add(new PageParts.Chart(metric, file, "mean " + metric + " minus the " + baseline
          + " baseline's on the same dataset, a bar per dataset; better: " + better));
    }
    return HtmlPages.write("compare.jte", new ComparePage(baseline, header, pageRows, charts),
        folder);
  }
}
