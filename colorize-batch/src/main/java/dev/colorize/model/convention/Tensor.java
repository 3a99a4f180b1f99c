package dev.colorize.model.convention;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense float tensor in plain Java memory, the exchange type between conventions and engines.
 * Data are row-major (last axis fastest); image tensors are NCHW unless a convention's layout
 * option says NHWC.
 *
 * @param name  the model input or output this tensor feeds or came from (engines may map names)
 * @param shape dimensions, each at least 0
 * @param data  {@code product(shape)} values, row-major
 */
public record Tensor(String name, long[] shape, float[] data) {

  public Tensor {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(data, "data");
    shape = shape.clone();
    long size = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "tensor '" + name + "' has a negative dimension: " + Arrays.toString(shape));
      }
      size = Math.multiplyExact(size, d);
    }
    if (size != data.length) {
      throw new IllegalArgumentException("tensor '" + name + "' of shape " + Arrays.toString(shape)
          + " needs " + size + " values, got " + data.length);
    }
  }

  /** A tensor with int dimensions, for convenience. */
  public static Tensor of(String name, float[] data, int... shape) {
    long[] dims = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      dims[i] = shape[i];
    }
    return new Tensor(name, dims, data);
  }

  /** A copy of the shape (the record keeps its own). */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Number of axes. */
  public int rank() {
    return shape.length;
  }

  /** Size of axis {@code axis}. */
  public long dim(int axis) {
    return shape[axis];
  }

  /** The same data under another name (engines name outputs after their model's signature). */
  public Tensor withName(String newName) {
    return new Tensor(newName, shape, data);
  }

  /** The shape as {@code [1, 3, 224, 224]}, for messages. */
  public String shapeString() {
    return Arrays.toString(shape);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t && name.equals(t.name) && Arrays.equals(shape, t.shape)
        && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, Arrays.hashCode(shape), Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "Tensor[" + name + " " + shapeString() + "]";
  }
}
