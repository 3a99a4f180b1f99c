package dev.colorize.model.official.chromagan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.colorize.model.official.TorchBlock;
import dev.colorize.model.official.TorchLayout;
import dev.colorize.model.official.TorchOps;
import java.util.List;

/**
 * ChromaGAN's colorization network exactly as published (Vitoria, Raad and Ballester, WACV
 * 2020; {@code colorization_model()} of pvitoria/ChromaGAN's {@code SOURCE/ChromaGAN.py}, Keras
 * 2 on TensorFlow 1.x), with Keras's semantics: 'same' padding, batch norm with epsilon 1e-3
 * after the ReLU, flattening in NHWC order. Input {@code [N, 224, 224, 3]} (NHWC, the L plane
 * / 100 three times; NCHW {@code [N, 3, 224, 224]} is accepted too and the outputs then follow
 * it); outputs {@code ab} {@code [N, 224, 224, 2]} from a sigmoid and {@code class}
 * {@code [N, 1000]}, a softmax. 224 is the only size: the dense layers read 7 x 7 x 512.
 *
 * <ol>
 *   <li>{@code vgg}: VGG-16 up to {@code block4_conv3} (3x3 convs with ReLU, 2x2 max pools
 *       after blocks 1 to 3), to 28 x 28 x 512;
 *   <li>{@code global}: four 3x3 convs to 512 with ReLU, each followed by batch norm, strides
 *       2, 1, 2, 1 (Keras pads a stride-2 'same' conv on an even size at the bottom and right
 *       only), to 7 x 7 x 512; flattened, three linear dense layers 1024, 512, 256, the vector
 *       repeated at each of the 28 x 28 positions; and from the same flattening the class head,
 *       dense 4096, 4096 (linear) and 1000 with softmax;
 *   <li>{@code mid}: 3x3 convs to 512 and 256 from the trunk, each ReLU then batch norm;
 *   <li>{@code fusion}: the mid-level and global features concatenated (mid first), a 1x1 conv
 *       to 256 and a 3x3 conv to 128 (ReLU), nearest 2x upsampling, two 3x3 convs to 64, 2x, a
 *       conv to 32, a conv to 2 with sigmoid, 2x.
 * </ol>
 * Keys are roles ({@code vgg.block1_conv1}, {@code global.conv1}, {@code global.bn1},
 * {@code global.dense1}, {@code class.dense1}, {@code mid.conv1}, {@code fusion.conv1}, ...),
 * since Keras numbers its layers by creation order ({@link ChromaGanFile} maps them); conv
 * kernels are held as PyTorch's {@code [out, in, kh, kw]}, dense kernels as Keras's
 * {@code [in, out]}, batch norms as {@code weight}, {@code bias}, {@code running_mean},
 * {@code running_var} (Keras's gamma, beta, moving mean and variance).
 */
public final class ChromaGanGenerator extends TorchBlock {

  /** The only input size: the dense layers are fixed to 7 x 7 x 512 after the trunk. */
  public static final int SIZE = 224;
  static final int CLASSES = 1000;
  private static final int TRUNK_SIZE = 28;
  private static final int GLOBAL_SIZE = 7;

  /** A 3x3 or 1x1 conv of the network: its key, channels and kernel size. */
  record Conv(String key, int in, int out, int kernel) {}

  /** VGG-16's convs up to block4_conv3, by Keras applications' names. */
  static final List<Conv> VGG = List.of(
      new Conv("vgg.block1_conv1", 3, 64, 3), new Conv("vgg.block1_conv2", 64, 64, 3),
      new Conv("vgg.block2_conv1", 64, 128, 3), new Conv("vgg.block2_conv2", 128, 128, 3),
      new Conv("vgg.block3_conv1", 128, 256, 3), new Conv("vgg.block3_conv2", 256, 256, 3),
      new Conv("vgg.block3_conv3", 256, 256, 3), new Conv("vgg.block4_conv1", 256, 512, 3),
      new Conv("vgg.block4_conv2", 512, 512, 3), new Conv("vgg.block4_conv3", 512, 512, 3));

  /** The generator's own convs in the order the authors' code creates them. */
  static final List<Conv> CONVS = List.of(
      new Conv("global.conv1", 512, 512, 3), new Conv("global.conv2", 512, 512, 3),
      new Conv("global.conv3", 512, 512, 3), new Conv("global.conv4", 512, 512, 3),
      new Conv("mid.conv1", 512, 512, 3), new Conv("mid.conv2", 512, 256, 3),
      new Conv("fusion.conv1", 512, 256, 1), new Conv("fusion.conv2", 256, 128, 3),
      new Conv("fusion.conv3", 128, 64, 3), new Conv("fusion.conv4", 64, 64, 3),
      new Conv("fusion.conv5", 64, 32, 3), new Conv("fusion.conv6", 32, 2, 3));

  /** Batch norms in creation order, with their channels. */
  static final List<String> BATCH_NORMS = List.of("global.bn1", "global.bn2", "global.bn3",
      "global.bn4", "mid.bn1", "mid.bn2");
  static final int[] BATCH_NORM_CHANNELS = {512, 512, 512, 512, 512, 256};

  /** Dense layers in creation order: key, inputs, outputs. */
  record Dense(String key, int in, int out) {}

  static final List<Dense> DENSES = List.of(
      new Dense("global.dense1", GLOBAL_SIZE * GLOBAL_SIZE * 512, 1024),
      new Dense("global.dense2", 1024, 512), new Dense("global.dense3", 512, 256),
      new Dense("class.dense1", GLOBAL_SIZE * GLOBAL_SIZE * 512, 4096),
      new Dense("class.dense2", 4096, 4096), new Dense("class.dense3", 4096, CLASSES));

  private static final TorchLayout LAYOUT = buildLayout();

  public ChromaGanGenerator() {
    super(LAYOUT);
  }

  /** The published network's tensors (shared, immutable in use). */
  public static TorchLayout publishedLayout() {
    return LAYOUT;
  }

  private static TorchLayout buildLayout() {
    TorchLayout t = new TorchLayout();
    for (Conv c : VGG) {
      t.conv(c.key(), c.out(), c.in(), c.kernel());
    }
    for (int i = 0; i < CONVS.size(); i++) {
      Conv c = CONVS.get(i);
      t.conv(c.key(), c.out(), c.in(), c.kernel());
      if (i < BATCH_NORMS.size()) {
        t.batchNorm(BATCH_NORMS.get(i), BATCH_NORM_CHANNELS[i]);
      }
    }
    for (Dense d : DENSES) {
      t.weight(d.key() + ".weight", d.in(), d.out()).weight(d.key() + ".bias", d.out());
    }
    return t;
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray input = inputs.head();
    Shape s = input.getShape();
    boolean nhwc = s.dimension() == 4 && s.get(3) == 3 && s.get(1) == SIZE;
    if (!(nhwc || s.dimension() == 4 && s.get(1) == 3 && s.get(2) == SIZE)
        || s.get(2) != SIZE) {
      throw new IllegalArgumentException("ChromaGAN takes [N, 224, 224, 3] (or [N, 3, 224, 224])"
          + ", not " + s);
    }
    Weights p = new Weights(store, input.getDevice(), training);
    NDArray trunk = scoped(input, in -> {
      NDArray x = nhwc ? in.transpose(0, 3, 1, 2) : in;
      for (int i = 0; i < VGG.size(); i++) {
        x = TorchOps.relu(p.conv(VGG.get(i).key(), x, 1, 1));
        if (i == 1 || i == 3 || i == 6) {
          x = TorchOps.maxPool(x, 2, 2, 0);
        }
      }
      return x;
    });
    NDArray flat = scoped(trunk, in -> {
      NDArray x = in;
      for (int i = 0; i < 4; i++) {
        x = batchNorm(p, BATCH_NORMS.get(i), TorchOps.relu(i % 2 == 0
            ? strideTwoSame(p, CONVS.get(i).key(), x) : p.conv(CONVS.get(i).key(), x, 1, 1)));
      }
      // Keras's Flatten reads NHWC: channels fastest
      return x.transpose(0, 2, 3, 1).reshape(x.getShape().get(0), -1);
    });
    NDArray global = scoped(flat, in -> dense(p, "global.dense3",
        dense(p, "global.dense2", dense(p, "global.dense1", in))));
    NDArray classes = scoped(flat, in -> dense(p, "class.dense3",
        dense(p, "class.dense2", dense(p, "class.dense1", in))).softmax(1));
    NDArray ab = scoped(trunk, in -> {
      NDArray mid = batchNorm(p, "mid.bn1", TorchOps.relu(p.conv("mid.conv1", in, 1, 1)));
      mid = batchNorm(p, "mid.bn2", TorchOps.relu(p.conv("mid.conv2", mid, 1, 1)));
      long n = mid.getShape().get(0);
      NDArray repeated = global.reshape(n, 256, 1, 1)
          .broadcast(new Shape(n, 256, TRUNK_SIZE, TRUNK_SIZE));
      NDArray x = mid.concat(repeated, 1);
      x = TorchOps.relu(p.conv("fusion.conv1", x, 0, 1));
      x = TorchOps.relu(p.conv("fusion.conv2", x, 1, 1));
      x = upsample(x);
      x = TorchOps.relu(p.conv("fusion.conv3", x, 1, 1));
      x = TorchOps.relu(p.conv("fusion.conv4", x, 1, 1));
      x = upsample(x);
      x = TorchOps.relu(p.conv("fusion.conv5", x, 1, 1));
      x = upsample(Activation.sigmoid(p.conv("fusion.conv6", x, 1, 1)));
      return nhwc ? x.transpose(0, 2, 3, 1) : x;
    });
    ab.setName("ab");
    classes.setName("class");
    return new NDList(ab, classes);
  }

  /** A 3x3 stride-2 'same' conv as Keras computes it: zero row and column at the end only. */
  private static NDArray strideTwoSame(Weights p, String key, NDArray x) {
    NDArray padded = TorchOps.pad(x, 0, 1, 0, 1);
    return TorchOps.conv2d(padded, p.get(key + ".weight", x), p.get(key + ".bias", x), 2, 0);
  }

  /** Keras's BatchNormalization in the pass's mode (epsilon 1e-3, momentum 0.99). */
  private static NDArray batchNorm(Weights p, String key, NDArray x) {
    return TorchOps.batchNorm(x, p.get(key + ".weight", x), p.get(key + ".bias", x),
        p.get(key + ".running_mean", x), p.get(key + ".running_var", x), p.training(),
        TorchOps.BatchNormStyle.KERAS);
  }

  /** {@code Dense}: {@code x @ kernel + bias}, the kernel {@code [in, out]}. */
  private static NDArray dense(Weights p, String key, NDArray x) {
    return x.matMul(p.get(key + ".weight", x)).add(p.get(key + ".bias", x));
  }

  /** {@code UpSampling2D(size=(2, 2))}: nearest, each pixel repeated 2 x 2. */
  private static NDArray upsample(NDArray x) {
    Shape s = x.getShape();
    return TorchOps.interpolateNearest(x, 2 * s.get(2), 2 * s.get(3));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    Shape s = inputs[0];
    Shape ab = s.get(3) == 3 ? new Shape(s.get(0), SIZE, SIZE, 2) : new Shape(s.get(0), 2, SIZE,
        SIZE);
    return new Shape[] {ab, new Shape(s.get(0), CLASSES)};
  }
}
