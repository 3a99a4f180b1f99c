package dev.colorize.job.prepare;

import dev.colorize.image.Box;
import java.util.List;

/**
 * The outcome of preparing one sample: accepted with its cache key, or rejected with a reason.
 *
 * @param dataset  dataset name
 * @param sampleId stable sample id (relative NFC path)
 * @param label    class label
 * @param path     source file
 * @param instances instance boxes in the source's original coordinates, "x,y,w,h;..." (may be
 *                 empty)
 * @param cacheKey prepared-pair cache key; null when rejected
 * @param reason   rejection reason code (e.g. TRUNCATED); null when accepted
 * @param message  human-readable rejection detail; null when accepted
 */
public record PreparedSample(String dataset, String sampleId, String label, String path,
    String instances, String cacheKey, String reason, String message) {

  /** Columns of the prepared-list part file a dataset's preparation writes. */
  public static final List<String> PART_COLUMNS = List.of("sample_id", "class", "path", "instances",
      "cache_key");

  public boolean accepted() {
    return cacheKey != null;
  }

  /** This sample as a row of the prepared-list part file. */
  public List<String> partRow() {
    return List.of(sampleId, label, path, instances, cacheKey);
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
    return new PreparedSample(dataset, row.get(0), row.get(1), row.get(2), row.get(3), row.get(4),
        null, null);
  }

  /** Boxes as written in the instances column. */
  public static String formatBoxes(List<Box> boxes) {
    StringBuilder s = new StringBuilder();
    for (Box b : boxes) {
      if (s.length() > 0) {
        s.append(';');
      }
      s.append(b.x()).append(',').append(b.y()).append(',').append(b.width()).append(',')
          .append(b.height());
    }
    return s.toString();
  }

  /** The instance boxes of this sample, in original coordinates. */
  public List<Box> instanceBoxes() {
    if (instances == null || instances.isBlank()) {
      return List.of();
    }
    List<Box> boxes = new java.util.ArrayList<>();
    for (String part : instances.split(";")) {
      String[] v = part.split(",");
      boxes.add(new Box(Integer.parseInt(v[0]), Integer.parseInt(v[1]), Integer.parseInt(v[2]),
          Integer.parseInt(v[3])));
    }
    return boxes;
  }
}
