package dev.colorize.model.official.pth;

import java.util.Arrays;

/**
 * A tensor as {@code torch._utils._rebuild_tensor_v2} would rebuild it: a view of a storage from
 * an element offset, with a shape and strides (in elements). Nothing is read until asked.
 */
public record TorchTensor(TorchStorage storage, long offset, long[] shape, long[] stride) {

  /** Elements in the tensor. */
  public long numel() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** Whether the elements lie contiguously in row-major order (sizes-1 axes ignored). */
  public boolean isContiguous() {
    long expected = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      if (shape[i] != 1 && stride[i] != expected) {
        return false;
      }
      expected *= shape[i];
    }
    return true;
  }

  /** The shape as {@code [a, b, c]}. */
  public String shapeText() {
    return Arrays.toString(shape);
  }
}
