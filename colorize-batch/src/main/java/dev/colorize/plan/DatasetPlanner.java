package dev.colorize.plan;

import dev.colorize.config.ConfigurationException;
import dev.colorize.config.DatasetConfig;
import dev.colorize.dataset.CropAs;
import dev.colorize.dataset.DatasetFormat;
import dev.colorize.dataset.DatasetSpec;
import dev.colorize.dataset.InvalidDatasetSpecException;
import dev.colorize.dataset.SplitFilter;
import dev.colorize.dataset.SplitFractions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns one {@code <dataset>} into its {@link DatasetPlan}, checking it on the way, so the checks
 * and the use cannot drift apart. Fails on the first problem with one sentence naming the POM
 * element and the bad value.
 */
public final class DatasetPlanner {

  private DatasetPlanner() {}

  /** The POM element of the i-th (0-based) dataset, for messages. */
  public static String element(int index, DatasetConfig d) {
    return "<datasets><dataset>[" + (index + 1) + "]" + (d.name == null ? "" : " '" + d.name + "' ");
  }

  /**
   * The plan of a {@code <dataset>}, after checking it.
   *
   * @param element the dataset's POM element ({@link #element}), for messages
   * @throws ConfigurationException naming the first offending element
   */
  public static DatasetPlan plan(DatasetConfig d, String element) {
    DatasetFormat format;
    try {
      format = DatasetFormat.fromId(d.format);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(element + "<format>", "is '" + d.format
          + "', not a known dataset format; use one of: aihub-food, aihub-object, folder, manifest");
    }
    if (d.path == null || d.path.isBlank()) {
      throw new ConfigurationException(element + "<path>", "is missing");
    }
    CropAs cropAs = cropAs(d, format, element);
    Path root = Path.of(d.path).toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new ConfigurationException(element + "<path>",
          "'" + root + "' is not an existing folder");
    }
    try {
      DatasetSpec spec = DatasetSpec.of(d.name, format, root)
          .withSplitFilter(SplitFilter.parse(d.split))
          .withFractions(SplitFractions.parse(d.fractions))
          .withLimit(d.limit)
          .withPerClassLimit(d.perClassLimit);
      if (format == DatasetFormat.MANIFEST) {
        Path manifest = d.manifest == null || d.manifest.isBlank()
            ? root.resolve("manifest.csv") : root.resolve(d.manifest).normalize();
        if (!Files.isRegularFile(manifest)) {
          throw new ConfigurationException(element + "<manifest>",
              "'" + manifest + "' is not an existing file");
        }
        spec = spec.withManifest(manifest);
      }
      return new DatasetPlan(spec, cropAs);
    } catch (InvalidDatasetSpecException e) {
      throw new ConfigurationException(element + "<" + e.setting() + ">", e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(element, e.getMessage());
    }
  }

  /**
   * What a {@code <dataset>}'s crop_area boxes are ({@code <cropAs>}, default region).
   *
   * @throws ConfigurationException naming {@code <cropAs>} when the value is unknown, or
   *     {@code instance} on a format without crop boxes
   */
  private static CropAs cropAs(DatasetConfig d, DatasetFormat format, String element) {
    CropAs cropAs;
    try {
      cropAs = CropAs.fromId(d.cropAs);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(element + "<cropAs>", "is " + e.getMessage()
          + " (instance: keep the whole image and give the crop box to instance-aware models)");
    }
    if (cropAs == CropAs.INSTANCE && format != DatasetFormat.AIHUB_FOOD) {
      throw new ConfigurationException(element + "<cropAs>", "is 'instance', but only aihub-food"
          + " datasets have crop boxes, not '" + d.format + "'; remove <cropAs>");
    }
    return cropAs;
  }
}
