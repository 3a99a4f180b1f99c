package dev.colorize.model.builtin;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.util.List;

/**
 * Builds the layers of the built-in networks and counts their parameters from the shapes as it
 * goes, so a network's size is known without allocating its weights (a full ChromaGAN is tens of
 * millions of floats). DJL counts a batch norm's running mean and variance as parameters, and so
 * does this counter.
 */
final class Layers {

  /** Activations the builders append after a convolution. */
  enum Act { NONE, RELU, LEAKY_RELU, TANH }

  private long parameters;

  /** Parameters of the layers built so far. */
  long parameterCount() {
    return parameters;
  }

  /**
   * A square convolution with bias ({@link PaddedConv2d}: oneDNN's AVX2 kernels are wrong for
   * some channel counts), optionally batch-normalised, then an activation.
   *
   * @param in     input channels (for the count; DJL infers it)
   * @param out    output channels
   * @param kernel kernel side
   * @param stride stride on both axes
   * @param pad    zero padding on each side
   */
  Block conv(int in, int out, int kernel, int stride, int pad, boolean batchNorm, Act act) {
    SequentialBlock block = new SequentialBlock();
    block.add(PaddedConv2d.of(out, kernel, stride, pad));
    parameters += (long) kernel * kernel * in * out + out;
    if (batchNorm) {
      block.add(BatchNorm.builder().build());
      parameters += 4L * out; // gamma, beta, running mean, running variance
    }
    addActivation(block, act);
    return block;
  }

  /** A spectrally normalised k x k "same" convolution with bias, then an activation. */
  Block spectralConv(int in, int out, int kernel, Act act) {
    SequentialBlock block = new SequentialBlock();
    block.add(new SpectralConv2d(out, kernel, kernel / 2));
    parameters += (long) kernel * kernel * in * out + out;
    addActivation(block, act);
    return block;
  }

  /** A {@link SelfAttention} block over {@code channels} channels. */
  Block attention(int channels) {
    parameters += SelfAttention.parameterCount(channels);
    return new SelfAttention(channels);
  }

  /**
   * A ResNet basic block: two 3x3 conv-BN (ReLU between), added to the input (through a 1x1
   * conv-BN when the shape changes), then ReLU.
   */
  Block residual(int in, int out, int stride) {
    Block main = new SequentialBlock()
        .add(conv(in, out, 3, stride, 1, true, Act.RELU))
        .add(conv(out, out, 3, 1, 1, true, Act.NONE));
    Block shortcut = stride == 1 && in == out
        ? new LambdaBlock(x -> x, "identity")
        : conv(in, out, 1, stride, 0, true, Act.NONE);
    return new ParallelBlock(
        branches -> new NDList(branches.get(0).head().add(branches.get(1).head()).clip(0f,
            Float.MAX_VALUE)),
        List.of(main, shortcut));
  }

  /** A 3x3 "same" convolution, batch norm and ReLU: the VGG building block. */
  Block conv3(int in, int out) {
    return conv(in, out, 3, 1, 1, true, Act.RELU);
  }

  /** A fully connected layer with bias, then an activation. */
  Block dense(int in, int out, Act act) {
    SequentialBlock block = new SequentialBlock();
    block.add(Linear.builder().setUnits(out).build());
    parameters += (long) in * out + out;
    addActivation(block, act);
    return block;
  }

  /** Nearest-neighbour upsampling by 2 on both spatial axes of an NCHW array (no parameters). */
  static Block upsample2() {
    return LambdaBlock.singleton(x -> x.repeat(2, 2).repeat(3, 2), "upsample2");
  }

  private static void addActivation(SequentialBlock block, Act act) {
    switch (act) {
      case RELU -> block.add(Activation.reluBlock());
      case LEAKY_RELU -> block.add(Activation.leakyReluBlock(0.2f));
      case TANH -> block.add(Activation.tanhBlock());
      default -> { }
    }
  }
}
