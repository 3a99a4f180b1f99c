package dev.colorize.model.builtin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.colorize.model.builtin.Layers.Act;

/**
 * A DeOldify-style generator (after Antic's DeOldify: a U-Net on a ResNet encoder with
 * self-attention and spectral normalisation) in DJL.
 *
 * <p><b>Input</b>: {@code [N, 1, S, S]}, L / 100, S a multiple of 8. <b>Output</b>: {@code ab}
 * {@code [N, 2, S, S]} from a tanh; CIE {@code a, b = 110 * ab} as for {@link ChromaGanNetwork}
 * (the original predicts RGB; colorize predicts chroma so every built-in network shares one
 * post-processing).
 *
 * <p>Structure: a stem (3x3 conv-BN-ReLU at S), three ResNet stages of basic blocks (the first of
 * each with stride 2) down to S/8, a bridge (3x3 conv-BN-ReLU) and a {@link SelfAttention} block
 * at S/8, then three U-Net up-blocks (nearest 2x upsampling, concatenation with the encoder
 * feature of that scale, two spectrally normalised 3x3 convs with ReLU), and a last cross with the
 * input L (concatenation, spectrally normalised 3x3 conv-ReLU, 3x3 conv to 2 channels, tanh).
 * Spectral norm: see {@link SpectralConv2d} (stateless power iteration). The encoder is not a
 * pretrained ImageNet ResNet; DJL has none offline here.
 */
public final class DeOldifyNetwork extends AbstractBlock {

  private static final byte VERSION = 1;

  private final NetworkSize size;
  private final long parameterCount;
  private final Block stem;
  private final Block[] down = new Block[3];
  private final Block bridge;
  private final Block[] up = new Block[3];
  private final Block head;

  public DeOldifyNetwork(NetworkSize size) {
    super(VERSION);
    this.size = size;
    int[] c = widths(size);
    int[] depths = depths(size);
    Layers layers = new Layers();
    stem = addChildBlock("stem", layers.conv3(1, c[0]));
    for (int stage = 0; stage < 3; stage++) {
      SequentialBlock blocks = new SequentialBlock();
      for (int i = 0; i < depths[stage]; i++) {
        blocks.add(layers.residual(i == 0 ? c[stage] : c[stage + 1], c[stage + 1],
            i == 0 ? 2 : 1));
      }
      down[stage] = addChildBlock("down" + (stage + 1), blocks);
    }
    bridge = addChildBlock("bridge", new SequentialBlock()
        .add(layers.conv3(c[3], c[3]))
        .add(layers.attention(c[3])));
    // up[k] goes from the scale of c[k + 1] to that of c[k], joining the encoder feature c[k].
    for (int k = 2; k >= 0; k--) {
      up[k] = addChildBlock("up" + (k + 1), new SequentialBlock()
          .add(layers.spectralConv(c[k + 1] + c[k], c[k], 3, Act.RELU))
          .add(layers.spectralConv(c[k], c[k], 3, Act.RELU)));
    }
    head = addChildBlock("head", new SequentialBlock()
        .add(layers.spectralConv(c[0] + 1, c[0], 3, Act.RELU))
        .add(layers.conv(c[0], 2, 3, 1, 1, false, Act.TANH)));
    parameterCount = layers.parameterCount();
  }

  private static int[] widths(NetworkSize size) {
    return switch (size) {
      case TINY -> new int[] {8, 16, 32, 32};
      case SMALL -> new int[] {32, 64, 128, 256};
      case FULL -> new int[] {64, 128, 256, 512};
    };
  }

  /** Residual blocks per encoder stage (full: ResNet-34's last three stages). */
  private static int[] depths(NetworkSize size) {
    return switch (size) {
      case TINY -> new int[] {1, 1, 1};
      case SMALL -> new int[] {2, 2, 2};
      case FULL -> new int[] {4, 6, 3};
    };
  }

  /** The parameter count (including batch-norm statistics), known before allocation. */
  public long parameterCount() {
    return parameterCount;
  }

  public NetworkSize size() {
    return size;
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray l = inputs.head();
    NDArray[] skips = new NDArray[4];
    skips[0] = stem.forward(store, new NDList(l), training, params).head();
    for (int stage = 0; stage < 3; stage++) {
      skips[stage + 1] = down[stage].forward(store, new NDList(skips[stage]), training, params)
          .head();
    }
    NDArray x = bridge.forward(store, new NDList(skips[3]), training, params).head();
    for (int k = 2; k >= 0; k--) {
      NDArray joined = upsample(x).concat(skips[k], 1);
      x = up[k].forward(store, new NDList(joined), training, params).head();
    }
    NDArray ab = head.forward(store, new NDList(x.concat(l, 1)), training, params).head();
    ab.setName("ab");
    return new NDList(ab);
  }

  private static NDArray upsample(NDArray x) {
    return x.repeat(2, 2).repeat(3, 2);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    Shape in = inputs[0];
    return new Shape[] {new Shape(in.get(0), 2, in.get(2), in.get(3))};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
    Shape in = inputs[0];
    if (in.dimension() != 4 || in.get(1) != 1 || in.get(2) % 8 != 0 || in.get(3) % 8 != 0) {
      throw new IllegalArgumentException("DeOldify input must be [N, 1, S, S] with S a multiple"
          + " of 8, not " + in);
    }
    Shape[] skips = new Shape[4];
    stem.initialize(manager, dataType, in);
    skips[0] = stem.getOutputShapes(new Shape[] {in})[0];
    for (int stage = 0; stage < 3; stage++) {
      down[stage].initialize(manager, dataType, skips[stage]);
      skips[stage + 1] = down[stage].getOutputShapes(new Shape[] {skips[stage]})[0];
    }
    bridge.initialize(manager, dataType, skips[3]);
    Shape x = skips[3];
    for (int k = 2; k >= 0; k--) {
      Shape s = skips[k];
      Shape joined = new Shape(s.get(0), x.get(1) + s.get(1), s.get(2), s.get(3));
      up[k].initialize(manager, dataType, joined);
      x = up[k].getOutputShapes(new Shape[] {joined})[0];
    }
    head.initialize(manager, dataType, new Shape(x.get(0), x.get(1) + 1, x.get(2), x.get(3)));
  }
}
