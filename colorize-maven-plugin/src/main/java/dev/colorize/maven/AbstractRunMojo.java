package dev.colorize.maven;

import dev.colorize.config.ConfigurationException;
import dev.colorize.config.DatasetConfig;
import dev.colorize.config.DetectorConfig;
import dev.colorize.config.FeatureModelConfig;
import dev.colorize.config.JdbcConfig;
import dev.colorize.config.RemoteConfig;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import dev.colorize.metric.ImageScores;
import dev.colorize.model.ModelRegistry;
import dev.colorize.plan.RunPlanner;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The goals that run a job over datasets ({@code prepare}, {@code evaluate}). They map their
 * parameters onto a {@link RunConfiguration}, validate it with colorize-batch's
 * {@link RunPlanner} (a bad setting fails the build with one sentence naming the POM
 * element), write it to {@code <workDirectory>/config/<goal>.json} and fork
 * {@code colorize <goal> --config <file>}.
 */
public abstract class AbstractRunMojo extends AbstractForkingMojo {

  /** Hint added under a configuration error. */
  String hint() {
    return "Fix it in the colorize-maven-plugin <configuration> of your pom; 'mvn colorize:help"
        + " -Ddetail -Dgoal=" + command() + "' lists every parameter.";
  }

  /** Job repository, prepared-pair cache, reports and the written run configuration. */
  @Parameter(property = "colorize.workDirectory",
      defaultValue = "${project.build.directory}/colorize")
  protected File workDirectory;

  /** Side of the square the pairs are resized to, in pixels. */
  @Parameter(property = "colorize.imageSize", defaultValue = "256")
  protected int imageSize;

  /** How images become squares: stretch, center-crop or pad. */
  @Parameter(property = "colorize.resizePolicy", defaultValue = "stretch")
  protected String resizePolicy;

  /** Items per committed chunk (the unit a resumed run restarts from). */
  @Parameter(property = "colorize.chunkSize", defaultValue = "16")
  protected int chunkSize;

  /** Worker threads for preparation and scoring; 0 = one per core. */
  @Parameter(property = "colorize.threads", defaultValue = "0")
  protected int threads;

  /**
   * The datasets: {@code <datasets><dataset><name/><format/><path/>...</dataset></datasets>};
   * format is aihub-food, aihub-object, folder or manifest; optional split, fractions, limit,
   * perClassLimit, manifest, and for aihub-food cropAs (region: crop to the crop_area box, the
   * default; instance: keep the whole image, the box becomes an instance box). Relative paths are
   * taken from the project folder.
   */
  @Parameter
  protected List<DatasetConfig> datasets;

  /**
   * The models: {@code <models><model><name/><engine/>...</model></models>}; engine {@code gray}
   * is the built-in baseline; optional convention, path, sha256, device, batchSize,
   * {@code <options>} (engine-specific key/value elements) and, for instcolor models, a
   * {@code <detector>} (TorchScript instance detector: {@code <path>}, optional {@code <sha256>},
   * {@code <device>}, {@code <scoreThreshold>} (0.5), {@code <topK>} (8), {@code <instances>}
   * auto|detector|both).
   */
  @Parameter
  protected List<ModelConfig> models;

  /** Metric columns to compute ({@code <metric>psnr</metric>}...); empty = all. */
  @Parameter(property = "colorize.metrics")
  protected List<String> metrics;

  /** Most skipped images a step tolerates; -1 = no count limit. */
  @Parameter(property = "colorize.maxSkips", defaultValue = "-1")
  protected long maxSkips;

  /** Largest share (0..1) of a step's images that may be skipped before the job fails. */
  @Parameter(property = "colorize.maxSkipRatio", defaultValue = "0.5")
  protected double maxSkipRatio;

  /** Job repository database ({@code <url>}, {@code <user>}, {@code <password>}); default H2. */
  @Parameter
  protected JdbcConfig jdbc;

  /**
   * Remote partitioning ({@code <partitions>}, {@code <heartbeatSeconds>}): this goal becomes the
   * manager and {@code colorize:worker} JVMs do the work; needs a PostgreSQL {@code <jdbc>}.
   */
  @Parameter
  protected RemoteConfig remote;

  /** JDBC URL; overrides {@code <jdbc><url>}. Empty = embedded H2 under the work directory. */
  @Parameter(property = "colorize.jdbc.url")
  protected String jdbcUrl;

  /** JDBC user; overrides {@code <jdbc><user>}. */
  @Parameter(property = "colorize.jdbc.user")
  protected String jdbcUser;

  /** JDBC password; overrides {@code <jdbc><password>}. */
  @Parameter(property = "colorize.jdbc.password")
  protected String jdbcPassword;

  /**
   * The feature network for FID (TorchScript, Inception convention: uint8 NCHW in, 2048-d out):
   * {@code <path>}, optional {@code <sha256>}, {@code <device>}, {@code <batchSize>}. Without it
   * no FID is computed and the reports say why.
   */
  @Parameter
  protected FeatureModelConfig featureModel;

  /** Start a new job instance even when this configuration already completed. */
  @Parameter(property = "colorize.rerun", defaultValue = "false")
  protected boolean rerun;

  /** Checks what only this goal reads; throws {@link ConfigurationException}. */
  protected void validateGoal(RunConfiguration config) {}

  /** Whether the goal runs models (and so needs {@code <models>}). */
  protected abstract boolean needsModels();

  /**
   * As every fork's, but at the self-check's choice for padded channel counts
   * ({@code InstructionSetChoice.Choice#padded()}) when every convolution the fork computes goes
   * through colorize's own {@code PaddedConv2d} ({@link #paddedConvolutionsOnly}): on machines
   * where oneDNN's faster kernels are wrong only for unblocked channel counts, the built-in and
   * official networks then run at those kernels, with padding, instead of at the set that suits
   * any TorchScript file (docs/training.md).
   */
  @Override
  protected Map<String, String> defaultEnvironment() {
    return forkEnvironment(paddedConvolutionsOnly(models, featureModel));
  }

  /**
   * Whether the given models (and FID feature model) convolve only through {@code PaddedConv2d}:
   * each is {@code gray}, {@code builtin} or {@code official} without a {@code <detector>} (a
   * TorchScript file), and no feature model (also TorchScript) is declared.
   */
  static boolean paddedConvolutionsOnly(Collection<ModelConfig> models,
      FeatureModelConfig featureModel) {
    if (featureModel != null) {
      return false;
    }
    if (models == null) {
      return true;
    }
    return models.stream().allMatch(m -> m != null && m.detector == null
        && PADDED_ENGINES.contains(m.engine));
  }

  /** Engines whose networks are colorize's own (or none at all). */
  private static final Set<String> PADDED_ENGINES = Set.of("gray", "builtin", "official");

  @Override
  protected List<String> cliArguments() throws MojoFailureException, MojoExecutionException {
    RunConfiguration config = runConfiguration();
    try {
      new RunPlanner(ModelRegistry.standard(), ImageScores.COLUMNS)
          .plan(config, needsModels());
      validateGoal(config);
    } catch (ConfigurationException e) {
      throw new MojoFailureException(e.getMessage() + System.lineSeparator() + hint(), e);
    }
    Path file = configurationFile();
    try {
      config.write(file);
    } catch (IOException e) {
      throw new MojoExecutionException("cannot write the run configuration " + file + ": " + e, e);
    }
    getLog().info("colorize " + command() + ": run configuration " + file);
    return List.of(command(), "--config", file.toString());
  }

  /** {@code <workDirectory>/config/<goal>.json}. */
  Path configurationFile() {
    return workDirectory.toPath().toAbsolutePath().normalize()
        .resolve("config").resolve(command() + ".json");
  }

  /**
   * The run configuration these parameters describe. Dataset and model paths become absolute
   * (the forked CLI may run elsewhere); the POM's objects are copied, never changed.
   */
  RunConfiguration runConfiguration() {
    RunConfiguration c = new RunConfiguration();
    c.workDirectory = workDirectory == null ? null
        : workDirectory.toPath().toAbsolutePath().normalize().toString();
    c.imageSize = imageSize;
    c.resizePolicy = resizePolicy;
    c.chunkSize = chunkSize;
    c.threads = threads;
    if (datasets != null) {
      for (DatasetConfig d : datasets) {
        c.datasets.add(copy(d));
      }
    }
    if (models != null) {
      for (ModelConfig m : models) {
        c.models.add(copy(m));
      }
    }
    if (metrics != null) {
      metrics.stream().filter(m -> m != null && !m.isBlank()).map(String::strip)
          .forEach(c.metrics::add);
    }
    c.maxSkips = maxSkips;
    c.maxSkipRatio = maxSkipRatio;
    c.jdbc = jdbc();
    c.remote = remote == null ? null : new RemoteConfig(remote.partitions, remote.heartbeatSeconds);
    c.rerun = rerun;
    if (featureModel != null) {
      FeatureModelConfig f = new FeatureModelConfig(absolute(featureModel.path));
      f.sha256 = featureModel.sha256;
      f.device = featureModel.device;
      f.batchSize = featureModel.batchSize;
      f.dimension = featureModel.dimension;
      c.featureModel = f;
    }
    return c;
  }

  private JdbcConfig jdbc() {
    JdbcConfig merged = new JdbcConfig();
    if (jdbc != null) {
      merged.url = jdbc.url;
      merged.user = jdbc.user;
      merged.password = jdbc.password;
    }
    merged.url = override(merged.url, jdbcUrl);
    merged.user = override(merged.user, jdbcUser);
    merged.password = override(merged.password, jdbcPassword);
    boolean empty = merged.url == null && merged.user == null && merged.password == null;
    return empty ? null : merged;
  }

  private static String override(String pom, String property) {
    return property == null || property.isBlank() ? pom : property;
  }

  private DatasetConfig copy(DatasetConfig d) {
    if (d == null) {
      return new DatasetConfig();
    }
    DatasetConfig c = new DatasetConfig(d.name, d.format, absolute(d.path));
    c.manifest = d.manifest;
    c.split = d.split;
    c.limit = d.limit;
    c.perClassLimit = d.perClassLimit;
    c.fractions = d.fractions;
    c.cropAs = d.cropAs;
    return c;
  }

  /**
   * Builtin models declare {@code <architecture>} and {@code <size>} as elements of their own;
   * the engine reads them from the options. The element wins over an option of the same name.
   */
  private static void moveToOptions(ModelConfig c, String key, String value) {
    if (value != null && !value.isBlank()) {
      c.options.put(key, value.strip());
    }
  }

  private ModelConfig copy(ModelConfig m) {
    if (m == null) {
      return new ModelConfig();
    }
    ModelConfig c = new ModelConfig(m.name, m.engine);
    c.convention = m.convention;
    c.path = absolute(m.path);
    c.sha256 = m.sha256;
    c.device = m.device;
    c.batchSize = m.batchSize;
    c.options = m.options == null ? new LinkedHashMap<>() : new LinkedHashMap<>(m.options);
    if (m.detector != null) {
      DetectorConfig d = new DetectorConfig(absolute(m.detector.path));
      d.sha256 = m.detector.sha256;
      d.device = m.detector.device;
      d.scoreThreshold = m.detector.scoreThreshold;
      d.topK = m.detector.topK;
      d.instances = m.detector.instances;
      c.detector = d;
    }
    moveToOptions(c, "architecture", m.architecture);
    moveToOptions(c, "size", m.size);
    return c;
  }
}
