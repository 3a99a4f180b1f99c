package dev.colorize.model.official.pth;

import java.io.IOException;

/** A {@code .pth} file that cannot be read as a state dict; the message names the file. */
public class PthFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  public PthFormatException(String message) {
    super(message);
  }

  public PthFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
