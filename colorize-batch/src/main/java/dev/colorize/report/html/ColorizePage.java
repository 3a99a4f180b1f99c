package dev.colorize.report.html;

import java.util.List;

/**
 * Everything {@code colorize.jte} shows; every string from disk in here is escaped by jte.
 *
 * @param shown   how many photos have thumbnails
 * @param total   how many photos colorized.csv lists
 */
public record ColorizePage(String model, String source, List<PageParts.Entry> facts,
    int shown, int total, List<Photo> photos, List<String> skippedHeader,
    List<List<String>> skipped) {

  /**
   * One colorized photo: its thumbnails (empty when it could not be read again), id, full size,
   * whether it came back without colour, and where the output is.
   */
  public record Photo(String id, String input, String output, String size, boolean noChroma,
      String outputPath, String note) {}
}
