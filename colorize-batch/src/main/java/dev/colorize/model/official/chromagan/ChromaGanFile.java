package dev.colorize.model.official.chromagan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.colorize.model.official.SeededWeights;
import dev.colorize.model.official.TorchLayout;
import dev.colorize.model.official.UnrecognisedModelException;
import dev.colorize.model.official.WeightSource;
import dev.colorize.model.official.h5.KerasWeightsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises ChromaGAN's colorization model in a Keras {@code .h5}
 * ({@code my_model_colorization.h5}, as the authors' {@code colorizationModel.save()} writes it,
 * or a {@code save_weights()} file) and maps its layers to {@link ChromaGanGenerator}'s keys.
 *
 * <p>VGG-16's layers keep Keras applications' names ({@code block1_conv1} ...). The generator's
 * own layers are named by Keras's per-kind counters ({@code conv2d_6} .. {@code conv2d_17},
 * {@code batch_normalization_1} .. {@code _6}, {@code dense_1} .. {@code _6} in the published
 * file, whose numbering starts after the discriminator's convs), so they are matched by kind in
 * the counters' order, which is the order the authors' code creates them, and each is checked
 * against its expected shape (conv kernels HWIO, dense kernels {@code [in, out]}).
 */
public final class ChromaGanFile {

  private static final Pattern NUMBERED = Pattern.compile("(conv2d|batch_normalization|dense)"
      + "(?:_(\\d+))?");
  private static final List<String> BN_PARTS = List.of("gamma", "beta", "moving_mean",
      "moving_variance");
  private static final List<String> BN_KEYS = List.of("weight", "bias", "running_mean",
      "running_var");

  private ChromaGanFile() {}

  /** Where a key's value is in the file, and whether it is a conv kernel to transpose. */
  record Source(KerasWeightsFile.Weight weight, boolean hwio) {}

  /**
   * A network read from a file.
   *
   * @param generator the network, its parameters in the manager given to {@link #load}
   * @param structure the file's layers and attributes, for writing the weights back
   * @param description what was recognised, for the log and run.json
   */
  public record Loaded(ChromaGanGenerator generator, KerasStructure structure,
      String description) {}

  /**
   * Recognises a file from its layer and weight names and shapes (no weight data is read).
   *
   * @throws UnrecognisedModelException when it is no ChromaGAN colorization model
   * @throws IOException when it is no readable Keras {@code .h5}
   */
  public static void probe(Path file) throws IOException {
    try (KerasWeightsFile h5 = KerasWeightsFile.open(file)) {
      recognise(h5);
    }
  }

  /**
   * Reads the network into native arrays of {@code manager}, each weight streamed from the file.
   *
   * @throws UnrecognisedModelException when it is no ChromaGAN colorization model
   * @throws IOException when it is no readable Keras {@code .h5}
   */
  public static Loaded load(Path file, NDManager manager) throws IOException {
    try (Opened opened = open(file)) {
      KerasWeightsFile h5 = opened.file();
      ChromaGanGenerator generator = new ChromaGanGenerator();
      generator.load(manager, opened.weights(), new Shape(1, ChromaGanGenerator.SIZE,
          ChromaGanGenerator.SIZE, 3));
      KerasStructure structure = opened.structure();
      String description = "ChromaGAN colorization network (VGG-16 trunk, global and mid-level"
          + " features, fusion; ab and class heads) from " + file.getFileName() + " (Keras .h5, "
          + h5.layout() + " layout, " + ChromaGanGenerator.publishedLayout().numel() + " values)";
      return new Loaded(generator, structure, description);
    }
  }

  /**
   * A recognised file, open: its weights (read when a generator is initialised from them) and
   * its structure. Close it once the generator is initialised.
   */
  public record Opened(KerasWeightsFile file, WeightSource weights, KerasStructure structure)
      implements AutoCloseable {
    @Override
    public void close() {
      file.close();
    }
  }

  /**
   * Opens and recognises a file (no weight data is read yet).
   *
   * @throws UnrecognisedModelException when it is no ChromaGAN colorization model
   * @throws IOException when it is no readable Keras {@code .h5}
   */
  public static Opened open(Path file) throws IOException {
    KerasWeightsFile h5 = KerasWeightsFile.open(file);
    try {
      Map<String, Source> sources = recognise(h5);
      return new Opened(h5, weights(h5, sources), KerasStructure.of(h5, sources));
    } catch (IOException | RuntimeException e) {
      h5.close();
      throw e;
    }
  }

  /** A weight source reading each key from the file, conv kernels transposed to OIHW. */
  static WeightSource weights(KerasWeightsFile h5, Map<String, Source> sources) {
    return (entry, manager) -> {
      Source s = sources.get(entry.key());
      NDArray stored = h5.readFloat32(s.weight(), manager);
      if (!s.hwio()) {
        return stored;
      }
      // [kh, kw, in, out] -> [out, in, kh, kw], copied into a contiguous array
      try (NDArray view = stored.transpose(3, 2, 0, 1); NDArray flat = view.reshape(-1)) {
        return flat.reshape(new Shape(entry.shape()));
      } finally {
        stored.close();
      }
    };
  }

  /**
   * Maps every key of {@link ChromaGanGenerator.publishedLayout()} to its weight in the file.
   *
   * @throws UnrecognisedModelException naming the file and the first layer, weight or shape
   *     that did not fit
   */
  static Map<String, Source> recognise(KerasWeightsFile h5) throws UnrecognisedModelException {
    Map<String, KerasWeightsFile.Weight> byName = h5.weights();
    Map<String, Source> sources = new LinkedHashMap<>();
    List<String> used = new ArrayList<>();
    for (ChromaGanGenerator.Conv c : ChromaGanGenerator.VGG) {
      String layer = c.key().substring("vgg.".length());
      convSources(h5, sources, used, c, layer);
    }
    List<String> convs = numbered(byName, "conv2d", "kernel");
    List<String> norms = numbered(byName, "batch_normalization", "gamma");
    List<String> denses = numbered(byName, "dense", "kernel");
    expectCount(h5, "conv2d", convs, ChromaGanGenerator.CONVS.size());
    expectCount(h5, "batch_normalization", norms, ChromaGanGenerator.BATCH_NORMS.size());
    expectCount(h5, "dense", denses, ChromaGanGenerator.DENSES.size());
    for (int i = 0; i < convs.size(); i++) {
      convSources(h5, sources, used, ChromaGanGenerator.CONVS.get(i), convs.get(i));
    }
    for (int i = 0; i < norms.size(); i++) {
      String key = ChromaGanGenerator.BATCH_NORMS.get(i);
      long channels = ChromaGanGenerator.BATCH_NORM_CHANNELS[i];
      for (int k = 0; k < BN_PARTS.size(); k++) {
        add(h5, sources, used, key + "." + BN_KEYS.get(k), norms.get(i) + "/" + BN_PARTS.get(k),
            false, channels);
      }
    }
    for (int i = 0; i < denses.size(); i++) {
      ChromaGanGenerator.Dense d = ChromaGanGenerator.DENSES.get(i);
      add(h5, sources, used, d.key() + ".weight", denses.get(i) + "/kernel", false, d.in(),
          d.out());
      add(h5, sources, used, d.key() + ".bias", denses.get(i) + "/bias", false, d.out());
    }
    for (String name : byName.keySet()) {
      if (!used.contains(name)) {
        throw unrecognised(h5, "has a weight '" + name + "' (in layer '"
            + byName.get(name).layer() + "', shape " + Arrays.toString(byName.get(name).shape())
            + ") that ChromaGAN's colorization model does not have");
      }
    }
    return sources;
  }

  private static void convSources(KerasWeightsFile h5, Map<String, Source> sources,
      List<String> used, ChromaGanGenerator.Conv c, String layer)
      throws UnrecognisedModelException {
    add(h5, sources, used, c.key() + ".weight", layer + "/kernel", true, c.kernel(), c.kernel(),
        c.in(), c.out());
    add(h5, sources, used, c.key() + ".bias", layer + "/bias", false, c.out());
  }

  private static void add(KerasWeightsFile h5, Map<String, Source> sources, List<String> used,
      String key, String name, boolean hwio, long... expected)
      throws UnrecognisedModelException {
    KerasWeightsFile.Weight w = h5.weights().get(name);
    if (w == null) {
      throw unrecognised(h5, "has no weight '" + name + "' (expected shape "
          + Arrays.toString(expected) + ", for " + key + ")");
    }
    if (!Arrays.equals(w.shape(), expected)) {
      throw unrecognised(h5, "has '" + name + "' of shape " + Arrays.toString(w.shape())
          + " where " + Arrays.toString(expected) + " was expected (" + key + ")");
    }
    sources.put(key, new Source(w, hwio));
    used.add(name);
  }

  /** The layers of a kind, by their Keras counter ({@code conv2d} counts as 0). */
  private static List<String> numbered(Map<String, KerasWeightsFile.Weight> byName, String kind,
      String part) {
    List<String> layers = new ArrayList<>();
    for (String name : byName.keySet()) {
      int slash = name.indexOf('/');
      String layer = name.substring(0, slash);
      Matcher m = NUMBERED.matcher(layer);
      if (m.matches() && m.group(1).equals(kind) && name.substring(slash + 1).equals(part)) {
        layers.add(layer);
      }
    }
    layers.sort(Comparator.comparingInt(ChromaGanFile::counter));
    return layers;
  }

  private static int counter(String layer) {
    Matcher m = NUMBERED.matcher(layer);
    return m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : 0;
  }

  private static void expectCount(KerasWeightsFile h5, String kind, List<String> layers,
      int expected) throws UnrecognisedModelException {
    if (layers.size() != expected) {
      throw unrecognised(h5, "has " + layers.size() + " " + kind + " layers"
          + (layers.isEmpty() ? "" : " (" + layers.get(0) + " .. " + layers.get(layers.size() - 1)
          + ")") + " beside VGG-16's where ChromaGAN's colorization model has " + expected);
    }
  }

  private static UnrecognisedModelException unrecognised(KerasWeightsFile h5, String why) {
    return new UnrecognisedModelException(h5.path() + " is not ChromaGAN's colorization model"
        + " (my_model_colorization.h5): the file " + why + ".");
  }

  /**
   * Writes an untrained network in the published file's structure ({@link
   * KerasStructure#published()}), from a seed ({@link SeededWeights}), for examples and tests.
   */
  public static void writeSeeded(long seed, Path file) throws IOException {
    ChromaGanGenerator generator = new ChromaGanGenerator();
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      generator.load(manager, new SeededWeights(generator.layout(), seed, key -> false),
          new Shape(1, ChromaGanGenerator.SIZE, ChromaGanGenerator.SIZE, 3));
      KerasStructure.published().write(generator, file);
    }
  }

  /** The layout read (for tests and tools). */
  public static TorchLayout layout() {
    return ChromaGanGenerator.publishedLayout();
  }
}
