package dev.colorize.dataset;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The partition a sample belongs to. */
public enum Split {
  TRAIN("train"),
  VAL("val"),
  TEST("test");

  private final String id;

  Split(String id) {
    this.id = id;
  }

  /** The lower-case name used in manifests, CSV outputs and on the command line. */
  public String id() {
    return id;
  }

  /**
   * Parses a split name as written in a manifest: {@code train}, {@code val} (also
   * {@code validation}, {@code valid}) or {@code test}, ignoring case and surrounding blanks.
   *
   * @throws IllegalArgumentException naming the value and the accepted names
   */
  public static Split parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    switch (t) {
      case "train":
        return TRAIN;
      case "val":
      case "valid":
      case "validation":
        return VAL;
      case "test":
        return TEST;
      default:
        throw new IllegalArgumentException(
            "unknown split '" + text + "', expected one of "
                + Arrays.stream(values()).map(Split::id).collect(Collectors.joining(", ")));
    }
  }
}
