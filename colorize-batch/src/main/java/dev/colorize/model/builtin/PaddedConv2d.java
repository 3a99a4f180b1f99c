package dev.colorize.model.builtin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A square 2-D convolution with bias, stride and zero padding that PyTorch computes with its
 * channel counts padded to multiples of {@link #BLOCK}; every convolution of the built-in networks
 * goes through {@link #convolve}.
 *
 * <p>Why: on this project's AMD EPYC machines, DJL 0.36's PyTorch 2.7.1 with oneDNN limited to
 * AVX2 ({@code DNNL_MAX_CPU_ISA=AVX2}) computes wrong convolutions exactly when oneDNN pads a
 * channel count to its 8-channel block: the input gradient of a convolution whose output channel
 * count is not a multiple of 8 (3x3 and 4x4 kernels, stride 1), and the forward pass of one whose
 * input channel count is above 8 and not a multiple of 8 (every kernel larger than 1x1, any
 * stride). Inputs of at most 8 channels use an unblocked kernel and are right, and so is every
 * shape whose channel counts are multiples of 8 (docs/training.md; {@code ConvolutionScenarios}
 * checks every shape the networks use). So the weight is widened with zero output rows (and the
 * bias with zeros) to a multiple of 8 and the extra output channels are sliced off, and an input
 * of more than 8 channels is widened with zero channels (and the weight with zero input columns).
 * Zeros add nothing to the sums, and the gradients flow back through the slice and concatenation
 * to the stored weight, input and bias only.
 *
 * <p>The padding is a per-machine workaround, not a rule: where the machine's convolution
 * self-check ({@code dev.colorize.model.cpu.InstructionSetChoice}) found every channel count
 * right at the instruction set a JVM runs with, the forks get
 * {@code COLORIZE_PAD_CHANNELS=false} and {@link #convolve} is the plain convolution, without
 * the slices and concatenations (which cost a training step of DeOldify's generator about a
 * tenth of its time). {@link #padded} always pads, for the check of the workaround itself.
 *
 * <p>The stored parameters keep their shapes ({@code [out, in, k, k]} and {@code [out]}), and the
 * block saves and loads exactly as DJL's {@link Conv2d} does, so checkpoints and parameter counts
 * are unchanged.
 */
public final class PaddedConv2d extends Conv2d {

  /** oneDNN's AVX2 channel block: channel counts padded to a multiple of it compute right. */
  public static final int BLOCK = 8;
  /** Environment variable (or system property {@code colorize.padChannels}) turning padding off. */
  public static final String SWITCH_VARIABLE = "COLORIZE_PAD_CHANNELS";
  /** Whether {@link #convolve} pads, read once per JVM as oneDNN reads its own settings. */
  private static final boolean PADDING = padding(System.getProperty("colorize.padChannels",
      System.getenv(SWITCH_VARIABLE)));

  private PaddedConv2d(Conv2d.Builder builder) {
    super(builder);
  }

  /**
   * A convolution with bias.
   *
   * @param filters output channels
   * @param kernel  kernel side
   * @param stride  stride on both axes
   * @param pad     zero padding on each side
   */
  public static PaddedConv2d of(int filters, int kernel, int stride, int pad) {
    return new PaddedConv2d(Conv2d.builder()
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(pad, pad))
        .setFilters(filters));
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray w = store.getValue(weight, x.getDevice(), training);
    NDArray b = bias == null ? null : store.getValue(bias, x.getDevice(), training);
    return new NDList(convolve(x, w, b, stride, padding));
  }

  /** Output channels as PyTorch sees them: {@code out} rounded up to a multiple of 8. */
  public static long paddedOutputs(long out) {
    return roundUp(out);
  }

  /** Input channels as PyTorch sees them: above 8, rounded up to a multiple of 8. */
  public static long paddedInputs(long in) {
    return in <= BLOCK ? in : roundUp(in);
  }

  /** Whether this JVM pads channel counts (unless told {@code false}, it does). */
  public static boolean padding() {
    return PADDING;
  }

  static boolean padding(String setting) {
    return setting == null || !setting.trim().equalsIgnoreCase("false");
  }

  /**
   * {@code Conv2d.conv2d(x, w, b, stride, padding)} (no dilation, one group), computed with
   * padded channel counts unless this JVM was told they compute right unpadded (class comment).
   *
   * @param x       input {@code [N, in, H, W]}
   * @param w       weight {@code [out, in, k, k]}
   * @param b       bias {@code [out]}, or null
   * @param stride  stride
   * @param padding zero padding
   * @return output {@code [N, out, H', W']}
   */
  public static NDArray convolve(NDArray x, NDArray w, NDArray b, Shape stride, Shape padding) {
    return convolve(x, w, b, stride, padding, new Shape(1, 1));
  }

  /** {@link #convolve(NDArray, NDArray, NDArray, Shape, Shape)} with a dilation. */
  public static NDArray convolve(NDArray x, NDArray w, NDArray b, Shape stride, Shape padding,
      Shape dilation) {
    return PADDING ? padded(x, w, b, stride, padding, dilation)
        : Conv2d.conv2d(x, w, b, stride, padding, dilation).head();
  }

  /** {@link #convolve} always with padded channel counts, whatever this JVM was told. */
  public static NDArray padded(NDArray x, NDArray w, NDArray b, Shape stride, Shape padding) {
    return padded(x, w, b, stride, padding, new Shape(1, 1));
  }

  /** {@link #padded(NDArray, NDArray, NDArray, Shape, Shape)} with a dilation. */
  public static NDArray padded(NDArray x, NDArray w, NDArray b, Shape stride, Shape padding,
      Shape dilation) {
    Shape ws = w.getShape();
    long out = ws.get(0);
    long in = ws.get(1);
    long extraOut = paddedOutputs(out) - out;
    long extraIn = paddedInputs(in) - in;
    if (extraOut == 0 && extraIn == 0) {
      return Conv2d.conv2d(x, w, b, stride, padding, dilation).head();
    }
    // Temporaries belong to the input's manager (a batch's), not to the weight's (the model's).
    NDManager scratch = x.getManager();
    NDArray input = x;
    NDArray kernel = w;
    NDArray shift = b;
    if (extraIn > 0) {
      Shape xs = x.getShape();
      input = x.concat(scratch.zeros(new Shape(xs.get(0), extraIn, xs.get(2), xs.get(3)),
          x.getDataType()), 1);
      kernel = joined(kernel, scratch.zeros(new Shape(out, extraIn, ws.get(2), ws.get(3)),
          w.getDataType()), 1, scratch);
    }
    if (extraOut > 0) {
      kernel = joined(kernel, scratch.zeros(new Shape(extraOut, in + extraIn, ws.get(2),
          ws.get(3)), w.getDataType()), 0, scratch);
      if (b != null) {
        shift = joined(b, scratch.zeros(new Shape(extraOut), b.getDataType()), 0, scratch);
      }
    }
    NDArray y = Conv2d.conv2d(input, kernel, shift, stride, padding, dilation).head();
    return extraOut == 0 ? y : y.get(new NDIndex(":, :{}", out));
  }

  private static NDArray joined(NDArray a, NDArray zeros, int axis, NDManager scratch) {
    NDArray result = a.concat(zeros, axis);
    result.attach(scratch);
    return result;
  }

  private static long roundUp(long channels) {
    return (channels + BLOCK - 1) / BLOCK * BLOCK;
  }
}
