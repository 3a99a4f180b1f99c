package dev.colorize.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * Everything one colorize run needs: the work directory, preparation settings, datasets, models,
 * metrics, skip limits and the job repository. The Maven goals fill it from the POM and hand it to
 * the forked CLI as JSON ({@link #write}); the CLI reads it back ({@link #read}).
 *
 * <p>Its {@link #identity()} hashes only what changes results (preparation, datasets, models,
 * metrics, feature model, a {@code saveImages} other than the default): the same identity is the same Spring Batch job instance, so a re-run resumes or reports
 * the finished one, and any change to those settings starts a new instance.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunConfiguration {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Where the job repository, prepared-pair cache and reports go. */
  public String workDirectory;
  /** Side of the square scoring size, in pixels. */
  public int imageSize = 256;
  /** stretch, center-crop or pad. */
  public String resizePolicy = "stretch";
  /** Items per committed chunk. */
  public int chunkSize = 16;
  /** Worker threads for preparation and scoring; 0 = one per core. */
  public int threads;
  public List<DatasetConfig> datasets = new ArrayList<>();
  public List<ModelConfig> models = new ArrayList<>();
  /** Metric columns to compute; empty = all. */
  public List<String> metrics = new ArrayList<>();
  /** Feature network for FID; null = no FID (run.json and the log say why). */
  public FeatureModelConfig featureModel;
  /** Most skipped images a step tolerates; -1 = no count limit. */
  public long maxSkips = -1;
  /** Largest skipped share of a step's images (0..1) before the job fails. */
  public double maxSkipRatio = 0.5;
  /** What {@code colorize:finetune} trains; null for the other goals. */
  public FinetuneConfig finetune;
  /** Job repository; null or empty URL = embedded H2 under the work directory. */
  public JdbcConfig jdbc;
  /**
   * Remote partitioning; null = one JVM. Not part of the identity: where the work runs does not
   * change what it computes.
   */
  public RemoteConfig remote;
  /** Start a new job instance even when this configuration has completed. */
  public boolean rerun;
  /**
   * Evaluate: which predictions to keep, {@code report} (null: the default), {@code all} or
   * {@code none} ({@code dev.colorize.plan.SaveImages}).
   */
  public String saveImages;

  /** Reads a configuration written by {@link #write}. */
  public static RunConfiguration read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), RunConfiguration.class);
  }

  /** Reads a configuration from JSON text (e.g. to copy one). */
  public static RunConfiguration fromJson(String json) throws IOException {
    return JSON.readValue(json, RunConfiguration.class);
  }

  /** Writes this configuration as UTF-8 JSON. */
  public void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, toJson(), StandardCharsets.UTF_8);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The job-instance identity: SHA-256 (hex, 16 chars) of the result-relevant settings. Work
   * directory, threads, chunk size, skip limits, JDBC and remote settings and the re-run flag are left out:
   * they change where or how fast a run goes, not what it computes.
   */
  public String identity() {
    Map<String, Object> relevant = new LinkedHashMap<>();
    relevant.put("imageSize", imageSize);
    relevant.put("resizePolicy", resizePolicy);
    relevant.put("datasets", datasets);
    relevant.put("models", models);
    relevant.put("metrics", metrics);
    if (featureModel != null) {
      // Only when set, so configurations without FID keep their identity.
      relevant.put("featureModel", featureModel);
    }
    if (finetune != null) {
      relevant.put("finetune", finetune);
    }
    if (saveImages != null && !saveImages.equals("report")) {
      // Only when not the default, so existing configurations keep their identity. The value
      // decides what the score steps write, so a completed 'none' run cannot serve a 'report'.
      relevant.put("saveImages", saveImages);
    }
    List<String> weights = modelFileFingerprints();
    if (!weights.isEmpty()) {
      // A weights file declared without sha256 may be rewritten (e.g. by colorize:finetune):
      // its content, not its name, decides whether results are still valid.
      relevant.put("weights", weights);
    }
    try {
      byte[] canonical = JSON.writer().without(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsBytes(relevant);
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical);
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * SHA-256 of each model's weights file, and detector file, that has no declared {@code sha256}
   * (a declared one is in the identity already and checked before loading); directories and
   * missing files are left out.
   */
  private List<String> modelFileFingerprints() {
    List<String> fingerprints = new ArrayList<>();
    for (ModelConfig model : models) {
      addFingerprint(fingerprints, model.name, model.path, model.sha256);
      if (model.detector != null) {
        addFingerprint(fingerprints, model.name + "/detector", model.detector.path,
            model.detector.sha256);
      }
    }
    return fingerprints;
  }

  private static void addFingerprint(List<String> fingerprints, String name, String path,
      String sha256) {
    if (path == null || path.isBlank() || (sha256 != null && !sha256.isBlank())) {
      return;
    }
    Path file = Path.of(path).toAbsolutePath().normalize();
    if (Files.isRegularFile(file)) {
      fingerprints.add(name + "=" + FileDigests.sha256(file));
    }
  }

  /** The work directory as a path (validated to be set). */
  public Path workPath() {
    return Path.of(workDirectory).toAbsolutePath().normalize();
  }
}
