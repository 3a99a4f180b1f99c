package dev.colorize.dataset;

import dev.colorize.image.Box;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A reference to one image of a dataset; readers never decode the image.
 *
 * @param id the image's path relative to the dataset root, '/'-separated, each name in Unicode
 *     NFC: the same on every OS, the key for splits, caches and score rows
 * @param path the image file (absolute)
 * @param label the class name (NFC)
 * @param category the coarser group the class belongs to (NFC), empty when the format has none
 * @param crop the AI Hub food crop entry, null when the image has none
 * @param instances object boxes in image pixels (AI Hub objects), possibly empty
 * @param split the partition the sample belongs to
 * @param attributes extra annotation values in a stable order (tags, descriptions, folder-name
 *     fields), possibly empty
 */
public record Sample(
    String id,
    Path path,
    String label,
    String category,
    CropArea crop,
    List<Box> instances,
    Split split,
    Map<String, String> attributes) {

  public Sample {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(split, "split");
    instances = List.copyOf(instances);
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }
}
