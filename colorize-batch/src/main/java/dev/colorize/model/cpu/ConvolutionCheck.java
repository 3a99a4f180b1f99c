package dev.colorize.model.cpu;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import dev.colorize.model.builtin.PaddedConv2d;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * PyTorch's float convolutions (oneDNN on the CPU) against {@link ConvolutionReference} in double:
 * the forward pass and the weight, input and bias gradients of one shape on seeded random data.
 * {@link #selfCheckShapes()} is the set {@link InstructionSetChoice} runs under each candidate
 * {@code DNNL_MAX_CPU_ISA}: the channel counts oneDNN's AVX-512 and AVX2 kernels were seen to get
 * wrong on AMD EPYC (docs/training.md), every kernel, stride and batch the networks use, and the
 * channel counts of the official networks' layers.
 */
public final class ConvolutionCheck {
  /** Largest error, relative to the reference's largest magnitude, counted as right. */
  public static final double TOLERANCE = 1e-4;

  private ConvolutionCheck() {}

  /**
   * The function under test: y = conv(x, w, b) with the reference's stride, padding and
   * dilation.
   */
  public interface Convolver {
    NDArray apply(NDArray x, NDArray w, NDArray b, Shape stride, Shape padding, Shape dilation);
  }

  /** oneDNN's convolution as DJL calls it. */
  public static final Convolver PLAIN = (x, w, b, s, p, d) -> Conv2d.conv2d(x, w, b, s, p, d)
      .head();
  /** The built-in networks' convolution, channels padded to oneDNN's blocks. */
  public static final Convolver PADDED = PaddedConv2d::padded;

  /**
   * Errors of forward, weight, input and bias gradient, each relative to its reference; NaN or
   * infinity when PyTorch returned a non-finite value.
   */
  public record Errors(double forward, double weight, double input, double bias) {
    public boolean right() {
      // Written so that NaN is wrong.
      return forward <= TOLERANCE && weight <= TOLERANCE && input <= TOLERANCE
          && bias <= TOLERANCE;
    }

    /** F forward, W weight, X input, B bias gradient wrong; '.' right. */
    public String flags() {
      return (forward <= TOLERANCE ? "." : "F") + (weight <= TOLERANCE ? "." : "W")
          + (input <= TOLERANCE ? "." : "X") + (bias <= TOLERANCE ? "." : "B");
    }

    /** The largest of the four (NaN when any is). */
    public double worst() {
      return Math.max(Math.max(forward, weight), Math.max(input, bias));
    }

    @Override
    public String toString() {
      return String.format("forward %.1e, weight gradient %.1e, input gradient %.1e,"
          + " bias gradient %.1e", forward, weight, input, bias);
    }
  }

  /**
   * A shape of the self-check.
   *
   * @param reference the convolution
   * @param blocked   its channel counts are those {@link PaddedConv2d} leaves as they are (the
   *                  only ones the built-in networks compute)
   */
  public record Case(ConvolutionReference reference, boolean blocked) {}

  /**
   * The self-check's shapes: 8x8 inputs with 1..64 input and 1..24 output channels, kernels 1,
   * 3 and 4, strides 1 and 2, batches 1 and 4 (where oneDNN's AVX2 kernels were wrong for more
   * than 8 input channels not a multiple of 8); then wide layers at 4x4 and 8x8 (the AVX-512
   * kernels' 16-channel blocks; VGG-16's and ResNet's 64..512), and the official networks'
   * irregular heads (313 classes, 2 ab channels, 3-channel stems), and dilated 3x3
   * convolutions (InstColor's).
   */
  public static List<Case> selfCheckShapes() {
    List<Case> cases = new ArrayList<>();
    for (int batch : new int[] {1, 4}) {
      for (int kernel : new int[] {1, 3, 4}) {
        for (int stride : new int[] {1, 2}) {
          for (int in : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 12, 16, 24, 33, 64}) {
            for (int out : new int[] {1, 2, 3, 4, 8, 12, 16, 24}) {
              cases.add(of(batch, in, out, kernel, stride, kernel == 1 ? 0 : 1, 8));
            }
          }
        }
      }
    }
    int[][] wide = {{64, 64, 3, 1}, {64, 128, 3, 2}, {128, 128, 3, 1}, {128, 256, 3, 2},
        {256, 256, 3, 1}, {256, 512, 3, 1}, {512, 512, 3, 1}, {48, 96, 3, 1}, {96, 96, 1, 1},
        {256, 313, 1, 1}, {313, 2, 1, 1}, {128, 2, 1, 1}, {64, 2, 3, 1}, {3, 64, 3, 1},
        {3, 64, 7, 2}, {512, 1024, 1, 1}, {40, 80, 3, 1}, {20, 20, 3, 2}};
    for (int batch : new int[] {1, 8}) {
      for (int[] w : wide) {
        int side = w[0] * w[1] >= 256 * 256 ? 4 : 8;
        cases.add(of(batch, w[0], w[1], w[2], w[3], w[2] / 2, side));
      }
    }
    // Dilated 3x3 convolutions (InstColor's middle blocks: 512 channels, dilation 2), and small
    // counts around the 8-channel block, at 12x12 so that every tap reaches the input.
    for (int batch : new int[] {1, 4}) {
      for (int[] d : new int[][] {{512, 512, 2}, {64, 64, 2}, {9, 8, 2}, {16, 12, 2}, {8, 8, 3},
          {24, 16, 2}}) {
        cases.add(of(batch, d[0], d[1], 3, 1, d[2], 12, d[2]));
      }
    }
    return cases;
  }

  private static Case of(int batch, int in, int out, int kernel, int stride, int pad, int side) {
    return of(batch, in, out, kernel, stride, pad, side, 1);
  }

  private static Case of(int batch, int in, int out, int kernel, int stride, int pad, int side,
      int dilation) {
    boolean blocked = PaddedConv2d.paddedInputs(in) == in
        && PaddedConv2d.paddedOutputs(out) == out;
    return new Case(new ConvolutionReference(batch, in, out, kernel, stride, pad, side, dilation),
        blocked);
  }

  /**
   * Each convolver on the same random data (seeded by the shape) against the same reference.
   *
   * @return one {@link Errors} per convolver
   */
  public static Errors[] check(ConvolutionReference ref, Convolver... convolvers) {
    Random random = new Random(ref.hashCode());
    int o2 = ref.outSide();
    float[] x = uniform(random, ref.batch() * ref.in() * ref.side() * ref.side(), 1);
    float[] w = uniform(random, ref.out() * ref.in() * ref.kernel() * ref.kernel(),
        (float) Math.sqrt(3.0 / (ref.in() * ref.kernel() * ref.kernel())));
    float[] b = uniform(random, ref.out(), 1);
    float[] g = uniform(random, ref.batch() * ref.out() * o2 * o2, 1);
    double[][] expected = ref.compute(x, w, b, g);
    Errors[] errors = new Errors[convolvers.length];
    Engine engine = Engine.getEngine("PyTorch");
    for (int c = 0; c < convolvers.length; c++) {
      try (NDManager m = engine.newBaseManager()) {
        NDArray xa = m.create(x, new Shape(ref.batch(), ref.in(), ref.side(), ref.side()));
        NDArray wa = m.create(w, new Shape(ref.out(), ref.in(), ref.kernel(), ref.kernel()));
        NDArray ba = m.create(b, new Shape(ref.out()));
        NDArray ga = m.create(g, new Shape(ref.batch(), ref.out(), o2, o2));
        xa.setRequiresGradient(true);
        wa.setRequiresGradient(true);
        ba.setRequiresGradient(true);
        NDArray y;
        try (GradientCollector collector = engine.newGradientCollector()) {
          y = convolvers[c].apply(xa, wa, ba, new Shape(ref.stride(), ref.stride()),
              new Shape(ref.pad(), ref.pad()), new Shape(ref.dilation(), ref.dilation()));
          collector.backward(y.mul(ga).sum());
        }
        errors[c] = new Errors(error(expected[0], y.toFloatArray()),
            error(expected[1], wa.getGradient().toFloatArray()),
            error(expected[2], xa.getGradient().toFloatArray()),
            error(expected[3], ba.getGradient().toFloatArray()));
      }
    }
    return errors;
  }

  /** Values uniform in [-bound, bound). */
  public static float[] uniform(Random random, int n, float bound) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (2 * random.nextFloat() - 1) * bound;
    }
    return values;
  }

  /**
   * Largest difference divided by the reference's largest magnitude; NaN when {@code actual}
   * holds a non-finite value.
   */
  public static double error(double[] expected, float[] actual) {
    if (expected.length != actual.length) {
      throw new IllegalStateException("element count: expected " + expected.length + ", got "
          + actual.length);
    }
    double scale = 0;
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      if (!Float.isFinite(actual[i])) {
        return Double.NaN;
      }
      scale = Math.max(scale, Math.abs(expected[i]));
      worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
    }
    return scale == 0 ? worst : worst / scale;
  }
}
