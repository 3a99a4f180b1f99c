package dev.colorize.model.official;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;

/** Where a {@link TorchBlock}'s tensors come from when it is initialised: a file or a seed. */
@FunctionalInterface
public interface WeightSource {

  /**
   * The float32 value of one layout entry, in {@code manager}.
   *
   * @throws IOException when the value cannot be read
   */
  NDArray read(TorchLayout.Entry entry, NDManager manager) throws IOException;
}
