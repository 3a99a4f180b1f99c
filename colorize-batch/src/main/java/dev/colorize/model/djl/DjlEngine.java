package dev.colorize.model.djl;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import dev.colorize.config.ConfigurationException;
import dev.colorize.config.ModelConfig;
import dev.colorize.model.ColorizationException;
import dev.colorize.model.Colorizer;
import dev.colorize.model.ColorizerEngine;
import dev.colorize.model.ModelConventions;
import dev.colorize.model.ModelFiles;
import dev.colorize.model.convention.Convention;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the DJL engines share: checking a {@code <model>} (file, sha256 syntax, convention and its
 * options, batch size, device) without loading it, and loading it: verify the SHA-256, pick the
 * device, load the file with DJL ({@code Model.newInstance} and {@code load}, closed again when
 * loading fails) and wrap it in a {@link DjlColorizer}.
 */
abstract class DjlEngine implements ColorizerEngine {

  private final String djlEngine;

  /** @param djlEngine the DJL engine name, e.g. {@code PyTorch} or {@code OnnxRuntime} */
  DjlEngine(String djlEngine) {
    this.djlEngine = djlEngine;
  }

  /** Engine-specific load options ({@code Model.load}). */
  abstract Map<String, String> loadOptions();

  /** Whether the engine feeds inputs by name (DJL knows the model's input names). */
  abstract boolean namedInputs();

  @Override
  public void validate(ModelConfig config, String element) {
    ModelFiles.requireFile(config.path, element);
    ModelFiles.validateSha256Syntax(config.sha256, element);
    convention(config, element);
    if (config.batchSize < 1) {
      throw new ConfigurationException(element + "<batchSize>",
          "is " + config.batchSize + "; use 1 or more");
    }
    DeviceSelection.parse(config.device, element);
  }

  /** The convention of a model with its options checked ({@link ModelConventions#checked}). */
  static Convention convention(ModelConfig config, String element) {
    return ModelConventions.checked(config, config.options, element);
  }

  @Override
  public Colorizer open(ModelConfig config) throws ColorizationException {
    String element = "model '" + config.name + "' ";
    Path file;
    Convention convention;
    DeviceSelection selection;
    try {
      validate(config, element);
      file = Path.of(config.path);
      convention = convention(config, element);
      selection = DeviceSelection.parse(config.device, element);
      ModelFiles.verifySha256(file, config.sha256, element);
    } catch (ConfigurationException e) {
      throw new ColorizationException(e.getMessage(), e);
    }
    Engine engine;
    try {
      engine = Engine.getEngine(djlEngine);
    } catch (RuntimeException e) {
      throw new ColorizationException(element + "needs the DJL " + djlEngine
          + " engine, which did not start: " + e.getMessage(), e);
    }
    Device device = selection.resolve(engine.getGpuCount(), djlEngine);
    Model model = Model.newInstance(config.name, device, djlEngine);
    try {
      model.load(file.toAbsolutePath(), null, loadOptions());
    } catch (MalformedModelException | IOException | RuntimeException e) {
      model.close();
      throw new ColorizationException(element + "cannot load " + file + " with DJL " + djlEngine
          + " on " + device + ": " + e.getMessage(), e);
    }
    try {
      return new DjlColorizer(config.name, model, convention, config.options, config.batchSize,
          namedInputs());
    } catch (RuntimeException e) {
      model.close();
      throw new ColorizationException(element + "cannot read the inputs of " + file + ": "
          + e.getMessage(), e);
    }
  }
}
