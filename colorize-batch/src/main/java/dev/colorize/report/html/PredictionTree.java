package dev.colorize.report.html;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where the score steps keep predictions: {@code <root>/<dataset>/<model>/<sample_id>.png},
 * mirroring the dataset's tree (sample ids are relative paths, so {@code food/김치/1.jpg} becomes
 * {@code food/김치/1.jpg.png}). The root is per configuration
 * ({@code runs/<identity>/predictions}), so runs of other configurations never overwrite it.
 *
 * <p>Each name segment is made safe for a file system: separators, NUL and the segments
 * {@code .} and {@code ..} become {@code _}, so nothing lands outside the root.
 */
public record PredictionTree(Path root) {

  /** The PNG of one model's prediction of one sample. */
  public Path file(String dataset, String model, String sampleId) {
    Path file = root.resolve(segment(dataset)).resolve(segment(model));
    String[] parts = sampleId.split("/", -1);
    for (int i = 0; i < parts.length; i++) {
      String name = segment(parts[i]);
      file = file.resolve(i == parts.length - 1 ? name + ".png" : name);
    }
    return file;
  }

  /** Deletes the whole tree (nothing when it does not exist). */
  public void delete() throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  static String segment(String name) {
    String safe = name.replace('\\', '_').replace('/', '_').replace('\0', '_');
    return safe.isEmpty() || safe.equals(".") || safe.equals("..") ? "_" : safe;
  }
}
