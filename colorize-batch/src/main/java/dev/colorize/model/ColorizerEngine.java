package dev.colorize.model;

import dev.colorize.config.ConfigurationException;
import dev.colorize.config.ModelConfig;

/**
 * A way of running models ({@code gray}, later {@code torchscript}, {@code onnx},
 * {@code savedmodel}, {@code builtin}): checks a {@code <model>} declaration and loads it.
 */
public interface ColorizerEngine {

  /** The id used in {@code <engine>}. */
  String id();

  /**
   * Checks the engine-specific settings without loading anything heavy.
   *
   * @param element the POM element of this model, for messages
   * @throws ConfigurationException naming the offending setting
   */
  void validate(ModelConfig config, String element);

  /** Loads the model. */
  Colorizer open(ModelConfig config) throws ColorizationException;
}
