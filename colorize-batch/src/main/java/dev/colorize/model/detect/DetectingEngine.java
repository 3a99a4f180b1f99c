package dev.colorize.model.detect;

import dev.colorize.config.ConfigurationException;
import dev.colorize.config.ModelConfig;
import dev.colorize.model.ColorizationException;
import dev.colorize.model.Colorizer;
import dev.colorize.model.ColorizerEngine;
import dev.colorize.model.convention.InstColorConvention;

/**
 * An engine for a {@code <model>} that declares a {@code <detector>}: checks and loads the model
 * with the engine it names, then its detector, and hands the model inputs whose instance boxes
 * the detector filled in ({@link DetectingColorizer}). Only instcolor models (convention
 * {@code instcolor}, or builtin architecture {@code instcolor}) use instance boxes, so a detector
 * on any other model is a configuration error.
 */
public final class DetectingEngine implements ColorizerEngine {

  private final ColorizerEngine engine;

  public DetectingEngine(ColorizerEngine engine) {
    this.engine = engine;
  }

  @Override
  public String id() {
    return engine.id();
  }

  @Override
  public void validate(ModelConfig config, String element) {
    engine.validate(config, element);
    if (!usesInstances(config)) {
      String uses = config.convention != null ? "convention '" + config.convention + "'"
          : "engine '" + config.engine + "'";
      throw new ConfigurationException(element + "<detector>", "is declared for a model with "
          + uses + ", which ignores instance boxes; only instcolor models use them, so remove"
          + " <detector> or use <convention>instcolor</convention>");
    }
    Detector.validate(config.detector, element + "<detector>");
  }

  /** Whether the model is an InstColor one (its network takes instance boxes). */
  static boolean usesInstances(ModelConfig config) {
    return InstColorConvention.ID.equals(config.convention)
        || InstColorConvention.ID.equals(config.options.get("architecture"));
  }

  @Override
  public Colorizer open(ModelConfig config) throws ColorizationException {
    String element = "model '" + config.name + "' ";
    try {
      validate(config, element);
    } catch (ConfigurationException e) {
      throw new ColorizationException(e.getMessage(), e);
    }
    Detector detector = Detector.open(config.detector, config.device, element + "<detector>");
    try {
      return new DetectingColorizer(engine.open(config), detector,
          InstanceSource.fromId(config.detector.instances));
    } catch (ColorizationException | RuntimeException e) {
      detector.close();
      throw e;
    }
  }
}
