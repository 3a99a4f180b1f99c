package dev.colorize.report.html;

import java.util.List;

/**
 * Everything {@code compare.jte} shows; every string from disk in here is escaped by jte.
 *
 * @param columns the comparison.csv header
 * @param rows    its rows; {@code baseline} marks the baseline model's
 */
public record ComparePage(String baseline, List<String> columns, List<Row> rows,
    List<PageParts.Chart> charts) {

  /** A row of comparison.csv. */
  public record Row(List<String> cells, boolean baseline) {}
}
