package dev.colorize.model.official.pth;

/**
 * A pickle that asks for a global a state dict never needs (for example {@code os.system}) or for
 * an opcode that could run code. Raised when the global is named, before anything could call it.
 */
public final class UnsafePickleException extends PthFormatException {

  private static final long serialVersionUID = 1L;

  public UnsafePickleException(String message) {
    super(message);
  }
}
