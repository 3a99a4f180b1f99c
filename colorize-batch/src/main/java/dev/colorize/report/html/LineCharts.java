package dev.colorize.report.html;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Line charts of the reports (training curves), drawn by JFreeChart and written as PNG: one
 * series per named line, and optionally a vertical marker (the best epoch).
 */
final class LineCharts {

  static final int WIDTH = 720;
  static final int HEIGHT = 320;

  /** A named line of (x, y) points, in x order. */
  record Line(String name, List<double[]> points) {}

  private LineCharts() {}

  /**
   * Writes one chart to {@code folder/file}.
   *
   * @param markerX where the vertical marker goes, or NaN for none
   * @param shapes  whether each point is drawn too (few points: one per epoch)
   */
  static void write(Path folder, String file, String title, String xLabel, String yLabel,
      List<Line> lines, double markerX, String markerLabel, boolean shapes) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Line line : lines) {
      // autoSort off, duplicates allowed: points arrive in step order
      XYSeries series = new XYSeries(line.name(), false, true);
      for (double[] p : line.points()) {
        series.add(p[0], p[1]);
      }
      data.addSeries(series);
    }
    NumberAxis x = new NumberAxis(xLabel);
    x.setAutoRangeIncludesZero(false);
    NumberAxis y = new NumberAxis(yLabel);
    y.setAutoRangeIncludesZero(false);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, shapes);
    for (int i = 0; i < lines.size(); i++) {
      renderer.setSeriesStroke(i, new BasicStroke(1.5f));
    }
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    if (!Double.isNaN(markerX)) {
      ValueMarker marker = new ValueMarker(markerX, new Color(0x2e7d32),
          new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
              new float[] {6f, 4f}, 0f));
      marker.setLabel(markerLabel);
      marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
      marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
      plot.addDomainMarker(marker);
    }
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(folder.resolve(file).toFile(), chart, WIDTH, HEIGHT);
  }
}
