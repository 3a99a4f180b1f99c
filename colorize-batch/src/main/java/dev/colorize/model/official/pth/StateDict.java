package dev.colorize.model.official.pth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tensors of a state dict by key, in file order, unwrapped from what training scripts save
 * around them: a bare state dict, fastai's {@code {'model': ..., 'opt': ...}} (the optimiser
 * state is ignored), a {@code {'state_dict': ...}} wrapper, and the {@code module.} prefix of
 * {@code nn.DataParallel}, dropped when every key has it.
 */
public final class StateDict {

  static final String PARALLEL_PREFIX = "module.";

  private final Map<String, TorchTensor> tensors;
  private final String wrapping;

  private StateDict(Map<String, TorchTensor> tensors, String wrapping) {
    this.tensors = Collections.unmodifiableMap(tensors);
    this.wrapping = wrapping;
  }

  /**
   * The state dict of an unpickled {@code .pth} root.
   *
   * @param source the file, for messages
   * @throws PthFormatException when no dict of tensors is found
   */
  public static StateDict of(Object root, String source) throws PthFormatException {
    String wrapping = "a bare state dict";
    Object dict = root;
    if (root instanceof Map<?, ?> m && !isTensorDict(m)) {
      if (m.get("model") instanceof Map<?, ?> model) {
        dict = model;
        wrapping = "fastai's {'model': ...} wrapper";
      } else if (m.get("state_dict") instanceof Map<?, ?> inner) {
        dict = inner;
        wrapping = "a {'state_dict': ...} wrapper";
      }
    }
    if (!(dict instanceof Map<?, ?> map) || !isTensorDict(map)) {
      throw new PthFormatException(source + " holds " + describe(root) + ", not a state dict"
          + " (a dict of tensors, bare or under 'model' or 'state_dict')");
    }
    boolean prefixed = !map.isEmpty();
    for (Object key : map.keySet()) {
      prefixed &= ((String) key).startsWith(PARALLEL_PREFIX);
    }
    Map<String, TorchTensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = (String) e.getKey();
      tensors.put(prefixed ? key.substring(PARALLEL_PREFIX.length()) : key,
          (TorchTensor) e.getValue());
    }
    return new StateDict(tensors, prefixed ? wrapping + " with DataParallel's 'module.' prefix"
        : wrapping);
  }

  private static boolean isTensorDict(Map<?, ?> map) {
    if (map.isEmpty()) {
      return false;
    }
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String) || !(e.getValue() instanceof TorchTensor)) {
        return false;
      }
    }
    return true;
  }

  private static String describe(Object value) {
    if (value instanceof Map<?, ?> m) {
      return "a dict with keys " + m.keySet().stream().limit(5).toList();
    }
    return value == null ? "None" : "a " + value.getClass().getSimpleName();
  }

  /** Tensors by key, in file order. */
  public Map<String, TorchTensor> tensors() {
    return tensors;
  }

  /** How the dict was wrapped, for the log. */
  public String wrapping() {
    return wrapping;
  }

  public TorchTensor get(String key) {
    return tensors.get(key);
  }
}
