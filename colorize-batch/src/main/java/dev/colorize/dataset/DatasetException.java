package dev.colorize.dataset;

import java.nio.file.Path;

/**
 * A dataset cannot be opened or read at all (missing root, unreadable manifest, manifest without
 * the required columns). Problems with single files or lines are not exceptions: they go to the
 * {@link DatasetIssueListener} and the read continues.
 */
public class DatasetException extends RuntimeException {

  private final Path path;

  public DatasetException(Path path, String reason) {
    this(path, reason, null);
  }

  public DatasetException(Path path, String reason, Throwable cause) {
    super(reason + ": " + path, cause);
    this.path = path;
  }

  /** The file or folder the problem is about. */
  public Path path() {
    return path;
  }
}
