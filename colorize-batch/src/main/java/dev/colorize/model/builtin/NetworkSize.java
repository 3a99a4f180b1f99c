package dev.colorize.model.builtin;

import java.util.Locale;

/**
 * The width/depth knob of the built-in networks. {@code tiny} trains in seconds on a CPU (tests,
 * demonstrations), {@code small} in minutes, {@code full} has the published models' widths and
 * wants a GPU.
 */
public enum NetworkSize {
  TINY, SMALL, FULL;

  /** The id used in {@code <size>}: {@code tiny}, {@code small} or {@code full}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The size of an id, case and outer blanks ignored.
   *
   * @throws IllegalArgumentException naming the bad value and the known ids
   */
  public static NetworkSize parse(String id) {
    String s = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
    for (NetworkSize size : values()) {
      if (size.id().equals(s)) {
        return size;
      }
    }
    throw new IllegalArgumentException(
        "'" + id + "' is not a network size; use tiny, small or full");
  }
}
