package dev.colorize.model.official.chromagan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.colorize.model.official.SeededWeights;
import dev.colorize.model.official.UnrecognisedModelException;
import dev.colorize.model.official.WeightSource;
import dev.colorize.model.official.h5.KerasWeightsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    KerasMapping m = new KerasMapping(h5, "ChromaGAN's colorization model"
        + " (my_model_colorization.h5)");
    for (ChromaGanGenerator.Conv c : ChromaGanGenerator.VGG) {
      m.conv(c.key(), c.key().substring("vgg.".length()), c.kernel(), c.in(), c.out());
    }
    String beside = " beside VGG-16's";
    List<String> convs = m.numbered("conv2d", "kernel", ChromaGanGenerator.CONVS.size(), beside);
    List<String> norms = m.numbered("batch_normalization", "gamma",
        ChromaGanGenerator.BATCH_NORMS.size(), beside);
    List<String> denses = m.numbered("dense", "kernel", ChromaGanGenerator.DENSES.size(), beside);
    for (int i = 0; i < convs.size(); i++) {
      ChromaGanGenerator.Conv c = ChromaGanGenerator.CONVS.get(i);
      m.conv(c.key(), convs.get(i), c.kernel(), c.in(), c.out());
    }
    for (int i = 0; i < norms.size(); i++) {
      String key = ChromaGanGenerator.BATCH_NORMS.get(i);
      long channels = ChromaGanGenerator.BATCH_NORM_CHANNELS[i];
      for (int k = 0; k < BN_PARTS.size(); k++) {
        m.add(key + "." + BN_KEYS.get(k), norms.get(i) + "/" + BN_PARTS.get(k), false, channels);
      }
    }
    for (int i = 0; i < denses.size(); i++) {
      ChromaGanGenerator.Dense d = ChromaGanGenerator.DENSES.get(i);
      m.add(d.key() + ".weight", denses.get(i) + "/kernel", false, d.in(), d.out());
      m.add(d.key() + ".bias", denses.get(i) + "/bias", false, d.out());
    }
    return m.finish();
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
}
