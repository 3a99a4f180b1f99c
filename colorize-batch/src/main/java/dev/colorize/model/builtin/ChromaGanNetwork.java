package dev.colorize.model.builtin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.colorize.model.builtin.Layers.Act;

/**
 * A ChromaGAN-style generator (after Vitoria et al., WACV 2020) in DJL.
 *
 * <p><b>Input</b>: one array {@code [N, 1, S, S]}, the CIE L plane divided by 100 (so in [0, 1]);
 * {@code S} a multiple of 8. <b>Outputs</b>: {@code ab} {@code [N, 2, S, S]} from a tanh, in
 * [-1, 1], where CIE {@code a = 110 * ab[0]} and {@code b = 110 * ab[1]} ({@link #AB_SCALE}; the
 * a/b range of sRGB colours is about [-110, 110], see {@code LabImage}); and class logits
 * {@code [N, numClasses]} (softmax them for the class distribution ChromaGAN's KL term compares
 * with the labels).
 *
 * <p>Structure: a VGG-style encoder (4 stages of 3x3 conv, batch norm, ReLU, max-pool by 2 after
 * the first three) to mid-level features at S/8; a mid-level branch (two 3x3 convs); a global
 * branch (four 3x3 conv-ReLU, two of stride 2, no batch norm because at S/32 a batch of one
 * image has a single value per channel, global average pooling, two dense layers) whose vector
 * feeds the class head and, broadcast over S/8 x S/8, is concatenated with the mid-level features
 * and fused by a 1x1 conv; a decoder of 3x3 convs and three nearest-neighbour upsamplings to
 * full size. Global average pooling (instead of ChromaGAN's flatten at 224 pixels) makes the
 * network fully convolutional, so any multiple of 8 works as input size.
 */
public final class ChromaGanNetwork extends AbstractBlock {

  /** CIE a/b units per unit of the tanh output. */
  public static final float AB_SCALE = 110f;

  private static final byte VERSION = 1;

  /** Channel widths of the four encoder stages, convs per stage, and the global vector size. */
  record Widths(int[] stages, int[] depths, int global) {}

  private final NetworkSize size;
  private final int numClasses;
  private final int globalDim;
  private final long parameterCount;
  private final Block encoder;
  private final Block midLevel;
  private final Block global;
  private final Block classHead;
  private final Block fusion;
  private final Block decoder;

  /**
   * A generator of the given size; weights are allocated by {@code initialize} or
   * {@code loadParameters}.
   *
   * @param numClasses classes of the class head (AI Hub food: 150)
   */
  public ChromaGanNetwork(NetworkSize size, int numClasses) {
    super(VERSION);
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses is " + numClasses + "; use 1 or more");
    }
    this.size = size;
    this.numClasses = numClasses;
    Widths w = widths(size);
    int[] c = w.stages();
    this.globalDim = w.global();
    Layers layers = new Layers();

    SequentialBlock enc = new SequentialBlock();
    int in = 1;
    for (int stage = 0; stage < 4; stage++) {
      for (int i = 0; i < w.depths()[stage]; i++) {
        enc.add(layers.conv3(in, c[stage]));
        in = c[stage];
      }
      if (stage < 3) {
        enc.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
      }
    }
    encoder = addChildBlock("encoder", enc);

    midLevel = addChildBlock("midLevel", new SequentialBlock()
        .add(layers.conv3(c[3], c[3]))
        .add(layers.conv3(c[3], c[2])));

    global = addChildBlock("global", new SequentialBlock()
        .add(layers.conv(c[3], c[3], 3, 2, 1, false, Act.RELU))
        .add(layers.conv(c[3], c[3], 3, 1, 1, false, Act.RELU))
        .add(layers.conv(c[3], c[3], 3, 2, 1, false, Act.RELU))
        .add(layers.conv(c[3], c[3], 3, 1, 1, false, Act.RELU))
        .add(Pool.globalAvgPool2dBlock())
        .add(layers.dense(c[3], 2 * globalDim, Act.RELU))
        .add(layers.dense(2 * globalDim, globalDim, Act.RELU)));

    classHead = addChildBlock("classHead", layers.dense(globalDim, numClasses, Act.NONE));

    fusion = addChildBlock("fusion",
        layers.conv(c[2] + globalDim, c[2], 1, 1, 0, true, Act.RELU));

    int half = Math.max(4, c[0] / 2);
    decoder = addChildBlock("decoder", new SequentialBlock()
        .add(layers.conv(c[2], c[1], 3, 1, 1, false, Act.RELU))
        .add(Layers.upsample2())
        .add(layers.conv(c[1], c[0], 3, 1, 1, false, Act.RELU))
        .add(Layers.upsample2())
        .add(layers.conv(c[0], half, 3, 1, 1, false, Act.RELU))
        .add(Layers.upsample2())
        .add(layers.conv(half, half, 3, 1, 1, false, Act.RELU))
        .add(layers.conv(half, 2, 3, 1, 1, false, Act.TANH)));
    this.parameterCount = layers.parameterCount();
  }

  static Widths widths(NetworkSize size) {
    return switch (size) {
      case TINY -> new Widths(new int[] {8, 16, 32, 32}, new int[] {1, 1, 1, 1}, 32);
      case SMALL -> new Widths(new int[] {16, 32, 64, 128}, new int[] {1, 2, 2, 2}, 128);
      case FULL -> new Widths(new int[] {64, 128, 256, 512}, new int[] {2, 2, 3, 3}, 512);
    };
  }

  /** The parameter count (floats, including batch-norm statistics), known before allocation. */
  public long parameterCount() {
    return parameterCount;
  }

  public NetworkSize size() {
    return size;
  }

  public int numClasses() {
    return numClasses;
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDList features = encoder.forward(store, new NDList(inputs.head()), training, params);
    NDArray mid = midLevel.forward(store, features, training, params).head();
    NDArray vector = global.forward(store, features, training, params).head();
    NDArray logits = classHead.forward(store, new NDList(vector), training, params).head();
    Shape s = mid.getShape();
    NDArray spread = vector.reshape(s.get(0), globalDim, 1, 1)
        .broadcast(new Shape(s.get(0), globalDim, s.get(2), s.get(3)));
    NDList fused = fusion.forward(store, new NDList(mid.concat(spread, 1)), training, params);
    NDArray ab = decoder.forward(store, fused, training, params).head();
    ab.setName("ab");
    logits.setName("class");
    return new NDList(ab, logits);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    Shape in = inputs[0];
    return new Shape[] {
        new Shape(in.get(0), 2, in.get(2), in.get(3)), new Shape(in.get(0), numClasses)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
    Shape in = inputs[0];
    if (in.dimension() != 4 || in.get(1) != 1 || in.get(2) % 8 != 0 || in.get(3) % 8 != 0) {
      throw new IllegalArgumentException("ChromaGAN input must be [N, 1, S, S] with S a multiple"
          + " of 8, not " + in);
    }
    encoder.initialize(manager, dataType, in);
    Shape features = encoder.getOutputShapes(new Shape[] {in})[0];
    midLevel.initialize(manager, dataType, features);
    Shape mid = midLevel.getOutputShapes(new Shape[] {features})[0];
    global.initialize(manager, dataType, features);
    Shape vector = global.getOutputShapes(new Shape[] {features})[0];
    classHead.initialize(manager, dataType, vector);
    Shape fusedIn = new Shape(mid.get(0), mid.get(1) + globalDim, mid.get(2), mid.get(3));
    fusion.initialize(manager, dataType, fusedIn);
    decoder.initialize(manager, dataType, fusion.getOutputShapes(new Shape[] {fusedIn})[0]);
  }
}
