package dev.colorize.model.official.deoldify;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.colorize.model.official.TorchLayout;
import dev.colorize.model.official.TorchOps;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * DeOldify's critic exactly as published: {@code custom_gan_critic(n_channels=3, nf, n_blocks,
 * p=0.15)} of {@code deoldify/critics.py} (the NoGAN critic of {@code ColorizeArtistic_crit.pth},
 * {@code nf=256}, three blocks), parameters named by its {@code nn.Sequential} keys. Every
 * convolution is fastai's {@code conv_layer} with spectral norm, bias and LeakyReLU(0.2):
 *
 * <ol start="0">
 *   <li>4x4 stride-2 conv, 3 to nf; (1) {@code Dropout2d(p / 2)};
 *   <li>for each block i (keys {@code 2 + 3i} ...): 3x3 conv nf to nf, {@code Dropout2d(p)}, 4x4
 *       stride-2 conv nf to 2 nf, followed in the first block by {@code SelfAttention(2 nf)}
 *       (key {@code .2}); nf doubles;
 *   <li>a 3x3 conv nf to nf, then a 4x4 conv to one channel without padding, bias or
 *       activation; {@code Flatten}.
 * </ol>
 *
 * Input: RGB images ImageNet-normalised as the generator's output ({@code [N, 3, H, W]});
 * output: {@code [N, L]} logits, one per patch (L = 169 at 256 px), which fastai's
 * {@code AdaptiveLoss(BCEWithLogitsLoss())} compares with the image's label.
 *
 * <p>Dropout: {@code Dropout2d} zeroes whole channels. A training pass takes its masks as
 * inputs 1.. ({@link #dropoutMasks}, drawn from the caller's seeded noise so a resumed run
 * repeats them); without masks a pass drops nothing. A training pass also does one spectral
 * power iteration per convolution, as PyTorch's {@code model.train()}.
 */
public final class DeOldifyCritic extends FastaiBlock {

  /** {@code custom_gan_critic}'s defaults: {@code nf=256, n_blocks=3, p=0.15}. */
  public static final int FEATURES = 256;
  public static final int BLOCKS = 3;
  public static final float DROPOUT = 0.15f;
  static final float LEAKY_SLOPE = 0.2f;

  private final int features;
  private final int blocks;

  /**
   * @param features {@code nf}, channels of the first convolution
   * @param blocks {@code n_blocks}
   */
  public DeOldifyCritic(int features, int blocks) {
    super(layout(features, blocks));
    this.features = features;
    this.blocks = blocks;
  }

  public int features() {
    return features;
  }

  public int blocks() {
    return blocks;
  }

  /** The keys and shapes of {@code custom_gan_critic(nf=features, n_blocks=blocks)}. */
  public static TorchLayout layout(int features, int blocks) {
    if (features < 8 || features % 8 != 0 || blocks < 1) {
      throw new IllegalArgumentException("a critic needs nf a multiple of 8 and a block: nf "
          + features + ", blocks " + blocks);
    }
    TorchLayout t = new TorchLayout();
    spectral(t, "0.0", features, 3, 4, true);
    int nf = features;
    for (int i = 0; i < blocks; i++) {
      int k = 2 + 3 * i;
      spectral(t, k + ".0", nf, nf, 3, true);
      spectral(t, (k + 2) + ".0", 2 * nf, nf, 4, true);
      if (i == 0) {
        selfAttention(t, (k + 2) + ".2", 2 * nf);
      }
      nf *= 2;
    }
    int last = 2 + 3 * blocks;
    spectral(t, last + ".0", nf, nf, 3, true);
    spectral(t, (last + 1) + ".0", 1, nf, 4, false);
    return t;
  }

  /**
   * The smallest image side the critic scores: its 1 + blocks stride-2 convolutions leave
   * {@code side / 2^(blocks + 1)}, and its last 4x4 convolution needs 4 of them.
   */
  public int minimumSize() {
    return 1 << (blocks + 3);
  }

  /** Channels of each {@code Dropout2d}, in order: nf, then each block's input channels. */
  public int[] dropoutChannels() {
    int[] channels = new int[1 + blocks];
    channels[0] = features;
    for (int i = 0; i < blocks; i++) {
      channels[1 + i] = features << i;
    }
    return channels;
  }

  /**
   * {@code Dropout2d} masks for a training pass of {@code batch} images: per layer
   * {@code [batch, C, 1, 1]}, each channel 0 with probability p ({@code p / 2} for the first
   * layer) and {@code 1 / (1 - p)} otherwise, from {@code uniform} (values in [0, 1)).
   */
  public NDList dropoutMasks(int batch, DoubleSupplier uniform, NDManager manager) {
    NDList masks = new NDList();
    int[] channels = dropoutChannels();
    for (int layer = 0; layer < channels.length; layer++) {
      float p = layer == 0 ? DROPOUT / 2 : DROPOUT;
      float kept = 1f / (1f - p);
      float[] values = new float[batch * channels[layer]];
      for (int i = 0; i < values.length; i++) {
        values[i] = uniform.getAsDouble() < p ? 0f : kept;
      }
      masks.add(TorchOps.constant(manager, values, new Shape(batch, channels[layer], 1, 1)));
    }
    return masks;
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray input = inputs.head();
    Shape shape = input.getShape();
    if (Math.min(shape.get(2), shape.get(3)) < minimumSize()) {
      throw new IllegalArgumentException("this critic (" + blocks + " blocks) scores images of "
          + minimumSize() + " px and more, not " + shape.get(2) + " x " + shape.get(3));
    }
    List<NDArray> masks = new ArrayList<>(inputs.subList(1, inputs.size()));
    if (!masks.isEmpty() && masks.size() != 1 + blocks) {
      throw new IllegalArgumentException("the critic takes " + (1 + blocks)
          + " dropout masks, got " + masks.size());
    }
    Weights p = new Weights(store, input.getDevice(), training);
    NDArray x = scoped(input, in -> dropout(conv(p, "0.0", in, 2, 1), masks, 0));
    for (int i = 0; i < blocks; i++) {
      int k = 2 + 3 * i;
      int block = i;
      x = scoped(x, in -> {
        NDArray y = dropout(conv(p, k + ".0", in, 1, 1), masks, 1 + block);
        y = conv(p, (k + 2) + ".0", y, 2, 1);
        return block == 0 ? selfAttention(p, (k + 2) + ".2", y) : y;
      });
    }
    int last = 2 + 3 * blocks;
    return new NDList(scoped(x, in -> {
      NDArray y = conv(p, last + ".0", in, 1, 1);
      y = spectralConv(p, (last + 1) + ".0", y, 1, 0, false);
      return y.reshape(y.getShape().get(0), -1);
    }));
  }

  /** fastai's {@code conv_layer(leaky=0.2, norm_type=Spectral)}: spectral conv, LeakyReLU. */
  private static NDArray conv(Weights p, String prefix, NDArray x, int stride, int padding) {
    return TorchOps.leakyRelu(spectralConv(p, prefix, x, stride, padding, true), LEAKY_SLOPE);
  }

  private static NDArray dropout(NDArray x, List<NDArray> masks, int layer) {
    return masks.isEmpty() ? x : x.mul(masks.get(layer));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    Shape s = inputs[0];
    long side = s.get(2);
    for (int i = 0; i <= blocks; i++) {
      side = (side + 2 - 4) / 2 + 1;
    }
    long w = s.get(3);
    for (int i = 0; i <= blocks; i++) {
      w = (w + 2 - 4) / 2 + 1;
    }
    return new Shape[] {new Shape(s.get(0), (side - 3) * (w - 3))};
  }
}
