package dev.colorize.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.colorize.config.FeatureModelConfig;
import dev.colorize.image.PrepareOptions;
import dev.colorize.image.ResizePolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What one run does, resolved once from its {@code RunConfiguration} by {@link RunPlanner}:
 * validated, immutable and typed. Jobs and steps read only this; it serialises to JSON
 * ({@link #toJson}, {@link #fromJson}) so another JVM can rebuild the same objects.
 *
 * @param identity the job-instance identity ({@code RunConfiguration.identity()}); names the
 *     run's part files and is an identifying job parameter, so it must never change for an
 *     unchanged configuration
 * @param workDirectory absolute work directory: job repository, cache, parts and reports
 * @param imageSize side of the square scoring size, in pixels
 * @param resizePolicy how images reach that size
 * @param chunkSize items per committed chunk
 * @param threads worker threads for per-image work; 0 = one per core
 * @param maxSkips most skipped images a step tolerates; -1 = no count limit
 * @param maxSkipRatio largest skipped share of a step's images (0..1)
 * @param datasets the datasets, in declaration order (their index names their part files)
 * @param models the models, in declaration order; empty for goals that run none (prepare)
 * @param metrics the metric columns to write, in canonical order
 * @param featureModel the FID feature network, checked; null = no FID
 * @param saveImages which predictions evaluate keeps
 * @param remote how the steps are spread over worker JVMs; null = all in this JVM
 */
public record RunPlan(
    String identity,
    Path workDirectory,
    int imageSize,
    ResizePolicy resizePolicy,
    int chunkSize,
    int threads,
    long maxSkips,
    double maxSkipRatio,
    List<DatasetPlan> datasets,
    List<ModelPlan> models,
    List<String> metrics,
    FeatureModelConfig featureModel,
    SaveImages saveImages,
    RemotePlan remote) {

  @JsonCreator
  public RunPlan(
      @JsonProperty("identity") String identity,
      @JsonProperty("workDirectory") Path workDirectory,
      @JsonProperty("imageSize") int imageSize,
      @JsonProperty("resizePolicy") ResizePolicy resizePolicy,
      @JsonProperty("chunkSize") int chunkSize,
      @JsonProperty("threads") int threads,
      @JsonProperty("maxSkips") long maxSkips,
      @JsonProperty("maxSkipRatio") double maxSkipRatio,
      @JsonProperty("datasets") List<DatasetPlan> datasets,
      @JsonProperty("models") List<ModelPlan> models,
      @JsonProperty("metrics") List<String> metrics,
      @JsonProperty("featureModel") FeatureModelConfig featureModel,
      @JsonProperty("saveImages") SaveImages saveImages,
      @JsonProperty("remote") RemotePlan remote) {
    this.identity = Objects.requireNonNull(identity, "identity");
    this.workDirectory = Objects.requireNonNull(workDirectory, "workDirectory");
    this.imageSize = imageSize;
    this.resizePolicy = Objects.requireNonNull(resizePolicy, "resizePolicy");
    this.chunkSize = chunkSize;
    this.threads = threads;
    this.maxSkips = maxSkips;
    this.maxSkipRatio = maxSkipRatio;
    this.datasets = List.copyOf(datasets);
    this.models = List.copyOf(models);
    this.metrics = List.copyOf(metrics);
    this.featureModel = PlanJson.copy(featureModel, FeatureModelConfig.class);
    this.saveImages = Objects.requireNonNull(saveImages, "saveImages");
    this.remote = remote;
  }

  /** Whether the steps run on worker JVMs ({@link #remote}). */
  @JsonIgnore
  public boolean isRemote() {
    return remote != null;
  }

  /** @return a copy of the feature network's settings, or null without FID */
  @Override
  public FeatureModelConfig featureModel() {
    return PlanJson.copy(featureModel, FeatureModelConfig.class);
  }

  /**
   * This plan with other datasets, scoring size and identity: the run a goal derives from its
   * configuration (finetune prepares its dataset's training and validation splits at its own
   * size; the two may be the same split, so they are not planned as declared datasets).
   */
  public RunPlan withDatasets(String newIdentity, int newImageSize,
      List<DatasetPlan> newDatasets) {
    return new RunPlan(newIdentity, workDirectory, newImageSize, resizePolicy, chunkSize, threads,
        maxSkips, maxSkipRatio, newDatasets, models, metrics, featureModel, saveImages, remote);
  }

  /** Where this run's files are under the work directory. */
  public RunLayout layout() {
    return new RunLayout(workDirectory, identity);
  }

  /** How images are prepared: the scoring size and resize policy. */
  public PrepareOptions prepareOptions() {
    return PrepareOptions.defaults().withSize(imageSize).withPolicy(resizePolicy);
  }

  /** The plan as JSON; {@link #fromJson} reads it back into an equal plan. */
  public String toJson() {
    try {
      return PlanJson.MAPPER.writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a plan written by {@link #toJson}. */
  public static RunPlan fromJson(String json) throws IOException {
    return PlanJson.MAPPER.readValue(json, RunPlan.class);
  }
}
