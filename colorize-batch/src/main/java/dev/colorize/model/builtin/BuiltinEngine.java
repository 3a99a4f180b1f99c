package dev.colorize.model.builtin;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.colorize.config.ConfigurationException;
import dev.colorize.config.ModelConfig;
import dev.colorize.model.ColorizationException;
import dev.colorize.model.Colorizer;
import dev.colorize.model.ColorizerEngine;
import dev.colorize.model.ModelFiles;
import dev.colorize.model.djl.DeviceSelection;
import dev.colorize.model.djl.PyTorchEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code builtin} engine: colorize's own DJL networks ({@link Architecture}), run on DJL's
 * PyTorch engine.
 *
 * <p>Settings (all in {@link ModelConfig#options}, the POM's {@code <architecture>} and
 * {@code <size>} map to the options of those names): {@code architecture}
 * ({@code chromagan}, {@code deoldify} or {@code instcolor}),
 * {@code size} ({@code tiny|small|full}), and either {@code path} = a {@link BuiltinCheckpoint}
 * whose header must agree with both, or option {@code init=random} for an untrained network (tests,
 * smoke runs; option {@code numClasses}, default 150). Option {@code inputSize} (a multiple of 8)
 * overrides the size the network sees, by default the checkpoint's training size (random: 64).
 */
public final class BuiltinEngine implements ColorizerEngine {

  public static final String ID = "builtin";
  static final List<String> OPTIONS =
      List.of("architecture", "size", "init", "inputSize", "numClasses");
  static final int DEFAULT_CLASSES = 150;
  static final int DEFAULT_RANDOM_INPUT = 64;

  /**
   * A checked {@code <model>}: checkpoint is null for random weights.
   *
   * @param architecture network family
   * @param size width/depth knob
   * @param checkpoint starting weights, null for random
   * @param numClasses classes of ChromaGAN's class head
   * @param inputSize side of the square network input
   * @param device where to run
   */
  public record Settings(Architecture architecture, NetworkSize size, Path checkpoint, int numClasses,
      int inputSize, DeviceSelection device) {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void validate(ModelConfig config, String element) {
    settings(config, element);
  }

  /**
   * Checks a builtin {@code <model>} and resolves its settings (reads a checkpoint's header, not
   * its weights).
   *
   * @param config the model
   * @param element its POM element, for messages
   * @return the settings
   * @throws ConfigurationException naming the offending element
   */
  public Settings settings(ModelConfig config, String element) {
    Map<String, String> options = config.options;
    for (String key : options.keySet()) {
      if (!OPTIONS.contains(key)) {
        throw new ConfigurationException(element + "<options><" + key + ">",
            "is not a builtin engine option; use " + String.join(", ", OPTIONS));
      }
    }
    Architecture architecture = architecture(options.get("architecture"), element);
    NetworkSize size;
    String sizeText = options.get("size");
    if (sizeText == null || sizeText.isBlank()) {
      throw new ConfigurationException(element + "<size>", "is missing; use tiny, small or full");
    }
    try {
      size = NetworkSize.parse(sizeText);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(element + "<size>", "is " + e.getMessage());
    }
    ModelFiles.validateSha256Syntax(config.sha256, element);
    if (config.batchSize < 1) {
      throw new ConfigurationException(element + "<batchSize>",
          "is " + config.batchSize + "; use 1 or more");
    }
    DeviceSelection device = DeviceSelection.parse(config.device, element);
    String init = options.get("init");
    boolean hasPath = config.path != null && !config.path.isBlank();
    if (init != null && !init.strip().equals("random")) {
      throw new ConfigurationException(element + "<options><init>",
          "is '" + init + "'; the only value is random (untrained weights)");
    }
    Integer inputSize = integer(options, "inputSize", element, 8, 4096);
    if (inputSize != null && inputSize % 8 != 0) {
      throw new ConfigurationException(element + "<options><inputSize>",
          "is " + inputSize + ", not a multiple of 8 (the network downsamples three times)");
    }
    Integer classes = integer(options, "numClasses", element, 1, 100_000);
    if (init != null) {
      if (hasPath) {
        throw new ConfigurationException(element + "<options><init>", "is random but <path> is"
            + " also set to '" + config.path + "'; drop one of them");
      }
      return new Settings(architecture, size, null, classes == null ? DEFAULT_CLASSES : classes,
          inputSize == null ? DEFAULT_RANDOM_INPUT : inputSize, device);
    }
    if (!hasPath) {
      throw new ConfigurationException(element + "<path>", "is missing; name a colorize builtin"
          + " checkpoint (docs/builtin-networks.md), or set <options><init>random</init> for an"
          + " untrained network");
    }
    if (classes != null) {
      throw new ConfigurationException(element + "<options><numClasses>", "is set, but the"
          + " checkpoint '" + config.path + "' defines the class count; drop it");
    }
    Path file = ModelFiles.requireFile(config.path, element);
    BuiltinCheckpoint.Header header;
    try {
      header = BuiltinCheckpoint.readHeader(file);
    } catch (IOException e) {
      throw new ConfigurationException(element + "<path>", "'" + config.path + "': "
          + e.getMessage());
    }
    if (header.architecture() != architecture || header.size() != size) {
      throw new ConfigurationException(element + "<path>", "'" + config.path + "' holds a "
          + header.architecture().id() + " " + header.size().id() + " network, but the model"
          + " declares <architecture>" + architecture.id() + "</architecture> <size>" + size.id()
          + "</size>");
    }
    return new Settings(architecture, size, file, header.numClasses(),
        inputSize == null ? header.inputSize() : inputSize, device);
  }

  private static Architecture architecture(String text, String element) {
    if (text == null || text.isBlank()) {
      throw new ConfigurationException(element + "<architecture>",
          "is missing; use chromagan, deoldify or instcolor");
    }
    Architecture architecture;
    try {
      architecture = Architecture.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(element + "<architecture>", "is " + e.getMessage());
    }
    return architecture;
  }

  private static Integer integer(Map<String, String> options, String key, String element,
      int min, int max) {
    String text = options.get(key);
    if (text == null) {
      return null;
    }
    try {
      int value = Integer.parseInt(text.strip());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the range
    }
    throw new ConfigurationException(element + "<options><" + key + ">",
        "is '" + text + "'; use an integer from " + min + " to " + max);
  }

  @Override
  public Colorizer open(ModelConfig config) throws ColorizationException {
    String element = "model '" + config.name + "' ";
    Settings s;
    try {
      s = settings(config, element);
      if (s.checkpoint() != null) {
        ModelFiles.verifySha256(s.checkpoint(), config.sha256, element);
      }
    } catch (ConfigurationException e) {
      throw new ColorizationException(e.getMessage(), e);
    }
    Device device = PyTorchEngine.device(s.device(), element);
    NDManager manager = Engine.getEngine("PyTorch").newBaseManager(device);
    try {
      Block network;
      if (s.checkpoint() == null) {
        network = s.architecture().newGenerator(s.size(), s.numClasses());
        network.initialize(manager, DataType.FLOAT32, new Shape(1, 1, s.inputSize(),
            s.inputSize()));
      } else {
        network = BuiltinCheckpoint.load(s.checkpoint(), manager).network();
      }
      return new BuiltinColorizer(config.name, network, manager, s.inputSize(),
          config.batchSize);
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw new ColorizationException(element + "cannot load the " + s.architecture().id() + " "
          + s.size().id() + " network on " + device + ": " + e.getMessage(), e);
    }
  }
}
