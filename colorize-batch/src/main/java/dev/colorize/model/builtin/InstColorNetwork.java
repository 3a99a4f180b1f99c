package dev.colorize.model.builtin;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
import java.util.ArrayList;
import java.util.List;

/**
 * An InstColor-style generator (after Su et al., <i>Instance-aware Image Colorization</i>, CVPR
 * 2020) in DJL: a full-image network and an instance network of the same shape (separate weights),
 * and after each of their five stages a fusion module that blends the full-image features with the
 * instance features pasted into their boxes, using per-pixel weight maps predicted by small conv
 * nets and normalised by a softmax over the image and the instances (outside its box an instance
 * has weight 0).
 *
 * <p><b>Inputs</b>: full L {@code [1, 1, S, S]} (L / 100, S a multiple of 4; one image per call,
 * as in InstColor); optionally instance crops {@code [K, 1, s, s]} (each box's L / 100 resized to
 * s x s) and boxes {@code [K, 4]} as {@code x0, y0, x1, y1} in the full input's pixels (floats,
 * exclusive end). <b>Outputs</b>: {@code ab} {@code [1, 2, S, S]} (tanh, CIE a/b = 110 * ab), and
 * when instances are given the instance network's own {@code [K, 2, s, s]} (for training it on
 * crops, as InstColor does before training the fusion).
 *
 * <p>Stages (each 3x3 conv-BN-ReLU): at S; max-pool, at S/2; max-pool, at S/4; nearest upsample,
 * at S/2; nearest upsample, at S; then a 3x3 conv to 2 channels and tanh. The original fuses 13
 * layers of a SIGGRAPH17-style network and takes instance boxes from a Mask R-CNN; here boxes come
 * from the dataset's annotations.
 */
public final class InstColorNetwork extends AbstractBlock {

  private static final byte VERSION = 1;
  /** Weight-map logit outside an instance's box: softmax weight ~0. */
  private static final float OUTSIDE = -1e4f;

  private final NetworkSize size;
  private final long parameterCount;
  private final Block[] fullStages = new Block[5];
  private final Block[] instanceStages = new Block[5];
  private final Block[] fullWeights = new Block[5];
  private final Block[] instanceWeights = new Block[5];
  private final Block fullHead;
  private final Block instanceHead;

  public InstColorNetwork(NetworkSize size) {
    super(VERSION);
    this.size = size;
    int[] c = switch (size) {
      case TINY -> new int[] {8, 16, 32};
      case SMALL -> new int[] {32, 64, 128};
      case FULL -> new int[] {64, 128, 256};
    };
    int[] out = {c[0], c[1], c[2], c[1], c[0]};
    Layers layers = new Layers();
    for (String branch : new String[] {"full", "instance"}) {
      Block[] stages = branch.equals("full") ? fullStages : instanceStages;
      Block[] weights = branch.equals("full") ? fullWeights : instanceWeights;
      int in = 1;
      for (int l = 0; l < 5; l++) {
        SequentialBlock stage = new SequentialBlock();
        if (l == 1 || l == 2) {
          stage.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        } else if (l >= 3) {
          stage.add(Layers.upsample2());
        }
        stage.add(layers.conv3(in, out[l]));
        stages[l] = addChildBlock(branch + "Stage" + l, stage);
        int hidden = Math.max(4, out[l] / 4);
        weights[l] = addChildBlock(branch + "Weight" + l, new SequentialBlock()
            .add(layers.conv(out[l], hidden, 3, 1, 1, false, Act.RELU))
            .add(layers.conv(hidden, 1, 3, 1, 1, false, Act.NONE)));
        in = out[l];
      }
    }
    fullHead = addChildBlock("fullHead", layers.conv(c[0], 2, 3, 1, 1, false, Act.TANH));
    instanceHead = addChildBlock("instanceHead", layers.conv(c[0], 2, 3, 1, 1, false, Act.TANH));
    parameterCount = layers.parameterCount();
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
    NDArray x = inputs.get(0);
    if (x.getShape().get(0) != 1) {
      throw new IllegalArgumentException("InstColor takes one image per call, not "
          + x.getShape());
    }
    boolean instances = inputs.size() >= 3 && inputs.get(1).getShape().get(0) > 0;
    NDArray y = instances ? inputs.get(1) : null;
    float[] boxes = instances ? inputs.get(2).toType(DataType.FLOAT32, false).toFloatArray()
        : null;
    long side = x.getShape().get(2);
    long sideW = x.getShape().get(3);
    for (int l = 0; l < 5; l++) {
      x = fullStages[l].forward(store, new NDList(x), training, params).head();
      if (instances) {
        y = instanceStages[l].forward(store, new NDList(y), training, params).head();
        x = fuse(store, training, params, l, x, y, boxes, side, sideW);
      }
    }
    NDArray ab = fullHead.forward(store, new NDList(x), training, params).head();
    ab.setName("ab");
    if (!instances) {
      return new NDList(ab);
    }
    NDArray instanceAb = instanceHead.forward(store, new NDList(y), training, params).head();
    instanceAb.setName("instanceAb");
    return new NDList(ab, instanceAb);
  }

  private NDArray fuse(ParameterStore store, boolean training, PairList<String, Object> params,
      int l, NDArray full, NDArray instances, float[] boxes, long side, long sideW) {
    long channels = full.getShape().get(1);
    int h = (int) full.getShape().get(2);
    int w = (int) full.getShape().get(3);
    NDArray fullLogit = fullWeights[l].forward(store, new NDList(full), training, params).head();
    NDArray instanceLogit = instanceWeights[l].forward(store, new NDList(instances), training,
        params).head();
    NDList features = new NDList(full.get(0));
    NDList logits = new NDList(fullLogit.get(0));
    int count = (int) instances.getShape().get(0);
    for (int k = 0; k < count; k++) {
      int x0 = clamp((int) Math.floor(boxes[4 * k] * w / sideW), 0, w - 1);
      int y0 = clamp((int) Math.floor(boxes[4 * k + 1] * h / side), 0, h - 1);
      int x1 = clamp((int) Math.ceil(boxes[4 * k + 2] * w / sideW), x0 + 1, w);
      int y1 = clamp((int) Math.ceil(boxes[4 * k + 3] * h / side), y0 + 1, h);
      features.add(paste(resize(instances.get(k), x1 - x0, y1 - y0), x0, y0, w, h, 0f));
      logits.add(paste(resize(instanceLogit.get(k), x1 - x0, y1 - y0), x0, y0, w, h, OUTSIDE));
    }
    NDArray weights = NDArrays.stack(logits, 0).softmax(0);     // [1 + K, 1, h, w]
    NDArray fused = NDArrays.stack(features, 0).mul(weights).sum(new int[] {0});
    return fused.reshape(1, channels, h, w);
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /** Bilinear resize of a [C, h, w] array to [C, height, width]. */
  private static NDArray resize(NDArray chw, int width, int height) {
    Shape s = chw.getShape();
    if (s.get(1) == height && s.get(2) == width) {
      return chw;
    }
    return NDImageUtils.resize(chw.transpose(1, 2, 0), width, height,
        Image.Interpolation.BILINEAR).transpose(2, 0, 1);
  }

  /** A [C, bh, bw] array placed at (x0, y0) in a [C, h, w] array filled with {@code fill}. */
  private static NDArray paste(NDArray a, int x0, int y0, int w, int h, float fill) {
    Shape s = a.getShape();
    long c = s.get(0);
    int bh = (int) s.get(1);
    int bw = (int) s.get(2);
    NDManager m = a.getManager();
    NDList row = new NDList();
    if (x0 > 0) {
      row.add(m.full(new Shape(c, bh, x0), fill, a.getDataType()));
    }
    row.add(a);
    if (w - x0 - bw > 0) {
      row.add(m.full(new Shape(c, bh, w - x0 - bw), fill, a.getDataType()));
    }
    NDList column = new NDList();
    if (y0 > 0) {
      column.add(m.full(new Shape(c, y0, w), fill, a.getDataType()));
    }
    column.add(row.size() == 1 ? a : NDArrays.concat(row, 2));
    if (h - y0 - bh > 0) {
      column.add(m.full(new Shape(c, h - y0 - bh, w), fill, a.getDataType()));
    }
    return column.size() == 1 ? column.head() : NDArrays.concat(column, 1);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    Shape in = inputs[0];
    Shape ab = new Shape(in.get(0), 2, in.get(2), in.get(3));
    if (inputs.length >= 3 && inputs[1].get(0) > 0) {
      Shape crops = inputs[1];
      return new Shape[] {ab, new Shape(crops.get(0), 2, crops.get(2), crops.get(3))};
    }
    return new Shape[] {ab};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
    Shape in = inputs[0];
    if (in.dimension() != 4 || in.get(1) != 1 || in.get(2) % 4 != 0 || in.get(3) % 4 != 0) {
      throw new IllegalArgumentException("InstColor input must be [1, 1, S, S] with S a multiple"
          + " of 4, not " + in);
    }
    Shape crops = inputs.length >= 2 && inputs[1].get(0) > 0 ? inputs[1] : in;
    initBranch(manager, dataType, fullStages, fullWeights, fullHead, in);
    initBranch(manager, dataType, instanceStages, instanceWeights, instanceHead, crops);
  }

  private static void initBranch(NDManager manager, DataType dataType, Block[] stages,
      Block[] weights, Block head, Shape in) {
    Shape x = in;
    for (int l = 0; l < 5; l++) {
      stages[l].initialize(manager, dataType, x);
      x = stages[l].getOutputShapes(new Shape[] {x})[0];
      weights[l].initialize(manager, dataType, x);
    }
    head.initialize(manager, dataType, x);
  }
}
