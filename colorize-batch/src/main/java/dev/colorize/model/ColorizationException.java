package dev.colorize.model;

/** A model could not produce a colorization for a batch (bad output shape, native error, ...). */
public class ColorizationException extends Exception {
  public ColorizationException(String message) {
    super(message);
  }

  public ColorizationException(String message, Throwable cause) {
    super(message, cause);
  }
}
