package dev.colorize.report.html;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.data.statistics.BoxAndWhiskerCalculator;
import org.jfree.data.statistics.BoxAndWhiskerItem;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;

/**
 * The report's distribution plots: per metric one JFreeChart box plot with a box per dataset x
 * model (models as series, datasets as categories), written as PNG. Values are added one
 * dataset x model at a time and reduced to their box statistics at once, so only one part's
 * values are in memory.
 */
final class DistributionCharts {

  private final Map<String, DefaultBoxAndWhiskerCategoryDataset> byMetric = new LinkedHashMap<>();

  DistributionCharts(List<String> metrics) {
    for (String metric : metrics) {
      byMetric.put(metric, new DefaultBoxAndWhiskerCategoryDataset());
    }
  }

  /** Adds one dataset x model's values of {@code metric}; non-finite values are left out. */
  void add(String metric, String dataset, String model, double[] values, int count) {
    List<Double> finite = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      if (Double.isFinite(values[i])) {
        finite.add(values[i]);
      }
    }
    if (finite.isEmpty()) {
      return;
    }
    BoxAndWhiskerItem item = BoxAndWhiskerCalculator.calculateBoxAndWhiskerStatistics(finite);
    byMetric.get(metric).add(item, model, dataset);
  }

  /**
   * Writes {@code <metric>.png} into {@code folder} for each metric with values.
   *
   * @return file name by metric, in metric order
   */
  Map<String, String> write(Path folder, int width, int height) throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    for (Map.Entry<String, DefaultBoxAndWhiskerCategoryDataset> e : byMetric.entrySet()) {
      if (e.getValue().getRowCount() == 0) {
        continue;
      }
      String file = "chart-" + e.getKey() + ".png";
      ChartUtils.saveChartAsPNG(folder.resolve(file).toFile(), chart(e.getKey(), e.getValue()),
          width, height);
      files.put(e.getKey(), file);
    }
    return files;
  }

  private static JFreeChart chart(String metric, DefaultBoxAndWhiskerCategoryDataset data) {
    BoxAndWhiskerRenderer renderer = new BoxAndWhiskerRenderer();
    renderer.setMeanVisible(true);
    renderer.setMaxOutlierVisible(true);
    renderer.setMinOutlierVisible(true);
    renderer.setFillBox(true);
    renderer.setDefaultToolTipGenerator(null);
    NumberAxis values = new NumberAxis(metric);
    values.setAutoRangeIncludesZero(false);
    CategoryPlot plot = new CategoryPlot(data, new CategoryAxis("dataset"), values, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart = new JFreeChart(metric + " by dataset and model",
        JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }
}
