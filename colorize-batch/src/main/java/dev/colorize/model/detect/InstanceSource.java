package dev.colorize.model.detect;

import dev.colorize.image.Box;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Which boxes an instance-aware model receives when it has a detector ({@code <instances>}). */
public enum InstanceSource {
  /** The dataset's boxes when the image has any, else the detector's (the detector then runs). */
  AUTO,
  /** The detector's boxes only; the dataset's are ignored. */
  DETECTOR,
  /**
   * The dataset's boxes followed by the detector's. A dataset box and a detector box of the same
   * object both stay: the convention's own top-k (largest first) decides what the model sees.
   */
  BOTH;

  /** The ids of the POM, in declaration order. */
  public static final List<String> IDS = List.of("auto", "detector", "both");

  /** The source of an id; null or blank means {@link #AUTO}. */
  public static InstanceSource fromId(String id) {
    if (id == null || id.isBlank()) {
      return AUTO;
    }
    String s = id.strip().toLowerCase(Locale.ROOT);
    for (InstanceSource source : values()) {
      if (source.id().equals(s)) {
        return source;
      }
    }
    throw new IllegalArgumentException("'" + id + "' is not an instance source; use one of: "
        + String.join(", ", IDS));
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the detector has to run for an image with these dataset boxes. */
  public boolean needsDetector(List<Box> datasetBoxes) {
    return this != AUTO || datasetBoxes.isEmpty();
  }

  /**
   * The boxes the model receives.
   *
   * @param detected the detector's boxes; ignored (may be null) when {@link #needsDetector} is
   *     false
   */
  public List<Box> combine(List<Box> datasetBoxes, List<Box> detected) {
    return switch (this) {
      case AUTO -> datasetBoxes.isEmpty() ? List.copyOf(detected) : List.copyOf(datasetBoxes);
      case DETECTOR -> List.copyOf(detected);
      case BOTH -> {
        List<Box> all = new ArrayList<>(datasetBoxes);
        all.addAll(detected);
        yield List.copyOf(all);
      }
    };
  }
}
