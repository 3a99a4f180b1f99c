package dev.colorize.dataset;

import java.util.List;
import java.util.Locale;

/**
 * What an AI Hub food crop_area box is to preparation ({@code <cropAs>}): the region the image is
 * cropped to, or an instance box on the whole image for instance-aware models (InstColor).
 */
public enum CropAs {
  /** The image is cropped to the box before resizing (the default). */
  REGION,
  /** The whole image is prepared; the box joins the sample's instance boxes. */
  INSTANCE;

  /** The ids of the POM. */
  public static final List<String> IDS = List.of("region", "instance");

  /** The value of an id; null or blank means {@link #REGION}. */
  public static CropAs fromId(String id) {
    if (id == null || id.isBlank()) {
      return REGION;
    }
    String s = id.strip().toLowerCase(Locale.ROOT);
    for (CropAs value : values()) {
      if (value.id().equals(s)) {
        return value;
      }
    }
    throw new IllegalArgumentException("'" + id + "'; use " + String.join(" or ", IDS));
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
