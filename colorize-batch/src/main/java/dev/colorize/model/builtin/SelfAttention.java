package dev.colorize.model.builtin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * SAGAN self-attention (Zhang et al., ICML 2019) as DeOldify uses it: 1x1 projections f, g (C/8
 * channels) and h (C channels); attention = softmax over positions of f^T g; output
 * {@code x + gamma * (h attention)}. gamma starts at 0, so an untrained block is the identity and
 * training blends attention in. The projections are {@link PaddedConv2d}s.
 */
public final class SelfAttention extends AbstractBlock {

  private static final byte VERSION = 1;

  private final int channels;
  private final int reduced;
  private final Block query;
  private final Block key;
  private final Block value;
  private final Parameter gamma;

  public SelfAttention(int channels) {
    super(VERSION);
    this.channels = channels;
    this.reduced = Math.max(1, channels / 8);
    query = addChildBlock("query", conv1(reduced));
    key = addChildBlock("key", conv1(reduced));
    value = addChildBlock("value", conv1(channels));
    gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
        .optShape(new Shape(1)).optInitializer(Initializer.ZEROS).build());
  }

  /** Parameters of a block with {@code channels} channels. */
  static long parameterCount(int channels) {
    long r = Math.max(1, channels / 8);
    return 2 * (channels * r + r) + (long) channels * channels + channels + 1;
  }

  private static Block conv1(int filters) {
    return PaddedConv2d.of(filters, 1, 1, 0);
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.head();
    Shape s = x.getShape();
    long n = s.get(0);
    long positions = s.get(2) * s.get(3);
    NDArray f = query.forward(store, inputs, training, params).head().reshape(n, reduced,
        positions);
    NDArray g = key.forward(store, inputs, training, params).head().reshape(n, reduced,
        positions);
    NDArray h = value.forward(store, inputs, training, params).head().reshape(n, channels,
        positions);
    NDArray attention = f.transpose(0, 2, 1).batchMatMul(g).softmax(1); // [n, from, to]
    NDArray attended = h.batchMatMul(attention).reshape(s);
    NDArray scale = store.getValue(gamma, x.getDevice(), training);
    return new NDList(x.add(attended.mul(scale)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return new Shape[] {inputs[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
    query.initialize(manager, dataType, inputs[0]);
    key.initialize(manager, dataType, inputs[0]);
    value.initialize(manager, dataType, inputs[0]);
  }
}
