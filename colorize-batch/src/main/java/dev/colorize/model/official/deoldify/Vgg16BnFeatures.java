package dev.colorize.model.official.deoldify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.colorize.model.official.PthWeights;
import dev.colorize.model.official.SeededWeights;
import dev.colorize.model.official.TorchBlock;
import dev.colorize.model.official.TorchLayout;
import dev.colorize.model.official.TorchOps;
import dev.colorize.model.official.UnrecognisedModelException;
import dev.colorize.model.official.pth.PthFile;
import dev.colorize.model.official.pth.PthWriter;
import dev.colorize.model.official.pth.StateDict;
import dev.colorize.model.official.pth.TorchTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * torchvision's {@code vgg16_bn().features} up to its 42nd module, in eval mode, returning the
 * three activations DeOldify's {@code FeatureLoss} compares ({@code deoldify/loss.py}): the
 * outputs of the modules just before the 3rd, 4th and 5th max pool, modules 22, 32 and 42 (the
 * last ReLUs of blocks 3, 4 and 5). Input: ImageNet-normalised RGB, {@code [N, 3, H, W]}. Read
 * from torchvision's weights file ({@code vgg16_bn-6c64b313.pth}, the whole model's state dict:
 * its {@code classifier.*} tensors are ignored) by the restricted unpickler. Never trained.
 */
public final class Vgg16BnFeatures extends TorchBlock {

  /** Output channels of the 13 convs; 0 marks a max pool. */
  private static final int[] CFG = {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0,
    512, 512, 512};
  /** Module indices whose outputs the loss reads. */
  static final int[] HOOKS = {22, 32, 42};
  private static final TorchLayout LAYOUT = buildLayout();

  public Vgg16BnFeatures() {
    super(LAYOUT);
  }

  private static TorchLayout buildLayout() {
    TorchLayout t = new TorchLayout();
    int index = 0;
    int in = 3;
    for (int out : CFG) {
      if (out == 0) {
        index++;
        continue;
      }
      t.conv("features." + index, out, in, 3);
      t.batchNorm("features." + (index + 1), out);
      index += 3;
      in = out;
    }
    return t.trainingOnly(key -> false);
  }

  /**
   * Reads the features from torchvision's file into {@code manager}.
   *
   * @throws UnrecognisedModelException when the file holds no {@code vgg16_bn}, naming the first
   *     key or shape that did not fit
   * @throws IOException when it is no readable, safe {@code .pth}
   */
  public static Vgg16BnFeatures load(Path file, NDManager manager) throws IOException {
    try (PthFile pth = PthFile.open(file)) {
      StateDict sd = recognise(pth, file);
      Vgg16BnFeatures network = new Vgg16BnFeatures();
      network.load(manager, new PthWeights(pth, sd), new Shape(1, 3, 32, 32));
      return network;
    }
  }

  /**
   * Writes untrained features in torchvision's key layout ({@code features.*} only, legacy
   * {@code .pth}, from a seed: {@link SeededWeights}), for examples and tests.
   */
  public static void writeSeeded(long seed, Path file) throws IOException {
    Vgg16BnFeatures network = new Vgg16BnFeatures();
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      network.load(manager, new SeededWeights(LAYOUT, seed, key -> false),
          new Shape(1, 3, 32, 32));
      PthWriter.writeLegacy(file, network.stateDict(0));
    }
  }

  /** Checks a file without reading its tensors. */
  public static void probe(Path file) throws IOException {
    try (PthFile pth = PthFile.open(file)) {
      recognise(pth, file);
    }
  }

  private static StateDict recognise(PthFile pth, Path file) throws IOException {
    StateDict sd = StateDict.of(pth.root(), file.toString());
    Map<String, TorchTensor> features = new LinkedHashMap<>();
    sd.tensors().forEach((key, tensor) -> {
      if (!key.startsWith("classifier.")) {
        features.put(key, tensor);
      }
    });
    Optional<String> why = LAYOUT.mismatch(features);
    if (why.isPresent()) {
      throw new UnrecognisedModelException(file + " is not torchvision's vgg16_bn"
          + " (vgg16_bn-6c64b313.pth): the file " + why.get() + ".");
    }
    return sd;
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.head();
    Weights p = new Weights(store, x.getDevice(), false);
    NDList hooked = new NDList();
    int index = 0;
    int hook = 0;
    for (int out : CFG) {
      if (out == 0) {
        x = TorchOps.maxPool(x, 2, 2, 0);
        index++;
        continue;
      }
      x = TorchOps.relu(p.batchNorm("features." + (index + 1),
          p.conv("features." + index, x, 1, 1)));
      index += 3;
      if (hook < HOOKS.length && index - 1 == HOOKS[hook]) {
        hooked.add(x);
        hook++;
      }
    }
    return hooked;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    Shape s = inputs[0];
    return new Shape[] {new Shape(s.get(0), 256, s.get(2) / 4, s.get(3) / 4),
      new Shape(s.get(0), 512, s.get(2) / 8, s.get(3) / 8),
      new Shape(s.get(0), 512, s.get(2) / 16, s.get(3) / 16)};
  }
}
