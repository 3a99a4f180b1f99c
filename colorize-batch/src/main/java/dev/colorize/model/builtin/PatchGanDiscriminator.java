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
 * A PatchGAN critic (Isola et al., pix2pix, CVPR 2017) as ChromaGAN uses it.
 *
 * <p><b>Inputs</b>: L {@code [N, 1, S, S]} (L / 100) and ab {@code [N, 2, S, S]} (in the
 * generator's [-1, 1] scale), concatenated on the channel axis; {@code S} a multiple of 8.
 * <b>Output</b>: one unbounded score per patch, {@code [N, 1, S/8 - 2, S/8 - 2]} (WGAN critic: no
 * sigmoid). 4x4 convolutions, stride 2 three times then stride 1 twice, leaky ReLU 0.2, and no
 * batch norm, because WGAN-GP's gradient penalty is per sample.
 */
public final class PatchGanDiscriminator extends AbstractBlock {

  private static final byte VERSION = 1;

  private final NetworkSize size;
  private final long parameterCount;
  private final Block body;

  public PatchGanDiscriminator(NetworkSize size) {
    super(VERSION);
    this.size = size;
    int base = switch (size) {
      case TINY -> 8;
      case SMALL -> 32;
      case FULL -> 64;
    };
    Layers layers = new Layers();
    body = addChildBlock("body", new SequentialBlock()
        .add(layers.conv(3, base, 4, 2, 1, false, Act.LEAKY_RELU))
        .add(layers.conv(base, 2 * base, 4, 2, 1, false, Act.LEAKY_RELU))
        .add(layers.conv(2 * base, 4 * base, 4, 2, 1, false, Act.LEAKY_RELU))
        .add(layers.conv(4 * base, 8 * base, 4, 1, 1, false, Act.LEAKY_RELU))
        .add(layers.conv(8 * base, 1, 4, 1, 1, false, Act.NONE)));
    parameterCount = layers.parameterCount();
  }

  /** The parameter count, known before allocation. */
  public long parameterCount() {
    return parameterCount;
  }

  public NetworkSize size() {
    return size;
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray joined = inputs.size() == 1 ? inputs.head() : inputs.get(0).concat(inputs.get(1), 1);
    return body.forward(store, new NDList(joined), training, params);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    Shape l = inputs[0];
    long side = l.get(2) / 8 - 2;
    long sideW = l.get(3) / 8 - 2;
    return new Shape[] {new Shape(l.get(0), 1, side, sideW)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
    Shape l = inputs[0];
    body.initialize(manager, dataType, new Shape(l.get(0), 3, l.get(2), l.get(3)));
  }
}
