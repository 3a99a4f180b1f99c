package dev.colorize.report.html;

import java.util.Arrays;
import java.util.List;

/**
 * {@code <saveImages>}: which images an evaluate run keeps for its report. {@link #REPORT} (the
 * default) is meant to keep only those the report's gallery shows, {@link #ALL} every prediction
 * (in a {@link PredictionTree}), {@link #NONE} none. The report of this version keeps no image
 * whatever the value: the gallery shows its choices' scores and says so.
 */
public enum SaveImages {
  REPORT, ALL, NONE;

  /** The spellings accepted in the POM. */
  public static final List<String> IDS = Arrays.stream(values()).map(SaveImages::id).toList();

  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * @param id {@code report}, {@code all} or {@code none}; null means {@code report}
   * @throws IllegalArgumentException for any other value
   */
  public static SaveImages fromId(String id) {
    if (id == null) {
      return REPORT;
    }
    for (SaveImages value : values()) {
      if (value.id().equals(id)) {
        return value;
      }
    }
    throw new IllegalArgumentException("unknown saveImages '" + id + "'");
  }
}
