package dev.colorize.model.official.h5;

import java.io.IOException;

/** A file that is no readable Keras {@code .h5}; the message names the file and what is wrong. */
public final class KerasFormatException extends IOException {
  public KerasFormatException(String message) {
    super(message);
  }

  public KerasFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
