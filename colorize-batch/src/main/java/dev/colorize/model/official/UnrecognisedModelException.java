package dev.colorize.model.official;

import java.io.IOException;

/**
 * A weight file that is none of the published networks of its convention; the message is one
 * sentence naming the file and the first key or shape that did not fit.
 */
public final class UnrecognisedModelException extends IOException {
  public UnrecognisedModelException(String message) {
    super(message);
  }
}
