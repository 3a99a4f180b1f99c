package dev.colorize.model.builtin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * A square 2-D convolution with spectral normalisation (Miyato et al., ICLR 2018): the kernel,
 * viewed as a {@code [out, in * k * k]} matrix W, is divided by an estimate of its largest singular
 * value before use. DJL has no spectral norm, and in-place updates of a persistent power-iteration
 * vector (as PyTorch keeps in {@code weight_u}) are not expressible with DJL parameters, so the
 * estimate is stateless: {@link #ITERATIONS} power iterations from a fixed all-ones vector on
 * every forward pass, the singular vectors detached from the gradient as in PyTorch. That is
 * deterministic and needs no extra state in checkpoints; the stored weight is the raw W. The
 * convolution itself is {@link PaddedConv2d#convolve} (oneDNN's AVX2 kernels are wrong for some
 * channel counts).
 */
public final class SpectralConv2d extends AbstractBlock {

  /** Power iterations per forward pass. */
  public static final int ITERATIONS = 10;
  private static final byte VERSION = 1;
  private static final float EPS = 1e-12f;

  private final int filters;
  private final int kernel;
  private final int padding;
  private final Parameter weight;
  private final Parameter bias;

  /** A stride-1 convolution with {@code filters} outputs, a k x k kernel and bias. */
  public SpectralConv2d(int filters, int kernel, int padding) {
    super(VERSION);
    this.filters = filters;
    this.kernel = kernel;
    this.padding = padding;
    weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
        .optInitializer(new XavierInitializer()).build());
    bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
        .optInitializer(Initializer.ZEROS).optShape(new Shape(filters)).build());
  }

  @Override
  protected void prepare(Shape[] inputs) {
    weight.setShape(new Shape(filters, inputs[0].get(1), kernel, kernel));
  }

  /** W divided by its estimated largest singular value (the kernel the convolution uses). */
  public static NDArray normalised(NDArray w) {
    Shape shape = w.getShape();
    NDArray matrix = w.reshape(shape.get(0), -1);
    NDArray u = matrix.getManager().ones(new Shape(shape.get(0), 1), w.getDataType());
    NDArray v = null;
    NDArray plain = matrix.stopGradient();
    for (int i = 0; i < ITERATIONS; i++) {
      v = plain.transpose().matMul(u);
      v = v.div(v.norm().add(EPS));
      u = plain.matMul(v);
      u = u.div(u.norm().add(EPS));
    }
    NDArray sigma = u.transpose().matMul(matrix).matMul(v).reshape(1);
    return w.div(sigma.add(EPS));
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.head();
    NDArray w = store.getValue(weight, x.getDevice(), training);
    NDArray b = store.getValue(bias, x.getDevice(), training);
    return new NDList(PaddedConv2d.convolve(x, normalised(w), b, new Shape(1, 1),
        new Shape(padding, padding)));
  }

  /** Output channels. */
  public int filters() {
    return filters;
  }

  /** Kernel side. */
  public int kernel() {
    return kernel;
  }

  /** Zero padding on each side (the stride is 1). */
  public int padding() {
    return padding;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    Shape in = inputs[0];
    long h = in.get(2) + 2L * padding - kernel + 1;
    long w = in.get(3) + 2L * padding - kernel + 1;
    return new Shape[] {new Shape(in.get(0), filters, h, w)};
  }
}
