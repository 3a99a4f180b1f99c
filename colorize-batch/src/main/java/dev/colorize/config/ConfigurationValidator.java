package dev.colorize.config;

import dev.colorize.dataset.CropAs;
import dev.colorize.dataset.DatasetFormat;
import dev.colorize.dataset.DatasetSpec;
import dev.colorize.dataset.InvalidDatasetSpecException;
import dev.colorize.dataset.SplitFilter;
import dev.colorize.dataset.SplitFractions;
import dev.colorize.metric.fid.FeatureExtractor;
import dev.colorize.model.ModelRegistry;
import dev.colorize.report.html.SaveImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a {@link RunConfiguration} before anything runs, failing on the first problem with one
 * sentence that names the POM element and the bad value. Also turns {@code <dataset>}s into
 * reader specs, so the checks and the use cannot drift apart.
 */
public final class ConfigurationValidator {

  /** Resize policies understood by the image core. */
  public static final List<String> RESIZE_POLICIES = List.of("stretch", "center-crop", "pad");

  private final ModelRegistry models;
  private final Collection<String> metricNames;

  public ConfigurationValidator(ModelRegistry models, Collection<String> metricNames) {
    this.models = models;
    this.metricNames = metricNames;
  }

  /**
   * Validates everything a run reads.
   *
   * @param needsModels whether the goal runs models (evaluate) or only prepares data
   * @throws ConfigurationException naming the first offending element
   */
  public void validate(RunConfiguration config, boolean needsModels) {
    if (config.workDirectory == null || config.workDirectory.isBlank()) {
      throw new ConfigurationException("<workDirectory>", "is not set");
    }
    if (config.imageSize < 16 || config.imageSize > 4096) {
      throw new ConfigurationException("<imageSize>",
          "is " + config.imageSize + "; use a side between 16 and 4096 pixels (default 256)");
    }
    if (!RESIZE_POLICIES.contains(config.resizePolicy)) {
      throw new ConfigurationException("<resizePolicy>", "is '" + config.resizePolicy
          + "'; use one of: " + String.join(", ", RESIZE_POLICIES));
    }
    if (config.chunkSize < 1) {
      throw new ConfigurationException("<chunkSize>", "is " + config.chunkSize + "; use 1 or more");
    }
    if (config.threads < 0) {
      throw new ConfigurationException("<threads>",
          "is " + config.threads + "; use 0 (one per core) or more");
    }
    if (config.maxSkips < -1) {
      throw new ConfigurationException("<maxSkips>",
          "is " + config.maxSkips + "; use -1 (no limit), 0 or more");
    }
    if (!(config.maxSkipRatio >= 0 && config.maxSkipRatio <= 1)) {
      throw new ConfigurationException("<maxSkipRatio>",
          "is " + config.maxSkipRatio + "; use a share between 0 and 1");
    }
    if (config.saveImages != null && !SaveImages.IDS.contains(config.saveImages)) {
      throw new ConfigurationException("<saveImages>", "is '" + config.saveImages
          + "'; use one of: " + String.join(", ", SaveImages.IDS) + " (default report)");
    }
    validateDatasets(config.datasets);
    if (needsModels) {
      validateModels(config.models);
      if (config.featureModel != null) {
        FeatureExtractor.validate(config.featureModel); // checks only; loads nothing
      }
    }
    for (String metric : config.metrics) {
      if (!metricNames.contains(metric)) {
        throw new ConfigurationException("<metrics><metric>", "is '" + metric
            + "', not a known metric; use any of: " + String.join(", ", metricNames));
      }
    }
  }

  private void validateDatasets(List<DatasetConfig> datasets) {
    if (datasets == null || datasets.isEmpty()) {
      throw new ConfigurationException("<datasets>",
          "is empty; declare at least one <dataset> with <name>, <format> and <path>");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < datasets.size(); i++) {
      DatasetConfig d = datasets.get(i);
      String element = datasetElement(i, d);
      if (d.name == null || d.name.isBlank()) {
        throw new ConfigurationException(element + "<name>", "is missing");
      }
      if (!names.add(d.name)) {
        throw new ConfigurationException(element + "<name>",
            "'" + d.name + "' is used by two datasets; dataset names must be unique");
      }
      toSpec(d, element);
    }
  }

  /** The reader spec of a {@code <dataset>}, after checking it. */
  public static DatasetSpec toSpec(DatasetConfig d, String element) {
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
    cropAs(d, element);
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
      return spec;
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
  public static CropAs cropAs(DatasetConfig d, String element) {
    CropAs cropAs;
    try {
      cropAs = CropAs.fromId(d.cropAs);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(element + "<cropAs>", "is " + e.getMessage()
          + " (instance: keep the whole image and give the crop box to instance-aware models)");
    }
    if (cropAs == CropAs.INSTANCE && !isFood(d.format)) {
      throw new ConfigurationException(element + "<cropAs>", "is 'instance', but only aihub-food"
          + " datasets have crop boxes, not '" + d.format + "'; remove <cropAs>");
    }
    return cropAs;
  }

  private static boolean isFood(String format) {
    try {
      return DatasetFormat.fromId(format) == DatasetFormat.AIHUB_FOOD;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private void validateModels(List<ModelConfig> declared) {
    if (declared == null || declared.isEmpty()) {
      throw new ConfigurationException("<models>",
          "is empty; declare at least one <model> (e.g. <name>gray</name><engine>gray</engine>)");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < declared.size(); i++) {
      ModelConfig m = declared.get(i);
      String element =
          "<models><model>[" + (i + 1) + "]" + (m.name == null ? "" : " '" + m.name + "' ");
      if (m.name == null || m.name.isBlank()) {
        throw new ConfigurationException(element + "<name>", "is missing");
      }
      if (!names.add(m.name)) {
        throw new ConfigurationException(element + "<name>",
            "'" + m.name + "' is used by two models; model names must be unique");
      }
      if (m.batchSize < 1) {
        throw new ConfigurationException(element + "<batchSize>",
            "is " + m.batchSize + "; use 1 or more");
      }
      models.engineFor(m, element).validate(m, element);
    }
  }

  /** The POM element of the i-th (0-based) dataset, for messages. */
  public static String datasetElement(int index, DatasetConfig d) {
    return "<datasets><dataset>[" + (index + 1) + "]" + (d.name == null ? "" : " '" + d.name + "' ");
  }
}
