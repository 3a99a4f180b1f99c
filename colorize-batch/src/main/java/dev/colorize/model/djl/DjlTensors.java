package dev.colorize.model.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.colorize.model.convention.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Conversions between convention {@link Tensor}s and DJL {@link NDArray}s. */
final class DjlTensors {

  private DjlTensors() {}

  /**
   * The tensors as float32 arrays in {@code manager} (so on its device), in the same order: the
   * model receives them positionally, first tensor as first input.
   */
  static NDList toNd(List<Tensor> tensors, NDManager manager) {
    NDList list = new NDList(tensors.size());
    for (Tensor t : tensors) {
      list.add(manager.create(t.data(), new Shape(t.shape())));
    }
    return list;
  }

  /**
   * The arrays as tensors, copied to Java memory as float32. Each keeps the name the engine gave
   * it (ONNX output names); unnamed ones (TorchScript outputs) are called {@code output0},
   * {@code output1}, ... in order.
   */
  static List<Tensor> fromNd(NDList arrays) {
    List<Tensor> tensors = new ArrayList<>(arrays.size());
    for (int i = 0; i < arrays.size(); i++) {
      NDArray array = arrays.get(i);
      String name = array.getName();
      if (name == null || name.isBlank()) {
        name = "output" + i;
      }
      float[] data = array.getDataType() == DataType.FLOAT32
          ? array.toFloatArray()
          : array.toType(DataType.FLOAT32, false).toFloatArray();
      tensors.add(new Tensor(name, array.getShape().getShape(), data));
    }
    return tensors;
  }
}
