package dev.colorize.model.tf;

import dev.colorize.config.ConfigurationException;
import dev.colorize.config.ModelConfig;
import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationException;
import dev.colorize.model.ColorizationInput;
import dev.colorize.model.Colorizer;
import dev.colorize.model.ColorizerEngine;
import dev.colorize.model.convention.Convention;
import dev.colorize.model.convention.Conventions;
import dev.colorize.model.convention.InvalidOptionException;
import dev.colorize.model.convention.Tensor;
import dev.colorize.model.convention.UnknownConventionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The {@code savedmodel} engine: a TensorFlow SavedModel directory run with TensorFlow Java.
 *
 * <p>Settings of a {@code <model>}:
 * <ul>
 *   <li>{@code <path>}: the SavedModel directory (it holds {@code saved_model.pb});</li>
 *   <li>{@code <convention>}: the pre/post-processing, e.g. {@code chromagan};</li>
 *   <li>{@code <sha256>}: optional, the digest of the whole directory as defined by
 *       {@link SavedModelDigest} (weights included), checked before loading;</li>
 *   <li>{@code <device>}: auto, cpu, gpu or gpu:N (see {@link TfDevice});</li>
 *   <li>engine options (conventions let them through): {@code signature} (default
 *       {@code serving_default}); {@code inputNames}, the signature inputs, comma-separated, in
 *       the order the convention feeds its tensors; {@code outputNames}, the signature outputs to
 *       hand to the convention, each {@code name} or {@code conventionName=name} (see
 *       {@link ModelSignature} for the defaults); {@code threads}, TensorFlow's intra-op threads
 *       (default: TensorFlow's, one per core).</li>
 * </ul>
 *
 * <p>The model is loaded with the {@code serve} tag set, the one Keras and
 * {@code tf.saved_model.save} write.
 */
public final class SavedModelEngine implements ColorizerEngine {

  public static final String ID = "savedmodel";
  /** The signature Keras and {@code tf.saved_model.save} export for serving. */
  public static final String DEFAULT_SIGNATURE = "serving_default";
  /** The tag set Keras and {@code tf.saved_model.save} export. */
  public static final String TAGS = "serve";

  static final String OPTION_SIGNATURE = "signature";
  static final String OPTION_INPUTS = "inputNames";
  static final String OPTION_OUTPUTS = "outputNames";
  static final String OPTION_THREADS = "threads";

  private static final Logger LOG = LoggerFactory.getLogger(SavedModelEngine.class);
  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final String CONVERT_HINT =
      "; convert a Keras .h5 first (scripts/models/export_chromagan_savedmodel.md)";

  private final Function<String, Convention> conventions;

  /** The engine with the standard conventions ({@link Conventions#byId}). */
  public SavedModelEngine() {
    this(Conventions::byId);
  }

  /** An engine resolving conventions with {@code conventions} (tests add their own). */
  SavedModelEngine(Function<String, Convention> conventions) {
    this.conventions = conventions;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void validate(ModelConfig config, String element) {
    savedModelDirectory(config.path, element);
    Convention convention = convention(config, element);
    try {
      convention.validate(config.options);
    } catch (InvalidOptionException e) {
      throw new ConfigurationException(element + "<options><" + e.option() + ">",
          e.getMessage());
    }
    if (config.batchSize < 1) {
      throw new ConfigurationException(element + "<batchSize>",
          "is " + config.batchSize + "; use 1 or more images per call");
    }
    if (config.sha256 != null && !config.sha256.isBlank()
        && !SHA256.matcher(config.sha256.strip()).matches()) {
      throw new ConfigurationException(element + "<sha256>", "is '" + config.sha256
          + "', not a SHA-256 (64 hex digits); for a SavedModel directory compute it with `"
          + SavedModelDigest.COMMAND + "`");
    }
    TfDevice.parse(config.device, element);
    Map<String, String> options = config.options;
    String signature = options.get(OPTION_SIGNATURE);
    if (signature != null && signature.isBlank()) {
      throw new ConfigurationException(element + "<options><signature>",
          "is blank; name a signature or leave it out for " + DEFAULT_SIGNATURE);
    }
    threads(options, element);
    ModelSignature.parseNames(options.get(OPTION_INPUTS), element + "<options><inputNames>");
    ModelSignature.parseNames(options.get(OPTION_OUTPUTS), element + "<options><outputNames>");
  }

  /**
   * Loads the SavedModel: checks the settings and the directory's digest, loads it with the
   * {@code serve} tag set, finds the signature and binds the convention's tensors to it.
   *
   * @throws ConfigurationException when a setting is wrong (digest, signature, names, device)
   * @throws ColorizationException  when TensorFlow cannot load the directory
   */
  @Override
  public Colorizer open(ModelConfig config) throws ColorizationException {
    String element = "<models><model> '" + config.name + "' ";
    validate(config, element);
    Path directory = Path.of(config.path);
    verifyDigest(directory, config.sha256, element);
    TfDevice device = TfDevice.parse(config.device, element);
    if (device.kind() == TfDevice.Kind.GPU && !device.gpuUsable()) {
      throw new ConfigurationException(element + "<device>", "is '" + config.device
          + "' but TensorFlow has no such GPU: the CPU build of tensorflow-core-native is on the"
          + " classpath, or CUDA or the card is missing; use auto or cpu");
    }
    Convention convention = convention(config, element);
    ConfigProto session = device.sessionConfig();
    int threads = threads(config.options, element);
    if (threads > 0) {
      // Intra-op threads parallelise each convolution; one inter-op thread keeps the total at
      // `threads` so parallel job workers do not oversubscribe the cores.
      session = session.toBuilder().setIntraOpParallelismThreads(threads)
          .setInterOpParallelismThreads(1).build();
    }
    String signatureKey = config.options.getOrDefault(OPTION_SIGNATURE, DEFAULT_SIGNATURE).strip();
    long started = System.nanoTime();
    SavedModelBundle bundle;
    try {
      bundle = SavedModelBundle.loader(directory.toString())
          .withTags(TAGS)
          .withConfigProto(session)
          .load();
    } catch (RuntimeException e) {
      // A corrupt or foreign saved_model.pb surfaces as one of several TensorFlow exception types.
      throw new ColorizationException("TensorFlow cannot load the SavedModel " + directory
          + " with tag set '" + TAGS + "': " + e.getMessage(), e);
    }
    try {
      ModelSignature signature = signature(bundle, signatureKey, directory, element);
      List<ModelSignature.OutputBinding> outputs = signature.bindOutputs(
          ModelSignature.parseNames(config.options.get(OPTION_OUTPUTS),
              element + "<options><outputNames>"), element);
      List<String> inputs = signature.bindInputs(probeInputs(convention, config.options),
          ModelSignature.parseNames(config.options.get(OPTION_INPUTS),
              element + "<options><inputNames>"), element);
      LOG.info("loaded SavedModel {} ({} ms, device {}): signature '{}' inputs {} outputs {}",
          directory, (System.nanoTime() - started) / 1_000_000, device, signatureKey, inputs,
          outputs);
      return new SavedModelColorizer(bundle, bundle.function(signatureKey), signature, inputs,
          outputs, convention, config.options, config.batchSize);
    } catch (RuntimeException | ColorizationException e) {
      bundle.close();
      throw e;
    }
  }

  /** The directory's digest must equal the declared one; nothing to do when none is declared. */
  static void verifyDigest(Path directory, String declared, String element) {
    if (declared == null || declared.isBlank()) {
      return;
    }
    String actual;
    try {
      actual = SavedModelDigest.of(directory);
    } catch (IOException e) {
      throw new ConfigurationException(element + "<path>",
          "'" + directory + "' cannot be read: " + e);
    }
    String expected = declared.strip().toLowerCase(Locale.ROOT);
    if (!actual.equals(expected)) {
      throw new ConfigurationException(element + "<sha256>", "does not match: the SavedModel "
          + directory + " has sha256 " + actual + " (over all its files: `"
          + SavedModelDigest.COMMAND + "`), the POM declares " + expected
          + "; the model changed or the declaration is stale");
    }
  }

  private static Path savedModelDirectory(String path, String element) {
    String setting = element + "<path>";
    if (path == null || path.isBlank()) {
      throw new ConfigurationException(setting, "is missing; name the SavedModel directory");
    }
    Path directory = Path.of(path);
    if (!Files.exists(directory)) {
      throw new ConfigurationException(setting, "'" + path + "' does not exist");
    }
    if (!Files.isDirectory(directory)) {
      throw new ConfigurationException(setting, "'" + path + "' is a file, not a SavedModel"
          + " directory" + CONVERT_HINT);
    }
    if (!Files.isRegularFile(directory.resolve("saved_model.pb"))
        && !Files.isRegularFile(directory.resolve("saved_model.pbtxt"))) {
      throw new ConfigurationException(setting, "'" + path + "' is not a SavedModel directory:"
          + " it has no saved_model.pb" + CONVERT_HINT);
    }
    return directory;
  }

  private Convention convention(ModelConfig config, String element) {
    if (config.convention == null || config.convention.isBlank()) {
      throw new ConfigurationException(element + "<convention>", "is missing; a SavedModel"
          + " needs the pre/post-processing it was trained with, e.g. chromagan");
    }
    try {
      return conventions.apply(config.convention.strip());
    } catch (UnknownConventionException e) {
      throw new ConfigurationException(element + "<convention>",
          "is '" + config.convention + "': " + e.getMessage());
    }
  }

  /** The {@code threads} option, or 0 when not set. */
  private static int threads(Map<String, String> options, String element) {
    String value = options.get(OPTION_THREADS);
    if (value == null) {
      return 0;
    }
    try {
      int threads = Integer.parseInt(value.strip());
      if (threads >= 1 && threads <= 1024) {
        return threads;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigurationException(element + "<options><threads>",
        "is '" + value + "', not a thread count from 1 to 1024");
  }

  private static ModelSignature signature(SavedModelBundle bundle, String key, Path directory,
      String element) {
    Map<String, SignatureDef> signatures = bundle.metaGraphDef().getSignatureDefMap();
    SignatureDef signature = signatures.get(key);
    if (signature == null) {
      throw new ConfigurationException(element + "<options><signature>", "is '" + key
          + "' but the SavedModel " + directory + " has no such signature; its signatures are "
          + signatures.keySet().stream().sorted().toList());
    }
    return new ModelSignature(key, specs(signature.getInputsMap()),
        specs(signature.getOutputsMap()));
  }

  /**
   * Read from the signature's protocol buffer rather than TensorFlow Java's
   * {@code Signature.TensorDescription}, which reports an unknown rank as a scalar.
   */
  private static List<ModelSignature.TensorSpec> specs(Map<String, TensorInfo> infos) {
    return infos.entrySet().stream().map(e -> {
      TensorShapeProto shape = e.getValue().getTensorShape();
      long[] dims = !e.getValue().hasTensorShape() || shape.getUnknownRank() ? null
          : shape.getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
      return new ModelSignature.TensorSpec(e.getKey(), e.getValue().getDtype().name(), dims);
    }).toList();
  }

  /**
   * The convention's tensors for one mid-gray 256x256 image (the default prepared size): enough
   * to bind names and check shapes at load time instead of failing on the first real batch.
   */
  private static List<Tensor> probeInputs(Convention convention, Map<String, String> options)
      throws ColorizationException {
    int side = 256;
    float[] lightness = new float[side * side];
    Arrays.fill(lightness, 50f);
    LabImage gray = new LabImage(side, side, lightness, new float[side * side],
        new float[side * side]);
    return convention.inputs(List.of(ColorizationInput.of(gray)), options);
  }
}
