package dev.colorize.report.html;

import dev.colorize.report.CsvLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Streams the data rows of one of colorize's CSV files (header skipped), one at a time. */
final class CsvRows {

  /** What to do with each row; {@code position} counts data rows from 0. */
  @FunctionalInterface
  interface Handler {
    void accept(int position, List<String> row) throws IOException;
  }

  private CsvRows() {}

  /** Calls {@code handler} for every data row; a missing file has none. */
  static void forEach(Path file, Handler handler) throws IOException {
    if (file == null || !Files.exists(file)) {
      return;
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line = in.readLine(); // header
      int position = 0;
      while ((line = in.readLine()) != null) {
        if (!line.isEmpty()) {
          handler.accept(position++, CsvLine.parse(line));
        }
      }
    }
  }

  /** The header of a CSV file, or an empty list when it has none. */
  static List<String> header(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line = in.readLine();
      return line == null ? List.of() : CsvLine.parse(line);
    }
  }

  /** The number of data rows. */
  static long count(Path file) throws IOException {
    long[] n = new long[1];
    forEach(file, (position, row) -> n[0]++);
    return n[0];
  }
}
