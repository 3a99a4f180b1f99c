package dev.colorize.model;

import dev.colorize.config.ConfigurationException;
import dev.colorize.config.ModelConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The engines a run can use, by id. Network engines register here as they are added. */
public final class ModelRegistry {

  private final Map<String, ColorizerEngine> engines = new LinkedHashMap<>();

  /** The engines shipped with colorize. */
  public static ModelRegistry standard() {
    ModelRegistry registry = new ModelRegistry();
    registry.register(new GrayEngine());
    registry.register(new dev.colorize.model.djl.TorchScriptEngine());
    registry.register(new dev.colorize.model.djl.OnnxEngine());
    registry.register(new dev.colorize.model.tf.SavedModelEngine());
    registry.register(new dev.colorize.model.builtin.BuiltinEngine());
    registry.register(new dev.colorize.model.official.OfficialEngine());
    return registry;
  }

  public ModelRegistry register(ColorizerEngine engine) {
    if (engines.putIfAbsent(engine.id(), engine) != null) {
      throw new IllegalArgumentException("engine '" + engine.id() + "' is registered twice");
    }
    return this;
  }

  public Set<String> engineIds() {
    return Collections.unmodifiableSet(engines.keySet());
  }

  /**
   * The engine of a {@code <model>}; for a model with a {@code <detector>}, the engine wrapped
   * so its inputs get the detector's boxes.
   *
   * @throws ConfigurationException when the engine id is unknown
   */
  public ColorizerEngine engineFor(ModelConfig config, String element) {
    ColorizerEngine engine = config.engine == null ? null : engines.get(config.engine);
    if (engine == null) {
      throw new ConfigurationException(element + "<engine>", "is '" + config.engine
          + "', not a known model engine; use one of: " + String.join(", ", engines.keySet()));
    }
    // A declared <detector> fills the model's instance boxes, whatever engine runs the model.
    return config.detector == null ? engine : new dev.colorize.model.detect.DetectingEngine(engine);
  }
}
