package dev.colorize.job.colorize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.colorize.config.ConfigurationException;
import dev.colorize.config.DatasetConfig;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import dev.colorize.dataset.CropAs;
import dev.colorize.dataset.DatasetFormat;
import dev.colorize.dataset.DatasetSpec;
import dev.colorize.metric.ImageScores;
import dev.colorize.model.ModelRegistry;
import dev.colorize.plan.DatasetPlanner;
import dev.colorize.plan.RunPlan;
import dev.colorize.plan.RunPlanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checked colorize request against a run configuration: the chosen model, the photos' source,
 * the output folder, and the job identity. {@link #resolve} fails on the first problem with one
 * sentence naming the POM element ({@code <model>}, {@code <input>}, {@code <dataset>},
 * {@code <output>}, ...) and the bad value.
 *
 * <p>The {@link #identity()} hashes the model's declaration, the source (folder path, or the
 * dataset's declaration), the output folder, the working size, the output format, the pixel
 * limit and {@link #PIPELINE_VERSION}: the same request is the same job instance, so a re-run
 * resumes or reports it, and any change starts a new one.
 */
public final class ColorizeRun {

  /** Bumped whenever the pipeline's output for the same inputs changes. */
  public static final int PIPELINE_VERSION = 1;
  /** Dataset name of a plain {@code <input>} folder, in skipped rows. */
  public static final String INPUT_DATASET = "input";
  /** How chroma is upsampled to full resolution, recorded in run.json. */
  public static final String UPSAMPLING = "bilinear";

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private final RunConfiguration config;
  private final RunPlan plan;
  private final ColorizeRequest request;
  private final ModelConfig model;
  private final DatasetConfig source;
  private final DatasetSpec spec;
  private final Path output;

  private ColorizeRun(RunConfiguration config, RunPlan plan, ColorizeRequest request,
      ModelConfig model, DatasetConfig source, DatasetSpec spec, Path output) {
    this.config = config;
    this.plan = plan;
    this.request = request;
    this.model = model;
    this.source = source;
    this.spec = spec;
    this.output = output;
  }

  /**
   * Checks a request and the run settings it uses. Only the chosen model and dataset are
   * checked: other declarations in the POM may refer to files this run does not need.
   *
   * @throws ConfigurationException naming the first offending element
   */
  public static ColorizeRun resolve(RunConfiguration config, ColorizeRequest request,
      ModelRegistry registry) {
    ModelConfig model = chooseModel(config, request.model(), registry);
    DatasetConfig source;
    DatasetSpec spec;
    if (request.input() != null && request.dataset() != null && !request.dataset().isBlank()) {
      throw new ConfigurationException("<input>", "and <dataset> are both set ('"
          + request.input() + "', '" + request.dataset() + "'); give one source");
    }
    if (request.input() != null) {
      Path input = request.input().toAbsolutePath().normalize();
      if (!Files.isDirectory(input)) {
        throw new ConfigurationException("<input>", "'" + input + "' is not an existing folder");
      }
      source = new DatasetConfig(INPUT_DATASET, DatasetFormat.FOLDER.id(), input.toString());
      spec = DatasetSpec.of(INPUT_DATASET, DatasetFormat.FOLDER, input);
    } else if (request.dataset() != null && !request.dataset().isBlank()) {
      int index = indexOfDataset(config.datasets, request.dataset());
      source = config.datasets.get(index);
      spec = DatasetPlanner.plan(source, DatasetPlanner.element(index, source)).spec();
    } else {
      throw new ConfigurationException("<input>", "is not set; give the folder of photos"
          + " (-Dcolorize.input=DIR) or a declared dataset (-Dcolorize.dataset=NAME)");
    }
    if (request.output() == null) {
      throw new ConfigurationException("<output>",
          "is not set; give the folder to write the colorized photos to (-Dcolorize.output=DIR)");
    }
    Path output = request.output().toAbsolutePath().normalize();
    Path root = spec.root().toAbsolutePath().normalize();
    if (output.startsWith(root) || root.startsWith(output)) {
      throw new ConfigurationException("<output>", "'" + output + "' overlaps the photos' folder '"
          + root + "'; write to a folder outside it (a rerun would read its own output or"
          + " overwrite the originals)");
    }
    if (Files.exists(output) && !Files.isDirectory(output)) {
      throw new ConfigurationException("<output>", "'" + output + "' exists and is not a folder");
    }
    if (request.outputFormat() == null) {
      throw new ConfigurationException("<outputFormat>", "is not set; use same or png");
    }
    if (request.maxPixels() < 1) {
      throw new ConfigurationException("<maxPixels>",
          "is " + request.maxPixels() + "; use a positive pixel count (default 100000000)");
    }
    // The common settings (work directory, sizes, threads, skip limits) as every goal checks
    // them, on a configuration holding just what this run uses.
    RunConfiguration used = copyWith(config, source, model);
    RunPlan plan = new RunPlanner(registry, ImageScores.COLUMNS).plan(used, true);
    return new ColorizeRun(used, plan, request, model, source, spec, output);
  }

  private static ModelConfig chooseModel(RunConfiguration config, String name,
      ModelRegistry registry) {
    List<String> names = new ArrayList<>();
    for (ModelConfig m : config.models) {
      names.add(m.name);
    }
    if (name == null || name.isBlank()) {
      throw new ConfigurationException("<model>", "is not set; name one of the declared"
          + " <models> (-Dcolorize.model=NAME)" + declared(names));
    }
    for (int i = 0; i < config.models.size(); i++) {
      ModelConfig m = config.models.get(i);
      if (name.equals(m.name)) {
        new RunPlanner(registry, ImageScores.COLUMNS)
            .planModel(m, "<models><model>[" + (i + 1) + "] '" + m.name + "' ");
        return m;
      }
    }
    throw new ConfigurationException("<model>", "is '" + name + "', not a declared model;"
        + " declare it in <models>" + declared(names));
  }

  private static int indexOfDataset(List<DatasetConfig> datasets, String name) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < datasets.size(); i++) {
      if (name.equals(datasets.get(i).name)) {
        return i;
      }
      names.add(datasets.get(i).name);
    }
    throw new ConfigurationException("<dataset>", "is '" + name + "', not a declared dataset;"
        + " declare it in <datasets> or give a folder with <input>" + declared(names));
  }

  private static String declared(List<String> names) {
    return names.isEmpty() ? " (none is declared)" : " (declared: " + String.join(", ", names)
        + ")";
  }

  private static RunConfiguration copyWith(RunConfiguration c, DatasetConfig source,
      ModelConfig model) {
    RunConfiguration used = new RunConfiguration();
    used.workDirectory = c.workDirectory;
    used.imageSize = c.imageSize;
    used.resizePolicy = c.resizePolicy;
    used.chunkSize = c.chunkSize;
    used.threads = c.threads;
    used.datasets = new ArrayList<>(List.of(source));
    used.models = new ArrayList<>(List.of(model));
    used.maxSkips = c.maxSkips;
    used.maxSkipRatio = c.maxSkipRatio;
    used.jdbc = c.jdbc;
    used.rerun = c.rerun;
    return used;
  }

  /** The plan of the settings this run uses: its work directory, sizes and skip limits. */
  public RunPlan plan() {
    return plan;
  }

  /** The settings this run uses (one dataset: the source; one model: the chosen one). */
  public RunConfiguration configuration() {
    return config;
  }

  public ModelConfig model() {
    return model;
  }

  /** The photos: a {@code folder} spec of {@code <input>}, or the declared dataset's. */
  public DatasetSpec source() {
    return spec;
  }

  /**
   * What the source's food crop boxes are: with {@link CropAs#INSTANCE} instance boxes of the
   * model input; otherwise ignored (this goal always colorizes the whole photo).
   */
  public CropAs cropAs() {
    return CropAs.fromId(source.cropAs);
  }

  /** The dataset name in output rows: {@value #INPUT_DATASET} or the declared dataset's. */
  public String sourceName() {
    return source.name;
  }

  /** The absolute output folder. */
  public Path output() {
    return output;
  }

  public OutputFormat outputFormat() {
    return request.outputFormat();
  }

  public long maxPixels() {
    return request.maxPixels();
  }

  /** The working size the model sees (square side). */
  public int imageSize() {
    return config.imageSize;
  }

  /** SHA-256 (hex, 16 chars) of everything that changes the outputs. */
  public String identity() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(
          JSON.writeValueAsBytes(identityFields()));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<String, Object> identityFields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("goal", "colorize");
    fields.put("pipelineVersion", PIPELINE_VERSION);
    fields.put("model", model);
    fields.put("source", source);
    fields.put("output", output.toString());
    fields.put("imageSize", config.imageSize);
    fields.put("outputFormat", request.outputFormat().id());
    fields.put("maxPixels", request.maxPixels());
    return fields;
  }

  /** The request and the settings used, as the {@code configuration} of run.json. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("model", model.name);
    if (request.input() != null) {
      root.put("input", source.path);
    } else {
      root.put("dataset", source.name);
    }
    root.put("output", output.toString());
    root.put("outputFormat", request.outputFormat().id());
    root.put("maxPixels", request.maxPixels());
    root.put("upsampling", UPSAMPLING);
    root.put("pipelineVersion", PIPELINE_VERSION);
    try {
      ObjectNode run = (ObjectNode) JSON.readTree(config.toJson());
      if (run.path("jdbc").has("password")) {
        ((ObjectNode) run.get("jdbc")).put("password", "***");
      }
      root.set("run", run);
      return JSON.writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
