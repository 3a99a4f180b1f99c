package dev.colorize.job.colorize;

import java.util.Locale;

/** How colorized photos are encoded: like their source, or always PNG. */
public enum OutputFormat {
  /**
   * The source's own format and extension: JPEG at quality 95, PNG, TIFF and BMP lossless, WebP
   * at quality 95; GIF sources (no GIF encoder) become PNG.
   */
  SAME("same"),
  /** Lossless PNG whatever the source. */
  PNG("png");

  private final String id;

  OutputFormat(String id) {
    this.id = id;
  }

  /** The id used in {@code <outputFormat>} and {@code --output-format}. */
  public String id() {
    return id;
  }

  /**
   * The format of an id, ignoring case.
   *
   * @throws IllegalArgumentException for an unknown id
   */
  public static OutputFormat fromId(String id) {
    for (OutputFormat f : values()) {
      if (f.id.equals(id == null ? null : id.strip().toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException("'" + id + "' is not an output format; use same or png");
  }
}
