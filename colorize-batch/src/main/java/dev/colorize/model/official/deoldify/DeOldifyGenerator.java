package dev.colorize.model.official.deoldify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.colorize.model.official.TorchLayout;
import dev.colorize.model.official.TorchOps;
import java.util.ArrayList;
import java.util.List;

/**
 * DeOldify's generator exactly as published: fastai 1.x's {@code DynamicUnetDeep} or
 * {@code DynamicUnetWide} (DeOldify's {@code deoldify/unet.py}) on a torchvision ResNet cut
 * before its pooling head, with DeOldify's learner arguments; parameters named by the keys of
 * {@code ColorizeArtistic_gen.pth} / {@code ColorizeStable_gen.pth}. Input {@code [N, 3, H, W]}
 * (the gray image as RGB, ImageNet-normalised; H and W multiples of 16), output
 * {@code [N, 3, H, W]} in the same normalised space, in {@code (-3, 3)}.
 *
 * <p>The top level is fastai's {@code SequentialEx}, keys {@code layers.<i>}:
 * <ol start="0">
 *   <li>the encoder: {@code 0} conv1 7x7/2, {@code 1} bn1, ReLU, max pool 3/2, {@code 4..7}
 *       layer1..layer4 ({@code BasicBlock} for ResNet-34, {@code Bottleneck} with the stride on
 *       its 3x3 conv for ResNet-101);
 *   <li>batch norm, then ReLU (2);
 *   <li>(3) the middle: two spectral 3x3 convs without bias, each ReLU then batch norm
 *       ({@code custom_conv_layer} with {@code extra_bn}), ni to 2 ni to ni;
 *   <li>(4..7) four U-Net blocks fed by the encoder outputs where the size changes: layer3,
 *       layer2, layer1 and the stem's ReLU. Each upsamples with {@code CustomPixelShuffle_ICNR}
 *       (spectral 1x1 conv without bias, batch norm, ReLU, pixel shuffle, blur), resizes with
 *       nearest interpolation to the hooked feature's size when they differ (inputs that are not
 *       multiples of 32), concatenates the batch-normed feature, applies ReLU, then two
 *       {@code custom_conv_layer}s (deep) or one (wide); the second block ends in fastai's
 *       self-attention;
 *   <li>(8) fastai's {@code PixelShuffle_ICNR} (weight-norm 1x1 conv with bias, ReLU, shuffle,
 *       blur) back to the input size;
 *   <li>(9) {@code MergeLayer(dense=True)}: concatenation with the network input;
 *   <li>(10) {@code res_block}: two spectral 3x3 convs with bias and ReLU, plus the block input;
 *   <li>(11) a spectral 1x1 conv with bias to three channels; (12) {@code SigmoidRange(-3, 3)}.
 * </ol>
 * The blur always runs: the modules test {@code if self.blur}, which is the pooling module and
 * therefore true. Spectral norm is evaluated from {@code weight_orig}, {@code weight_u},
 * {@code weight_v} as PyTorch does ({@link TorchOps#spectralWeight}).
 */
public final class DeOldifyGenerator extends FastaiBlock {

  /** Inputs must be multiples of this (the encoder downsamples five times, the blocks resize). */
  public static final int SIZE_MULTIPLE = 16;
  static final float Y_LOW = -3f;
  static final float Y_HIGH = 3f;
  private static final int STEM = 64;
  private static final int[] WIDTHS = {64, 128, 256, 512};
  /** Encoder children whose outputs the U-Net blocks read, in block order. */
  private static final int[] HOOKS = {6, 5, 4, 2};

  /** One U-Net block: its input and hooked channels, upsampled channels, output channels. */
  record UnetBlock(String prefix, int upIn, int xIn, int shufOut, int out, boolean attention,
      int hook) {}

  private final DeOldifyVariant variant;
  private final List<UnetBlock> blocks;

  public DeOldifyGenerator(DeOldifyVariant variant) {
    super(layout(variant));
    this.variant = variant;
    this.blocks = unetBlocks(variant);
  }

  public DeOldifyVariant variant() {
    return variant;
  }

  private static int expansion(DeOldifyVariant v) {
    return v.bottleneck() ? 4 : 1;
  }

  /** Channels of encoder child {@code i} (2 = stem ReLU, 4..7 = layer1..layer4). */
  private static int encoderChannels(DeOldifyVariant v, int child) {
    return child < 4 ? STEM : WIDTHS[child - 4] * expansion(v);
  }

  static List<UnetBlock> unetBlocks(DeOldifyVariant v) {
    List<UnetBlock> list = new ArrayList<>();
    int up = encoderChannels(v, 7);
    int nf = (int) (512 * v.nfFactor());
    for (int i = 0; i < HOOKS.length; i++) {
      boolean notFinal = i != HOOKS.length - 1;
      int xIn = encoderChannels(v, HOOKS[i]);
      boolean attention = i == HOOKS.length - 3;
      int shufOut;
      int out;
      if (v.wide()) {
        int nOut = notFinal ? nf : nf / 2;
        shufOut = nOut / 2;
        out = nOut / 2;
      } else {
        shufOut = up / 2;
        int ni = up / 2 + xIn;
        out = (int) ((notFinal ? ni : ni / 2) * v.nfFactor());
      }
      list.add(new UnetBlock("layers." + (4 + i), up, xIn, shufOut, out, attention, HOOKS[i]));
      up = out;
    }
    return list;
  }

  /** The state-dict keys and shapes of a variant's generator, in {@code state_dict()} order. */
  public static TorchLayout layout(DeOldifyVariant v) {
    TorchLayout t = new TorchLayout();
    t.weight("layers.0.0.weight", STEM, 3, 7, 7);
    t.batchNorm("layers.0.1", STEM);
    int in = STEM;
    int e = expansion(v);
    for (int layer = 0; layer < 4; layer++) {
      int width = WIDTHS[layer];
      for (int b = 0; b < v.blocks(layer); b++) {
        String p = "layers.0." + (4 + layer) + "." + b;
        int stride = b == 0 && layer > 0 ? 2 : 1;
        if (v.bottleneck()) {
          t.weight(p + ".conv1.weight", width, in, 1, 1);
          t.batchNorm(p + ".bn1", width);
          t.weight(p + ".conv2.weight", width, width, 3, 3);
          t.batchNorm(p + ".bn2", width);
          t.weight(p + ".conv3.weight", width * e, width, 1, 1);
          t.batchNorm(p + ".bn3", width * e);
        } else {
          t.weight(p + ".conv1.weight", width, in, 3, 3);
          t.batchNorm(p + ".bn1", width);
          t.weight(p + ".conv2.weight", width, width, 3, 3);
          t.batchNorm(p + ".bn2", width);
        }
        if (b == 0 && (stride != 1 || in != width * e)) {
          t.weight(p + ".downsample.0.weight", width * e, in, 1, 1);
          t.batchNorm(p + ".downsample.1", width * e);
        }
        in = width * e;
      }
    }
    t.batchNorm("layers.1", in);
    spectral(t, "layers.3.0.0", 2 * in, in, 3, false);
    t.batchNorm("layers.3.0.2", 2 * in);
    spectral(t, "layers.3.1.0", in, 2 * in, 3, false);
    t.batchNorm("layers.3.1.2", in);
    int up = in;
    for (UnetBlock b : unetBlocks(v)) {
      spectral(t, b.prefix() + ".shuf.conv.0", 4 * b.shufOut(), b.upIn(), 1, false);
      t.batchNorm(b.prefix() + ".shuf.conv.1", 4 * b.shufOut());
      t.batchNorm(b.prefix() + ".bn", b.xIn());
      int ni = b.shufOut() + b.xIn();
      String last;
      if (v.wide()) {
        spectral(t, b.prefix() + ".conv.0", b.out(), ni, 3, false);
        t.batchNorm(b.prefix() + ".conv.2", b.out());
        last = b.prefix() + ".conv";
      } else {
        spectral(t, b.prefix() + ".conv1.0", b.out(), ni, 3, false);
        t.batchNorm(b.prefix() + ".conv1.2", b.out());
        spectral(t, b.prefix() + ".conv2.0", b.out(), b.out(), 3, false);
        t.batchNorm(b.prefix() + ".conv2.2", b.out());
        last = b.prefix() + ".conv2";
      }
      if (b.attention()) {
        selfAttention(t, last + ".3", b.out());
      }
      up = b.out();
    }
    t.weight("layers.8.conv.0.bias", 4 * up);
    t.weight("layers.8.conv.0.weight_g", 4 * up, 1, 1, 1);
    t.weight("layers.8.conv.0.weight_v", 4 * up, up, 1, 1);
    int merged = up + 3;
    spectral(t, "layers.10.layers.0.0", merged, merged, 3, true);
    spectral(t, "layers.10.layers.1.0", merged, merged, 3, true);
    spectral(t, "layers.11.0", 3, merged, 1, true);
    return t;
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray input = inputs.head();
    Weights p = new Weights(store, input.getDevice(), training);
    NDArray[] features = new NDArray[8];
    NDArray x = scoped(input, in -> relu(batchNorm(p, "layers.0.1",
        TorchOps.conv2d(in, p.get("layers.0.0.weight", in), null, 2, 3))));
    features[2] = x;
    x = TorchOps.maxPool(x, 3, 2, 1);
    for (int layer = 0; layer < 4; layer++) {
      for (int b = 0; b < variant.blocks(layer); b++) {
        String prefix = "layers.0." + (4 + layer) + "." + b;
        int stride = b == 0 && layer > 0 ? 2 : 1;
        x = scoped(x, in -> variant.bottleneck() ? bottleneck(p, prefix, in, stride)
            : basicBlock(p, prefix, in, stride));
      }
      features[4 + layer] = x;
    }
    x = scoped(x, in -> {
      NDArray y = relu(batchNorm(p, "layers.1", in));
      y = customConv(p, "layers.3.0", y, 3);
      return customConv(p, "layers.3.1", y, 3);
    });
    for (UnetBlock b : blocks) {
      NDArray hooked = features[b.hook()];
      x = scoped(x, in -> unetBlock(p, b, in, hooked));
    }
    x = scoped(x, in -> {
      NDArray w = TorchOps.weightNormWeight(p.get("layers.8.conv.0.weight_g", in),
          p.get("layers.8.conv.0.weight_v", in));
      NDArray y = TorchOps.conv2d(in, w, p.get("layers.8.conv.0.bias", in), 1, 0);
      return TorchOps.blur(TorchOps.pixelShuffle(relu(y), 2));
    });
    NDArray merged = x.concat(input, 1);
    return new NDList(scoped(merged, in -> {
      NDArray y = relu(spectralConv(p, "layers.10.layers.0.0", in, 1, true));
      y = relu(spectralConv(p, "layers.10.layers.1.0", y, 1, true));
      y = y.add(in);
      y = spectralConv(p, "layers.11.0", y, 0, true);
      return TorchOps.sigmoidRange(y, Y_LOW, Y_HIGH);
    }));
  }

  private NDArray unetBlock(Weights p, UnetBlock b, NDArray x, NDArray hooked) {
    NDArray up = spectralConv(p, b.prefix() + ".shuf.conv.0", x, 0, false);
    up = relu(batchNorm(p, b.prefix() + ".shuf.conv.1", up));
    up = TorchOps.blur(TorchOps.pixelShuffle(up, 2));
    Shape s = hooked.getShape();
    up = TorchOps.interpolateNearest(up, s.get(2), s.get(3));
    NDArray y = relu(up.concat(batchNorm(p, b.prefix() + ".bn", hooked), 1));
    String last;
    if (variant.wide()) {
      last = b.prefix() + ".conv";
      y = customConv(p, last, y, 3);
    } else {
      y = customConv(p, b.prefix() + ".conv1", y, 3);
      last = b.prefix() + ".conv2";
      y = customConv(p, last, y, 3);
    }
    return b.attention() ? selfAttention(p, last + ".3", y) : y;
  }

  /** torchvision {@code BasicBlock}: two 3x3 conv-BN, the shortcut, ReLU. */
  private static NDArray basicBlock(Weights p, String prefix, NDArray x, int stride) {
    NDArray y = relu(batchNorm(p, prefix + ".bn1",
        TorchOps.conv2d(x, p.get(prefix + ".conv1.weight", x), null, stride, 1)));
    y = batchNorm(p, prefix + ".bn2",
        TorchOps.conv2d(y, p.get(prefix + ".conv2.weight", y), null, 1, 1));
    return relu(y.add(shortcut(p, prefix, x, stride)));
  }

  /** torchvision {@code Bottleneck} (v1.5: the stride on the 3x3 conv). */
  private static NDArray bottleneck(Weights p, String prefix, NDArray x, int stride) {
    NDArray y = relu(batchNorm(p, prefix + ".bn1",
        TorchOps.conv2d(x, p.get(prefix + ".conv1.weight", x), null, 1, 0)));
    y = relu(batchNorm(p, prefix + ".bn2",
        TorchOps.conv2d(y, p.get(prefix + ".conv2.weight", y), null, stride, 1)));
    y = batchNorm(p, prefix + ".bn3",
        TorchOps.conv2d(y, p.get(prefix + ".conv3.weight", y), null, 1, 0));
    return relu(y.add(shortcut(p, prefix, x, stride)));
  }

  private static NDArray shortcut(Weights p, String prefix, NDArray x, int stride) {
    if (!p.has(prefix + ".downsample.0.weight")) {
      return x;
    }
    return batchNorm(p, prefix + ".downsample.1",
        TorchOps.conv2d(x, p.get(prefix + ".downsample.0.weight", x), null, stride, 0));
  }

  /**
   * DeOldify's {@code custom_conv_layer} with {@code extra_bn}: spectral conv without bias,
   * ReLU, batch norm.
   */
  private static NDArray customConv(Weights p, String prefix, NDArray x, int kernel) {
    NDArray y = relu(spectralConv(p, prefix + ".0", x, kernel / 2, false));
    return batchNorm(p, prefix + ".2", y);
  }

  private static NDArray batchNorm(Weights p, String prefix, NDArray x) {
    return p.batchNorm(prefix, x);
  }

  private static NDArray relu(NDArray x) {
    return TorchOps.relu(x);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return new Shape[] {inputs[0]};
  }
}
