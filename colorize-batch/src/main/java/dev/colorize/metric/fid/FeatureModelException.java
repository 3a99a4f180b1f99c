package dev.colorize.metric.fid;

import java.nio.file.Path;

/**
 * The feature network cannot be used: missing or corrupt file, checksum mismatch, wrong input or
 * output convention, or a failed forward pass. Carries the file concerned.
 */
public class FeatureModelException extends RuntimeException {

  private final Path file;

  public FeatureModelException(Path file, String message) {
    this(file, message, null);
  }

  public FeatureModelException(Path file, String message, Throwable cause) {
    super("feature model " + file + ": " + message, cause);
    this.file = file;
  }

  /** The feature network file. */
  public Path file() {
    return file;
  }
}
