package dev.colorize.dataset;

import java.nio.file.Path;

/**
 * A problem with one file or line of a dataset that the reader skipped or worked around.
 *
 * @param file the file (or folder) concerned
 * @param line the 1-based line in {@code file}, 0 when not about a line
 * @param message what is wrong and what the reader did about it
 */
public record DatasetIssue(Path file, int line, String message) {

  @Override
  public String toString() {
    return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
  }
}
