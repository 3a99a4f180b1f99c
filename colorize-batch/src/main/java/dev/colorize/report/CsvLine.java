package dev.colorize.report;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * One CSV record as a line of text, quoted by Apache Commons CSV (RFC 4180). Spring Batch's flat
 * file writers and readers work in lines; this keeps quoting of commas, quotes and Hangul in one
 * well-kept library instead of hand-written escaping.
 */
public final class CsvLine {

  private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("").get();

  private CsvLine() {}

  /** The values as one CSV line, without a line separator. */
  public static String of(Object... values) {
    return FORMAT.format(values);
  }

  /** The values as one CSV line, without a line separator. */
  public static String of(List<?> values) {
    return FORMAT.format(values.toArray());
  }

  /** Parses one CSV line written by {@link #of}. */
  public static List<String> parse(String line) {
    try (var parser = FORMAT.parse(new StringReader(line))) {
      List<CSVRecord> records = parser.getRecords();
      return records.isEmpty() ? List.of() : records.get(0).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
