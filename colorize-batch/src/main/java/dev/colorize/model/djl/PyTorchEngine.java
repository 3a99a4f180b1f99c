package dev.colorize.model.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.colorize.model.ColorizationException;

/** Starting DJL's PyTorch engine for an engine that builds its network itself. */
public final class PyTorchEngine {

  private PyTorchEngine() {}

  /**
   * DJL's PyTorch engine and the device a model's selection resolves to on it.
   *
   * @param element the model, for messages
   * @throws ColorizationException when the engine does not start
   */
  public static Device device(DeviceSelection selection, String element)
      throws ColorizationException {
    Engine engine;
    try {
      engine = Engine.getEngine("PyTorch");
    } catch (RuntimeException e) {
      throw new ColorizationException(element + "needs the DJL PyTorch engine, which did not"
          + " start: " + e.getMessage(), e);
    }
    return selection.resolve(engine.getGpuCount(), "PyTorch");
  }
}
