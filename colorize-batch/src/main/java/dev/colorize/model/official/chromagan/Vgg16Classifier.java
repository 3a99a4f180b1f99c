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
import dev.colorize.model.official.h5.KerasWeightsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras applications' VGG-16 ImageNet classifier ({@code VGG16(weights='imagenet',
 * include_top=True)}), the teacher of ChromaGAN's class head: its authors train the head with a
 * KL divergence to this network's predictions on the same input (the gray image, L / 100 three
 * times, no mean subtraction, as their {@code VGG_modelF.predict(l_3)}). Input NHWC
 * {@code [N, 224, 224, 3]}; output the 1000-way softmax. Read from Keras's weights file
 * ({@code vgg16_weights_tf_dim_ordering_tf_kernels.h5}) or any Keras file with its layers
 * ({@code block1_conv1} .. {@code block5_conv3}, {@code fc1}, {@code fc2}, {@code predictions});
 * each layer's weights by position (kernel, then bias: the file's weight names follow Keras 1's
 * {@code _W_1}/{@code _b_1} pattern), each shape checked. Never trained.
 */
public final class Vgg16Classifier extends TorchBlock {

  private static final int[][] BLOCKS = {{3, 64, 64}, {64, 128, 128}, {128, 256, 256, 256},
    {256, 512, 512, 512}, {512, 512, 512, 512}};
  private static final List<String> CONVS = new ArrayList<>();
  private static final TorchLayout LAYOUT = buildLayout();

  public Vgg16Classifier() {
    super(LAYOUT);
  }

  private static TorchLayout buildLayout() {
    TorchLayout t = new TorchLayout();
    for (int b = 0; b < BLOCKS.length; b++) {
      for (int c = 1; c < BLOCKS[b].length; c++) {
        String key = "block" + (b + 1) + "_conv" + c;
        CONVS.add(key);
        t.conv(key, BLOCKS[b][c], BLOCKS[b][c - 1], 3);
      }
    }
    t.weight("fc1.weight", 7 * 7 * 512, 4096).weight("fc1.bias", 4096);
    t.weight("fc2.weight", 4096, 4096).weight("fc2.bias", 4096);
    t.weight("predictions.weight", 4096, 1000).weight("predictions.bias", 1000);
    return t.trainingOnly(key -> false);
  }

  /**
   * Writes an untrained classifier in Keras applications' file layout, from a seed
   * ({@link SeededWeights}), for examples and tests.
   */
  public static void writeSeeded(long seed, Path file) throws IOException {
    Vgg16Classifier network = new Vgg16Classifier();
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      network.load(manager, new SeededWeights(LAYOUT, seed, key -> false),
          new Shape(1, 224, 224, 3));
      List<String> layers = new ArrayList<>(CONVS);
      layers.addAll(List.of("fc1", "fc2", "predictions"));
      KerasStructure.vgg16(layers).write(network, file);
    }
  }

  /**
   * Checks that a file holds the classifier (no weight data is read).
   *
   * @throws UnrecognisedModelException naming the file and the first layer or shape that did
   *     not fit
   * @throws IOException when it is no readable Keras {@code .h5}
   */
  public static void probe(Path file) throws IOException {
    try (KerasWeightsFile h5 = KerasWeightsFile.open(file)) {
      sources(file, h5);
    }
  }

  /**
   * Reads the classifier from a Keras file into {@code manager}.
   *
   * @throws UnrecognisedModelException naming the file and the first layer or shape that did
   *     not fit
   * @throws IOException when it is no readable Keras {@code .h5}
   */
  public static Vgg16Classifier load(Path file, NDManager manager) throws IOException {
    try (KerasWeightsFile h5 = KerasWeightsFile.open(file)) {
      Vgg16Classifier network = new Vgg16Classifier();
      network.load(manager, ChromaGanFile.weights(h5, sources(file, h5)),
          new Shape(1, 224, 224, 3));
      return network;
    }
  }

  private static Map<String, ChromaGanFile.Source> sources(Path file, KerasWeightsFile h5)
      throws UnrecognisedModelException {
    Map<String, KerasWeightsFile.Weight> byKey = new LinkedHashMap<>();
    Map<String, Boolean> hwio = new LinkedHashMap<>();
    for (TorchLayout.Entry e : LAYOUT.entries()) {
      String layer = e.key().substring(0, e.key().indexOf('.'));
      List<KerasWeightsFile.Weight> weights = h5.layerWeights(layer);
      if (weights.size() != 2) {
        throw new UnrecognisedModelException(file + " is not Keras's VGG-16 ImageNet"
            + " classifier (vgg16_weights_tf_dim_ordering_tf_kernels.h5): it has "
            + (weights.isEmpty() ? "no layer '" + layer + "'" : weights.size()
            + " weights in layer '" + layer + "' where a kernel and a bias were expected")
            + ".");
      }
      boolean kernel = e.key().endsWith(".weight");
      KerasWeightsFile.Weight w = weights.get(kernel ? 0 : 1);
      long[] s = e.shape();
      long[] expected = kernel && s.length == 4 ? new long[] {s[2], s[3], s[1], s[0]} : s;
      if (!Arrays.equals(w.shape(), expected)) {
        throw new UnrecognisedModelException(file + " is not Keras's VGG-16 ImageNet"
            + " classifier: its layer '" + layer + "' has a " + (kernel ? "kernel" : "bias")
            + " of shape " + Arrays.toString(w.shape()) + " where "
            + Arrays.toString(expected) + " was expected.");
      }
      byKey.put(e.key(), w);
      hwio.put(e.key(), kernel && s.length == 4);
    }
    Map<String, ChromaGanFile.Source> sources = new LinkedHashMap<>();
    byKey.forEach((key, w) -> sources.put(key, new ChromaGanFile.Source(w, hwio.get(key))));
    return sources;
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray input = inputs.head();
    Weights p = new Weights(store, input.getDevice(), false);
    NDArray features = scoped(input, in -> {
      NDArray x = in.transpose(0, 3, 1, 2);
      int k = 0;
      for (int[] block : BLOCKS) {
        for (int c = 1; c < block.length; c++) {
          x = TorchOps.relu(p.conv(CONVS.get(k++), x, 1, 1));
        }
        x = TorchOps.maxPool(x, 2, 2, 0);
      }
      return x.transpose(0, 2, 3, 1).reshape(x.getShape().get(0), -1);
    });
    NDArray probabilities = scoped(features, in -> {
      NDArray x = TorchOps.relu(in.matMul(p.get("fc1.weight", in)).add(p.get("fc1.bias", in)));
      x = TorchOps.relu(x.matMul(p.get("fc2.weight", x)).add(p.get("fc2.bias", x)));
      return x.matMul(p.get("predictions.weight", x)).add(p.get("predictions.bias", x))
          .softmax(1);
    });
    return new NDList(probabilities);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return new Shape[] {new Shape(inputs[0].get(0), 1000)};
  }
}
