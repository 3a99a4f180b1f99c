package dev.colorize.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/** Builds small dataset trees for the tests. Readers never decode images, so bytes suffice. */
final class Fixtures {

  private Fixtures() {}

  /** Creates the file (and its folders) with a few placeholder bytes. */
  static Path file(Path root, String relative) {
    return write(root, relative, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
  }

  static Path text(Path root, String relative, String content) {
    return write(root, relative, content.getBytes(StandardCharsets.UTF_8));
  }

  static Path text(Path root, String relative, String content, Charset charset) {
    return write(root, relative, content.getBytes(charset));
  }

  static Path write(Path root, String relative, byte[] bytes) {
    try {
      Path p = root.resolve(relative);
      Files.createDirectories(p.getParent());
      return Files.write(p, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String nfd(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFD);
  }

  /** Reads everything, collecting issues into {@code issues}. */
  static List<Sample> readAll(DatasetSpec spec, List<DatasetIssue> issues) {
    try (DatasetReader reader = DatasetReaders.open(spec, issues::add)) {
      List<Sample> out = new ArrayList<>();
      reader.forEachRemaining(out::add);
      return out;
    }
  }

  static List<String> ids(List<Sample> samples) {
    List<String> out = new ArrayList<>();
    for (Sample s : samples) {
      out.add(s.id());
    }
    return out;
  }
}
