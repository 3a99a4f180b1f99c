package dev.colorize.dataset;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which split(s) a read returns: one of them, or all. */
public enum SplitFilter {
  TRAIN("train", Split.TRAIN),
  VAL("val", Split.VAL),
  TEST("test", Split.TEST),
  ALL("all", null);

  private final String id;
  private final Split only;

  SplitFilter(String id, Split only) {
    this.id = id;
    this.only = only;
  }

  public String id() {
    return id;
  }

  /** True if samples of {@code split} pass this filter. */
  public boolean accepts(Split split) {
    return only == null || only == split;
  }

  /**
   * Parses {@code train}, {@code val}, {@code test} or {@code all} (case-insensitive).
   *
   * @throws InvalidDatasetSpecException naming the value and the valid ids
   */
  public static SplitFilter parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    for (SplitFilter f : values()) {
      if (f.id.equals(t)) {
        return f;
      }
    }
    throw new InvalidDatasetSpecException(
        "split",
        text,
        "valid split filters are "
            + Arrays.stream(values()).map(SplitFilter::id).collect(Collectors.joining(", ")));
  }
}
