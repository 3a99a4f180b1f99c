package dev.colorize.report.html;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/** Bar charts of the reports (differences against a baseline), drawn by JFreeChart as PNG. */
final class BarCharts {

  private BarCharts() {}

  /** Writes one chart of {@code data} (series as bar colours, categories along the axis). */
  static void write(Path folder, String file, String title, String axis,
      DefaultCategoryDataset data) throws IOException {
    BarRenderer renderer = new BarRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    CategoryAxis categories = new CategoryAxis("run / model");
    categories.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    NumberAxis values = new NumberAxis(axis);
    CategoryPlot plot = new CategoryPlot(data, categories, values, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeZeroBaselineVisible(true);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    int width = Math.min(1400, 360 + 40 * data.getColumnCount() * data.getRowCount());
    ChartUtils.saveChartAsPNG(folder.resolve(file).toFile(), chart, width, 420);
  }
}
