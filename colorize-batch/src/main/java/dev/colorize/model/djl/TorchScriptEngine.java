package dev.colorize.model.djl;

import java.util.Map;

/**
 * The {@code torchscript} engine: a TorchScript file ({@code torch.jit.script} or {@code trace},
 * then {@code save}) run by DJL's PyTorch engine. Tensors saved on a GPU load on the CPU too
 * ({@code mapLocation}).
 */
public final class TorchScriptEngine extends DjlEngine {

  public static final String ID = "torchscript";

  public TorchScriptEngine() {
    super("PyTorch");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  Map<String, String> loadOptions() {
    return Map.of("mapLocation", "true");
  }

  /** Inputs go by position. */
  @Override
  boolean namedInputs() {
    return false;
  }
}
