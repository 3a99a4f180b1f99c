package dev.colorize.model.official;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.colorize.model.official.pth.PthFile;
import dev.colorize.model.official.pth.PthFormatException;
import dev.colorize.model.official.pth.StateDict;
import dev.colorize.model.official.pth.TorchTensor;
import java.io.IOException;
import java.util.Arrays;

/** A {@link WeightSource} reading each tensor of a state dict from its open {@code .pth} file. */
public final class PthWeights implements WeightSource {

  private final PthFile file;
  private final StateDict stateDict;
  private final String prefix;

  /** Reads key {@code k} of the layout as {@code prefix + k} of the state dict. */
  public PthWeights(PthFile file, StateDict stateDict, String prefix) {
    this.file = file;
    this.stateDict = stateDict;
    this.prefix = prefix;
  }

  public PthWeights(PthFile file, StateDict stateDict) {
    this(file, stateDict, "");
  }

  @Override
  public NDArray read(TorchLayout.Entry entry, NDManager manager) throws IOException {
    String key = prefix + entry.key();
    TorchTensor tensor = stateDict.get(key);
    if (tensor == null || !Arrays.equals(tensor.shape(), entry.shape())) {
      throw new PthFormatException(file.path() + ": '" + key + "' is "
          + (tensor == null ? "missing" : "of shape " + tensor.shapeText()) + ", expected "
          + Arrays.toString(entry.shape()));
    }
    return file.readFloat32(tensor, manager, key);
  }
}
