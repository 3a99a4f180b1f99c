package dev.colorize.model.official.chromagan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.colorize.model.official.SeededWeights;
import dev.colorize.model.official.TorchBlock;
import dev.colorize.model.official.TorchLayout;
import dev.colorize.model.official.TorchOps;
import dev.colorize.model.official.UnrecognisedModelException;
import dev.colorize.model.official.WeightSource;
import dev.colorize.model.official.h5.KerasWeightsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * ChromaGAN's discriminator as its authors build it ({@code MODEL.discriminator()} of
 * {@code SOURCE/ChromaGAN.py}, Keras 2): the L channel and ab concatenated (L first), five 4x4
 * convs with bias (64, 128, 256 with stride 2; 512 and 1 with stride 1), each but the last
 * followed by Keras's {@code LeakyReLU()} (alpha 0.3), 'same' padding as TensorFlow computes it
 * (stride 2: one row and column on each side; stride 1: one before, two after). Scores
 * {@code [N, 1, 28, 28]}, no activation (a WGAN critic).
 *
 * <p>Its input is the training loop's critic input, {@code [N, 3, S, S]}: L / 100 and ab / 110.
 * ChromaGAN's discriminator reads ab on its generator's sigmoid scale, {@code (ab + 128) / 255},
 * at 224 x 224, so the block converts ab and resizes both to 224 (bilinear) first.
 */
public final class ChromaGanDiscriminator extends TorchBlock {

  /** LeakyReLU's default slope in Keras. */
  static final float KERAS_LEAKY_SLOPE = 0.3f;
  private static final int[] WIDTHS = {3, 64, 128, 256, 512, 1};
  private static final int[] STRIDES = {2, 2, 2, 1, 1};
  private static final TorchLayout LAYOUT = buildLayout();
  private static final String WHAT = "ChromaGAN's discriminator"
      + " (my_model_discriminatorEpoch<N>.h5)";

  public ChromaGanDiscriminator() {
    super(LAYOUT);
  }

  private static TorchLayout buildLayout() {
    TorchLayout t = new TorchLayout();
    for (int i = 0; i < STRIDES.length; i++) {
      t.conv("conv" + (i + 1), WIDTHS[i + 1], WIDTHS[i], 4);
    }
    return t;
  }

  /** The discriminator's tensors (shared, immutable in use). */
  public static TorchLayout publishedLayout() {
    return LAYOUT;
  }

  /**
   * The weights of a discriminator file ({@code discriminator.save()} or {@code save_weights}),
   * its five conv layers matched by Keras counter order ({@code conv2d_1} .. {@code conv2d_5}),
   * every shape checked, nothing else allowed. Close the returned file after initialising.
   *
   * @throws UnrecognisedModelException naming the file and the first layer or shape that did
   *     not fit
   * @throws IOException when it is no readable Keras {@code .h5}
   */
  public static Opened open(Path file) throws IOException {
    KerasWeightsFile h5 = KerasWeightsFile.open(file);
    try {
      KerasMapping m = new KerasMapping(h5, WHAT);
      List<String> convs = m.numbered("conv2d", "kernel", STRIDES.length, "");
      for (int i = 0; i < convs.size(); i++) {
        m.conv("conv" + (i + 1), convs.get(i), 4, WIDTHS[i], WIDTHS[i + 1]);
      }
      Map<String, ChromaGanFile.Source> sources = m.finish();
      return new Opened(h5, ChromaGanFile.weights(h5, sources));
    } catch (IOException | RuntimeException e) {
      h5.close();
      throw e;
    }
  }

  /** A recognised discriminator file, open, and its weights (read when initialised). */
  public record Opened(KerasWeightsFile file, WeightSource weights) implements AutoCloseable {
    @Override
    public void close() {
      file.close();
    }
  }

  /** Untrained weights from a seed ({@link SeededWeights}: He normal, zero biases). */
  public static WeightSource seeded(long seed) {
    return new SeededWeights(LAYOUT, seed, key -> false);
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray input = inputs.head();
    Weights p = new Weights(store, input.getDevice(), training);
    NDArray scores = scoped(input, in -> {
      NDArray l = in.get(":, 0:1");
      NDArray ab = in.get(":, 1:3").mul(TorchOps.scalar(in, 110f)).add(TorchOps.scalar(in, 128f))
          .div(TorchOps.scalar(in, 255f));
      NDArray x = TorchOps.interpolateBilinear(l.concat(ab, 1), ChromaGanGenerator.SIZE,
          ChromaGanGenerator.SIZE);
      for (int i = 0; i < STRIDES.length; i++) {
        String key = "conv" + (i + 1);
        // TensorFlow's 'same' for a 4x4 kernel: total padding 2 (stride 2) or 3 (stride 1)
        x = STRIDES[i] == 2 ? TorchOps.pad(x, 1, 1, 1, 1) : TorchOps.pad(x, 1, 2, 1, 2);
        x = TorchOps.conv2d(x, p.get(key + ".weight", x), p.get(key + ".bias", x), STRIDES[i],
            0);
        if (i < STRIDES.length - 1) {
          x = TorchOps.leakyRelu(x, KERAS_LEAKY_SLOPE);
        }
      }
      return x;
    });
    return new NDList(scores);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return new Shape[] {new Shape(inputs[0].get(0), 1, 28, 28)};
  }

  /** Writes an untrained discriminator in its authors' file layout, from a seed. */
  public static void writeSeeded(long seed, Path file) throws IOException {
    ChromaGanDiscriminator d = new ChromaGanDiscriminator();
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      d.load(manager, seeded(seed), new Shape(1, 3, ChromaGanGenerator.SIZE,
          ChromaGanGenerator.SIZE));
      KerasStructure.discriminator(STRIDES.length).write(d, file);
    }
  }

  /** Loads a discriminator file into {@code manager} (for tests and tools). */
  public static ChromaGanDiscriminator load(Path file, NDManager manager) throws IOException {
    try (Opened opened = open(file)) {
      ChromaGanDiscriminator d = new ChromaGanDiscriminator();
      d.load(manager, opened.weights(), new Shape(1, 3, ChromaGanGenerator.SIZE,
          ChromaGanGenerator.SIZE));
      return d;
    }
  }
}
