package dev.colorize.model.builtin;

import java.io.IOException;
import java.nio.file.Path;

/** A file that is not a readable colorize builtin checkpoint; carries the file and the reason. */
public class CheckpointException extends IOException {

  private final transient Path file;

  public CheckpointException(Path file, String reason) {
    super(file + " is not a usable colorize builtin checkpoint: " + reason);
    this.file = file;
  }

  public CheckpointException(Path file, String reason, Throwable cause) {
    super(file + " is not a usable colorize builtin checkpoint: " + reason, cause);
    this.file = file;
  }

  /** The offending file. */
  public Path file() {
    return file;
  }
}
