package dev.colorize.image;

/** How a region of any aspect ratio becomes a {@code size x size} square. */
public enum ResizePolicy {
  /** Scale each axis independently to {@code size}: keeps all content, distorts the aspect. */
  STRETCH,
  /** Take the largest centred square of the region, then scale it: keeps the aspect, loses edges. */
  CENTER_CROP,
  /**
   * Scale the longer side to {@code size} keeping the aspect, centre it, fill the rest with
   * neutral gray {@link PairPreparer#PAD_VALUE} (R = G = B = 128: a = b = 0 in Lab, so padding
   * is already "correctly colorized" by any model that leaves neutral areas neutral).
   */
  PAD;

  /** The configuration id: {@code stretch}, {@code center-crop} or {@code pad}. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /**
   * The policy with the given id (case-insensitive; {@code _} and {@code -} are interchangeable).
   *
   * @throws IllegalArgumentException naming the value and the accepted ids
   */
  public static ResizePolicy fromId(String id) {
    if (id != null) {
      String normalized = id.strip().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
      for (ResizePolicy policy : values()) {
        if (policy.id().equals(normalized)) {
          return policy;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown resize policy '" + id + "', expected stretch, center-crop or pad");
  }
}
