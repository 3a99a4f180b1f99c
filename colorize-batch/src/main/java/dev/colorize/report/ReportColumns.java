package dev.colorize.report;

import dev.colorize.metric.ImageScores;
import java.util.ArrayList;
import java.util.List;

/** The columns of colorize's CSV reports; documented in docs/reports.md. */
public final class ReportColumns {

  /**
   * Last column of {@code scores.csv}: 1 when the model returned no colour for the image (see
   * {@code ChromaCheck}), 0 otherwise. Such rows are a model failure, not a colorization.
   */
  public static final String NO_CHROMA = "no_chroma";

  /** Leading columns of {@code scores.csv}; the metric columns follow, then {@link #NO_CHROMA}. */
  public static final List<String> SCORE_KEYS = List.of("dataset", "model", "sample_id", "class");

  /**
   * Columns of {@code dataset-issues.csv}: what a dataset reader refused or worked around (a
   * manifest row outside the root, a symbolic link leading out, a malformed annotation line).
   */
  public static final List<String> DATASET_ISSUES = List.of("dataset", "file", "line", "issue");

  /** Columns of {@code skipped.csv}. */
  public static final List<String> SKIPPED = List.of("dataset", "sample_id", "path", "stage",
      "reason");

  /**
   * Leading columns of {@code summary.csv}; then {@code <metric>_mean, <metric>_std} pairs, then
   * {@link #FID}.
   */
  public static final List<String> SUMMARY_KEYS = List.of("dataset", "model", "class", "count",
      NO_CHROMA);

  /**
   * Last column of {@code summary.csv}: the dataset x model's FID in its overall row; empty in
   * per-class rows and when no FID was computed.
   */
  public static final String FID = "fid";

  private ReportColumns() {}

  /** The metric columns a run writes: the selected ones in canonical order, or all. */
  public static List<String> metrics(List<String> selected) {
    if (selected == null || selected.isEmpty()) {
      return ImageScores.COLUMNS;
    }
    return ImageScores.COLUMNS.stream().filter(selected::contains).toList();
  }

  /** The header of {@code scores.csv}. */
  public static List<String> scoreHeader(List<String> metrics) {
    List<String> header = new ArrayList<>(SCORE_KEYS);
    header.addAll(metrics);
    header.add(NO_CHROMA);
    return header;
  }

  /** The header of {@code summary.csv}. */
  public static List<String> summaryHeader(List<String> metrics) {
    List<String> header = new ArrayList<>(SUMMARY_KEYS);
    for (String metric : metrics) {
      header.add(metric + "_mean");
      header.add(metric + "_std");
    }
    header.add(FID);
    return header;
  }
}
