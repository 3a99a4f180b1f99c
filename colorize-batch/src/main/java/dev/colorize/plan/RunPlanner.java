package dev.colorize.plan;

import dev.colorize.config.ConfigurationException;
import dev.colorize.config.DatasetConfig;
import dev.colorize.config.FileDigests;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RemoteConfig;
import dev.colorize.config.RunConfiguration;
import dev.colorize.image.ResizePolicy;
import dev.colorize.metric.fid.FeatureExtractor;
import dev.colorize.model.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Resolves a {@link RunConfiguration} into its {@link RunPlan} before anything runs: checks every
 * setting a run reads, failing on the first problem with one sentence that names the POM element
 * and the bad value, and turns each declaration into its typed form on the way. Each model's
 * engine checks its own options here.
 */
public final class RunPlanner {

  /** Resize policies understood by the image core. */
  public static final List<String> RESIZE_POLICIES = List.of("stretch", "center-crop", "pad");

  private final ModelRegistry models;
  private final Collection<String> metricNames;

  /**
   * @param models the engines a {@code <model>} may name
   * @param metricNames the metric columns a {@code <metric>} may name, in canonical order
   */
  public RunPlanner(ModelRegistry models, Collection<String> metricNames) {
    this.models = models;
    this.metricNames = metricNames;
  }

  /**
   * Checks everything a run reads and resolves it.
   *
   * @param needsModels whether the goal runs models (evaluate, finetune) or only prepares data;
   *     without, models are neither checked nor planned
   * @throws ConfigurationException naming the first offending element
   */
  public RunPlan plan(RunConfiguration config, boolean needsModels) {
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
    List<DatasetPlan> datasets = planDatasets(config.datasets);
    List<ModelPlan> planned = List.of();
    if (needsModels) {
      planned = planModels(config.models);
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
    RemotePlan remote = planRemote(config, needsModels);
    return new RunPlan(config.identity(), config.workPath(), config.imageSize,
        ResizePolicy.fromId(config.resizePolicy), config.chunkSize, config.threads,
        config.maxSkips, config.maxSkipRatio, datasets, planned, selectedMetrics(config.metrics),
        needsModels ? config.featureModel : null, SaveImages.fromId(config.saveImages), remote);
  }

  /**
   * {@code <remote>}: workers on other machines must reach the job repository, so it has to be a
   * database server; PostgreSQL is the one whose channel table colorize creates.
   */
  private static RemotePlan planRemote(RunConfiguration config, boolean needsModels) {
    RemoteConfig remote = config.remote;
    if (remote == null) {
      return null;
    }
    String url = config.jdbc == null ? null : config.jdbc.url;
    if (url == null || url.isBlank() || url.startsWith("jdbc:h2:")) {
      throw new ConfigurationException("<remote>", "needs a shared database server, but <jdbc> is "
          + (url == null || url.isBlank() ? "the embedded H2 default" : "'" + url + "'")
          + ", which only one JVM opens; set <jdbc><url> to a PostgreSQL database that every"
          + " worker reaches (docs/scale-out.md)");
    }
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new ConfigurationException("<jdbc><url>", "is '" + url + "'; <remote> runs its"
          + " message channel on PostgreSQL, so use a jdbc:postgresql: URL");
    }
    if (remote.partitions < 1 || remote.partitions > 100_000) {
      throw new ConfigurationException("<remote><partitions>", "is " + remote.partitions
          + "; use 1 to 100000 partitions per step (default 64)");
    }
    if (remote.heartbeatSeconds < 2 || remote.heartbeatSeconds > 86_400) {
      throw new ConfigurationException("<remote><heartbeatSeconds>", "is "
          + remote.heartbeatSeconds + "; use 2 to 86400 seconds (default 30)");
    }
    if (needsModels && config.featureModel != null) {
      // FID statistics are accumulated per step in one JVM; merging them across partitions is
      // not built yet.
      throw new ConfigurationException("<remote>", "cannot compute FID yet: remove"
          + " <featureModel> or <remote> (partitioned FID statistics are not merged)");
    }
    return new RemotePlan(remote.partitions, remote.heartbeatSeconds);
  }

  private List<DatasetPlan> planDatasets(List<DatasetConfig> declared) {
    if (declared == null || declared.isEmpty()) {
      throw new ConfigurationException("<datasets>",
          "is empty; declare at least one <dataset> with <name>, <format> and <path>");
    }
    Set<String> names = new HashSet<>();
    List<DatasetPlan> plans = new ArrayList<>();
    for (int i = 0; i < declared.size(); i++) {
      DatasetConfig d = declared.get(i);
      String element = DatasetPlanner.element(i, d);
      if (d.name == null || d.name.isBlank()) {
        throw new ConfigurationException(element + "<name>", "is missing");
      }
      if (!names.add(d.name)) {
        throw new ConfigurationException(element + "<name>",
            "'" + d.name + "' is used by two datasets; dataset names must be unique");
      }
      plans.add(DatasetPlanner.plan(d, element));
    }
    return plans;
  }

  private List<ModelPlan> planModels(List<ModelConfig> declared) {
    if (declared == null || declared.isEmpty()) {
      throw new ConfigurationException("<models>",
          "is empty; declare at least one <model> (e.g. <name>gray</name><engine>gray</engine>)");
    }
    Set<String> names = new HashSet<>();
    List<ModelPlan> plans = new ArrayList<>();
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
      plans.add(planModel(m, element));
    }
    return plans;
  }

  /**
   * Checks one {@code <model>} that is already known to have a name: its batch size, then its
   * engine's own options.
   *
   * @param element the model's POM element, for messages
   * @throws ConfigurationException naming the offending setting
   */
  public ModelPlan planModel(ModelConfig m, String element) {
    if (m.batchSize < 1) {
      throw new ConfigurationException(element + "<batchSize>",
          "is " + m.batchSize + "; use 1 or more");
    }
    models.engineFor(m, element).validate(m, element);
    return new ModelPlan(m, weightsDigest(m));
  }

  /** The declared SHA-256, else the weights file's; null without a file (gray, folders). */
  private static String weightsDigest(ModelConfig m) {
    if (m.sha256 != null && !m.sha256.isBlank()) {
      return m.sha256.strip().toLowerCase(Locale.ROOT);
    }
    if (m.path == null || m.path.isBlank()) {
      return null;
    }
    Path file = Path.of(m.path).toAbsolutePath().normalize();
    return Files.isRegularFile(file) ? FileDigests.sha256(file) : null;
  }

  /** The metric columns a run writes: the selected ones in canonical order, or all. */
  private List<String> selectedMetrics(List<String> selected) {
    if (selected == null || selected.isEmpty()) {
      return List.copyOf(metricNames);
    }
    return metricNames.stream().filter(selected::contains).toList();
  }
}
