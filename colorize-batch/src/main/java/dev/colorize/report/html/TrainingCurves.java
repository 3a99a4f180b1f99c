package dev.colorize.report.html;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The loss curves of {@code loss.csv} ({@code step,epoch,phase,<term>...}), one line per term
 * and phase, reduced to at most {@code maxPoints} points per term: rows are grouped into
 * buckets of consecutive steps and each bucket becomes the mean of its finite values (at the
 * mean step), so a long run's chart and the memory it takes stay bounded. Non-finite values
 * (a term not computed in that phase) are left out.
 */
final class TrainingCurves {

  private TrainingCurves() {}

  /**
   * @return per loss term (in column order), its lines (one per phase, in phase order); a term
   *     without any finite value has no entry
   */
  static Map<String, List<LineCharts.Line>> loss(Path lossCsv, int maxPoints)
      throws IOException {
    List<String> header = CsvRows.header(lossCsv);
    Map<String, List<LineCharts.Line>> curves = new LinkedHashMap<>();
    if (header.size() < 4) {
      return curves;
    }
    long rows = CsvRows.count(lossCsv);
    long width = Math.max(1, (rows + maxPoints - 1) / maxPoints);
    List<String> terms = header.subList(3, header.size());
    // term -> phase -> bucket -> {sum of steps, sum of values, count}
    List<Map<String, TreeMap<Long, double[]>>> sums = new ArrayList<>();
    for (int t = 0; t < terms.size(); t++) {
      sums.add(new LinkedHashMap<>());
    }
    CsvRows.forEach(lossCsv, (position, row) -> {
      double step = Double.parseDouble(row.get(0));
      String phase = row.get(2);
      long bucket = position / width;
      for (int t = 0; t < terms.size() && 3 + t < row.size(); t++) {
        double value = parse(row.get(3 + t));
        if (Double.isFinite(value)) {
          double[] s = sums.get(t).computeIfAbsent(phase, k -> new TreeMap<>())
              .computeIfAbsent(bucket, k -> new double[3]);
          s[0] += step;
          s[1] += value;
          s[2]++;
        }
      }
    });
    for (int t = 0; t < terms.size(); t++) {
      List<LineCharts.Line> lines = new ArrayList<>();
      for (Map.Entry<String, TreeMap<Long, double[]>> phase : sums.get(t).entrySet()) {
        List<double[]> points = new ArrayList<>();
        for (double[] s : phase.getValue().values()) {
          points.add(new double[] {s[0] / s[2], s[1] / s[2]});
        }
        lines.add(new LineCharts.Line(phase.getKey(), points));
      }
      if (!lines.isEmpty()) {
        curves.put(terms.get(t), lines);
      }
    }
    return curves;
  }

  /** A cell of colorize's curves: a number, or NaN for an empty or non-numeric cell. */
  static double parse(String cell) {
    try {
      return cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
