package dev.colorize.job.prepare;

import java.util.List;

/**
 * The outcome of preparing one sample: accepted with its cache key, or rejected with a reason.
 *
 * @param dataset  dataset name
 * @param sampleId stable sample id (relative NFC path)
 * @param label    class label
 * @param path     source file
 * @param cacheKey prepared-pair cache key; null when rejected
 * @param reason   rejection reason code (e.g. TRUNCATED); null when accepted
 * @param message  human-readable rejection detail; null when accepted
 */
public record PreparedSample(String dataset, String sampleId, String label, String path,
    String cacheKey, String reason, String message) {

  /** Columns of the prepared-list part file a dataset's preparation writes. */
  public static final List<String> PART_COLUMNS = List.of("sample_id", "class", "path", "cache_key");

  public boolean accepted() {
    return cacheKey != null;
  }

  /** This sample as a row of the prepared-list part file. */
  public List<String> partRow() {
    return List.of(sampleId, label, path, cacheKey);
  }

  /** This sample as a row of skipped.csv. */
  public List<String> skippedRow() {
    return List.of(dataset, sampleId, path, "prepare", oneLine(reason + ": " + message));
  }

  /** Text on one line, so every CSV record is one line of its file. */
  public static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("[\\r\\n]+", " ").strip();
  }

  /** Reads a prepared-list part row back. */
  public static PreparedSample fromPartRow(String dataset, List<String> row) {
    return new PreparedSample(dataset, row.get(0), row.get(1), row.get(2), row.get(3), null, null);
  }
}
