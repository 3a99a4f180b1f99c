package dev.colorize.report.html;

import java.nio.file.Path;

/**
 * Where {@code <saveImages>all</saveImages>} keeps every prediction:
 * {@code <evaluate>/predictions/<dataset>/<model>/<sample_id>.png}, mirroring the dataset's tree
 * (sample ids are relative paths). Each name segment is made safe for a file system: separators,
 * NUL and the segments {@code .} and {@code ..} become {@code _}, so nothing lands outside.
 */
public final class PredictionTree {

  private PredictionTree() {}

  /** The PNG of one prediction under {@code root} ({@code <evaluate>/predictions}). */
  public static Path file(Path root, String dataset, String model, String sampleId) {
    Path file = root.resolve(segment(dataset)).resolve(segment(model));
    String[] parts = sampleId.split("/", -1);
    for (int i = 0; i < parts.length; i++) {
      String name = segment(parts[i]);
      file = file.resolve(i == parts.length - 1 ? name + ".png" : name);
    }
    return file;
  }

  static String segment(String name) {
    String safe = name.replace('\\', '_').replace('/', '_').replace('\0', '_');
    return safe.isEmpty() || safe.equals(".") || safe.equals("..") ? "_" : safe;
  }
}
