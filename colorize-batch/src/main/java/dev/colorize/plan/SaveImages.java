package dev.colorize.plan;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code <saveImages>}: which predictions an evaluate run keeps. {@link #REPORT} (the default)
 * keeps only the images its report's gallery shows, {@link #ALL} every prediction in a
 * {@code PredictionTree} mirroring the dataset, {@link #NONE} none (the gallery shows scores).
 */
public enum SaveImages {
  REPORT, ALL, NONE;

  /** The spellings accepted in the POM. */
  public static final List<String> IDS = Arrays.stream(values()).map(SaveImages::id).toList();

  /** The POM spelling: {@code report}, {@code all} or {@code none}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the score steps write each prediction into the run's {@code PredictionTree}. */
  public boolean writesPredictions() {
    return this != NONE;
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
    throw new IllegalArgumentException("unknown saveImages '" + id + "'; use one of "
        + String.join(", ", IDS));
  }
}
