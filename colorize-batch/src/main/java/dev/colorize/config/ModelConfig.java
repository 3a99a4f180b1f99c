package dev.colorize.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code <model>} of a run. {@code engine} picks the implementation from the model registry
 * ({@code gray} is the built-in baseline); the remaining fields are read by engines that need them.
 */
public class ModelConfig {
  /** Unique name; appears in every output row. */
  public String name;
  /** Engine id, e.g. {@code gray}. */
  public String engine;
  /** Pre/post-processing convention, for engines that load networks. */
  public String convention;
  /** Weights file or directory, for engines that load networks. */
  public String path;
  /** Expected SHA-256 of the weights file, checked before loading when given. */
  public String sha256;
  /** auto, cpu, gpu or gpu:N. */
  public String device = "auto";
  /** Images per inference call. */
  public int batchSize = 8;
  /**
   * Builtin engine: chromagan, deoldify or instcolor. The Maven goals move it into
   * {@link #options} (key {@code architecture}), where the engine reads it.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public String architecture;
  /** Builtin engine: tiny, small or full; moved into {@link #options} like {@link #architecture}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public String size;
  /** Engine- and convention-specific settings (renderFactor, inputSize, ...). */
  public Map<String, String> options = new LinkedHashMap<>();
  /**
   * Instance detector feeding an {@code instcolor} model's boxes; null = dataset boxes only.
   * Left out of the JSON when unset, so models without one keep their run identity.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public DetectorConfig detector;

  public ModelConfig() {}

  public ModelConfig(String name, String engine) {
    this.name = name;
    this.engine = engine;
  }

  /** Value equality over every field, so a run plan read back from JSON equals the original. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ModelConfig other
        && Objects.equals(name, other.name)
        && Objects.equals(engine, other.engine)
        && Objects.equals(convention, other.convention)
        && Objects.equals(path, other.path)
        && Objects.equals(sha256, other.sha256)
        && Objects.equals(device, other.device)
        && batchSize == other.batchSize
        && Objects.equals(architecture, other.architecture)
        && Objects.equals(size, other.size)
        && Objects.equals(options, other.options)
        && Objects.equals(detector, other.detector);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, engine, convention, path, sha256, device, batchSize, architecture,
        size, options, detector);
  }
}
