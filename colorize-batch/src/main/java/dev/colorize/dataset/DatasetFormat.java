package dev.colorize.dataset;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The on-disk layouts the readers understand (see the package documentation). */
public enum DatasetFormat {
  /** AI Hub Korean food: {@code <category>/<class>/Img_*.jpg} plus {@code crop_area.properties}. */
  AIHUB_FOOD("aihub-food"),
  /** AI Hub Korean objects: {@code <ID>_<category>_..._<object>/<image>.jpg} plus same-name JSON. */
  AIHUB_OBJECT("aihub-object"),
  /** Any tree of images; the class is the parent folder's name. */
  FOLDER("folder"),
  /** A CSV file listing {@code path,class[,split]}. */
  MANIFEST("manifest");

  private final String id;

  DatasetFormat(String id) {
    this.id = id;
  }

  /** The id used in configuration, e.g. {@code aihub-food}. */
  public String id() {
    return id;
  }

  /**
   * The format with this id (case-insensitive).
   *
   * @throws InvalidDatasetSpecException naming the value and listing the valid ids
   */
  public static DatasetFormat fromId(String id) {
    String t = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
    for (DatasetFormat f : values()) {
      if (f.id.equals(t)) {
        return f;
      }
    }
    throw new InvalidDatasetSpecException(
        "format",
        id,
        "valid formats are "
            + Arrays.stream(values()).map(DatasetFormat::id).collect(Collectors.joining(", ")));
  }
}
