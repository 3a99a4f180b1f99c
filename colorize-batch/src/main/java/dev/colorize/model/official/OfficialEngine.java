package dev.colorize.model.official;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.nn.Block;
import dev.colorize.config.ConfigurationException;
import dev.colorize.config.ModelConfig;
import dev.colorize.model.ColorizationException;
import dev.colorize.model.Colorizer;
import dev.colorize.model.ColorizerEngine;
import dev.colorize.model.ModelConventions;
import dev.colorize.model.ModelFiles;
import dev.colorize.model.convention.ChromaGanConvention;
import dev.colorize.model.convention.Convention;
import dev.colorize.model.convention.Conventions;
import dev.colorize.model.convention.DeOldifyConvention;
import dev.colorize.model.convention.InstColorConvention;
import dev.colorize.model.djl.DeviceSelection;
import dev.colorize.model.djl.DjlColorizer;
import dev.colorize.model.djl.PyTorchEngine;
import dev.colorize.model.official.chromagan.ChromaGanFile;
import dev.colorize.model.official.chromagan.ChromaGanGenerator;
import dev.colorize.model.official.deoldify.DeOldifyCriticFile;
import dev.colorize.model.official.deoldify.DeOldifyFile;
import dev.colorize.model.official.instcolor.InstColorBoxes;
import dev.colorize.model.official.instcolor.InstColorFolder;
import dev.colorize.model.tf.SavedModelDigest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code official} engine: the networks as their authors publish them, read from the
 * authors' own weight files (no conversion, no Python) and run as colorize's DJL blocks on the
 * PyTorch engine, through the model's convention (the same pre- and post-processing as for
 * every other engine).
 *
 * <p>{@code <convention>deoldify</convention>}: {@code <path>} is a DeOldify generator
 * {@code .pth} ({@code ColorizeArtistic_gen.pth}, {@code ColorizeStable_gen.pth},
 * {@code ColorizeVideo_gen.pth}), in the legacy or the zip format, bare, fastai-wrapped or with
 * DataParallel's prefix; the variant is recognised from the file's keys and shapes
 * ({@link DeOldifyFile}). The file's pickle is read by a restricted unpickler that refuses any
 * global a state dict does not need.
 *
 * <p>{@code <convention>instcolor</convention>}: {@code <path>} is InstColor's checkpoint folder
 * ({@code latest_net_GComp.pth}, {@code latest_net_G.pth}, {@code latest_net_GF.pth};
 * {@link InstColorFolder}), or a lone {@code SIGGRAPHGenerator} {@code .pth} (the full-image
 * network, no instance fusion). A folder's {@code <sha256>} is {@link SavedModelDigest}'s digest
 * over its files.
 *
 * <p>{@code <convention>chromagan</convention>}: {@code <path>} is ChromaGAN's Keras
 * {@code .h5} ({@code my_model_colorization.h5}; {@link ChromaGanFile}), read with a pure-Java
 * HDF5 reader; the network takes 224 x 224 only (its dense layers are fixed to that size).
 */
public final class OfficialEngine implements ColorizerEngine {

  public static final String ID = "official";
  private static final Logger LOG = LoggerFactory.getLogger(OfficialEngine.class);
  /** Conventions whose published files this engine reads. */
  static final List<String> SUPPORTED = List.of(ChromaGanConvention.ID, DeOldifyConvention.ID,
      InstColorConvention.ID);

  @Override
  public String id() {
    return ID;
  }

  /** What {@link #validate} resolved: the convention, its options, the file and the device. */
  record Settings(Convention convention, Map<String, String> conventionOptions, Path file,
      DeviceSelection device) {}

  @Override
  public void validate(ModelConfig config, String element) {
    settings(config, element);
  }

  Settings settings(ModelConfig config, String element) {
    Map<String, String> options = new LinkedHashMap<>(config.options);
    String id = config.convention == null ? "" : config.convention.strip();
    // the engine's own option, for fine-tuning; the convention's options are the rest
    String critic = DeOldifyConvention.ID.equals(id) ? options.remove(CRITIC_OPTION) : null;
    if (Conventions.ids().contains(id) && !SUPPORTED.contains(id)) {
      throw new ConfigurationException(element + "<convention>", "is " + id
          + ", which names no published network the official engine reads (it reads: "
          + String.join(", ", SUPPORTED) + "); run such a model as TorchScript, ONNX or a"
          + " SavedModel with that engine");
    }
    Convention convention = ModelConventions.checked(config, options, element);
    if (convention instanceof InstColorConvention instcolor) {
      convention = InstColorBoxes.convention(instcolor);
      ModelConventions.validate(convention, options, element);
    }
    Path file = InstColorConvention.ID.equals(id) ? existing(config.path, element)
        : ModelFiles.requireFile(config.path, element);
    ModelFiles.validateSha256Syntax(config.sha256, element);
    if (ChromaGanConvention.ID.equals(id)) {
      requireChromaGanSize(options, element);
    }
    if (config.batchSize < 1) {
      throw new ConfigurationException(element + "<batchSize>",
          "is " + config.batchSize + "; use 1 or more");
    }
    DeviceSelection device = DeviceSelection.parse(config.device, element);
    try {
      if (InstColorConvention.ID.equals(id)) {
        InstColorFolder.probe(file);
      } else if (ChromaGanConvention.ID.equals(id)) {
        ChromaGanFile.probe(file);
      } else {
        DeOldifyFile.probe(file);
      }
    } catch (IOException e) {
      throw new ConfigurationException(element + "<path>", message(e));
    }
    if (critic != null) {
      criticFile(critic, element);
    }
    return new Settings(convention, options, file, device);
  }

  /**
   * {@code <options><critic>} of a DeOldify model: DeOldify's NoGAN critic file
   * ({@code ColorizeArtistic_crit.pth}), which {@code finetune} trains against in its
   * adversarial phases; evaluating and colorizing do not use it.
   */
  public static final String CRITIC_OPTION = "critic";

  /**
   * The critic file a DeOldify model's options name, checked (recognised from its pickle).
   *
   * @throws ConfigurationException naming {@code <options><critic>} when it is no critic
   */
  public static Path criticFile(String option, String element) {
    String where = element + "<options><" + CRITIC_OPTION + ">";
    Path file = Path.of(option.strip());
    if (option.isBlank() || !Files.isRegularFile(file)) {
      throw new ConfigurationException(where, "'" + option + "' is not a file; name DeOldify's"
          + " critic (e.g. models/ColorizeArtistic_crit.pth)");
    }
    try {
      DeOldifyCriticFile.probe(file);
    } catch (IOException e) {
      throw new ConfigurationException(where, message(e));
    }
    return file;
  }

  /** ChromaGAN's published network reads 224 x 224 only: its dense layers fix the size. */
  private static void requireChromaGanSize(Map<String, String> options, String element) {
    String size = options.get("inputSize");
    if (size != null && !size.strip().equals(String.valueOf(ChromaGanGenerator.SIZE))) {
      throw new ConfigurationException(element + "<options><inputSize>", "is " + size.strip()
          + ", but ChromaGAN's published network takes " + ChromaGanGenerator.SIZE + " x "
          + ChromaGanGenerator.SIZE + " only (its dense layers read the 7 x 7 x 512 features of"
          + " that size); remove the option");
    }
  }

  /** InstColor's path: its checkpoint folder or one network's file. */
  private static Path existing(String path, String element) {
    if (path == null || path.isBlank()) {
      throw new ConfigurationException(element + "<path>", "is missing; name InstColor's"
          + " checkpoint folder (with latest_net_GComp.pth, latest_net_G.pth, latest_net_GF.pth)");
    }
    Path p = Path.of(path);
    if (!Files.exists(p)) {
      throw new ConfigurationException(element + "<path>", "'" + path + "' does not exist");
    }
    return p;
  }

  /** A file's SHA-256, or a folder's digest over its files; nothing when none is declared. */
  public static void verifyDigest(Path path, String declared, String element) {
    if (!Files.isDirectory(path)) {
      ModelFiles.verifySha256(path, declared, element);
      return;
    }
    if (declared == null || declared.isBlank()) {
      return;
    }
    String actual;
    try {
      actual = SavedModelDigest.of(path);
    } catch (IOException e) {
      throw new ConfigurationException(element + "<path>", "'" + path + "' cannot be read: "
          + e);
    }
    String expected = declared.strip().toLowerCase(Locale.ROOT);
    if (!actual.equals(expected)) {
      throw new ConfigurationException(element + "<sha256>", "does not match: the folder " + path
          + " has sha256 " + actual + " (over all its files: `" + SavedModelDigest.COMMAND
          + "`), the POM declares " + expected + "; the model changed or the declaration is"
          + " stale");
    }
  }

  private static String message(IOException e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  @Override
  public Colorizer open(ModelConfig config) throws ColorizationException {
    String element = "model '" + config.name + "' ";
    Settings s;
    try {
      s = settings(config, element);
      verifyDigest(s.file(), config.sha256, element);
    } catch (ConfigurationException e) {
      throw new ColorizationException(e.getMessage(), e);
    }
    Device device = PyTorchEngine.device(s.device(), element);
    Model model = Model.newInstance(config.name, device, "PyTorch");
    try {
      Block block;
      String loadedAs;
      if (s.convention().id().equals(InstColorConvention.ID)) {
        InstColorFolder.Loaded loaded = InstColorFolder.load(s.file(), model.getNDManager());
        block = loaded.networks();
        loadedAs = loaded.description();
      } else if (s.convention().id().equals(ChromaGanConvention.ID)) {
        ChromaGanFile.Loaded loaded = ChromaGanFile.load(s.file(), model.getNDManager());
        block = loaded.generator();
        loadedAs = loaded.description();
      } else {
        DeOldifyFile.Loaded loaded = DeOldifyFile.load(s.file(), model.getNDManager());
        block = loaded.generator();
        loadedAs = loaded.description();
      }
      model.setBlock(block);
      String description = loadedAs + " on " + device;
      LOG.info("model '{}': {}", config.name, description);
      return DjlColorizer.ofBlock(config.name, model, s.convention(), s.conventionOptions(),
          config.batchSize, description);
    } catch (IOException | RuntimeException e) {
      model.close();
      String why = e instanceof IOException io ? message(io) : String.valueOf(e.getMessage());
      throw new ColorizationException(element + "cannot load " + s.file() + " on " + device
          + ": " + why, e);
    }
  }
}
