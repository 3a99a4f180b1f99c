package dev.colorize.model.detect;

import dev.colorize.model.ColorizationException;
import java.nio.file.Path;

/**
 * A detector cannot be used or failed on an image: it does not load, returns outputs outside the
 * detector convention, or a non-finite value. Carries the detector file; a {@link
 * ColorizationException} so a failing image is reported like a failing model call.
 */
public class DetectorException extends ColorizationException {

  private final Path file;

  public DetectorException(Path file, String message) {
    this(file, message, null);
  }

  public DetectorException(Path file, String message, Throwable cause) {
    super("detector " + file + " " + message, cause);
    this.file = file;
  }

  /** The detector file. */
  public Path file() {
    return file;
  }
}
