package dev.colorize.model.djl;

import java.util.Map;

/**
 * The {@code onnx} engine: an ONNX file (DeOldify is most often shared this way) run by DJL's ONNX
 * Runtime engine. Inputs are fed by name when the graph's input names are exactly the convention's
 * tensor names (in any order), else in the graph's input order; outputs keep the graph's names.
 */
public final class OnnxEngine extends DjlEngine {

  public static final String ID = "onnx";

  public OnnxEngine() {
    super("OnnxRuntime");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  Map<String, String> loadOptions() {
    return Map.of();
  }

  /** Inputs go by name when the graph's input names are the convention's, else by position. */
  @Override
  boolean namedInputs() {
    return true;
  }
}
