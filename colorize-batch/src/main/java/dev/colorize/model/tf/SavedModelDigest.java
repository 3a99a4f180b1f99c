package dev.colorize.model.tf;

import dev.colorize.model.ModelFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The SHA-256 of a SavedModel directory as a whole. A SavedModel keeps its graph in
 * {@code saved_model.pb} and its weights under {@code variables/}; two fine-tuned versions of one
 * network usually have byte-identical {@code saved_model.pb} files, so a digest of that file alone
 * would not tell them apart. The digest therefore covers every regular file, and is defined so
 * that coreutils reproduce it:
 *
 * <pre>
 * (cd DIR &amp;&amp; find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum
 * </pre>
 *
 * <p>That is the SHA-256 of the {@code sha256sum} listing ({@code <hex>  ./<path>\n} per file,
 * paths sorted by their bytes).
 */
public final class SavedModelDigest {

  /** The shell command that computes the same digest, for messages and docs. */
  public static final String COMMAND =
      "(cd DIR && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum";

  private SavedModelDigest() {}

  /**
   * The digest of a directory as 64 lower-case hex digits.
   *
   * @throws IOException when a file cannot be read
   */
  public static String of(Path directory) throws IOException {
    List<String> paths;
    try (Stream<Path> files = Files.walk(directory)) {
      paths = files.filter(Files::isRegularFile)
          .map(file -> "./" + directory.relativize(file).toString().replace('\\', '/'))
          .sorted(Comparator.comparing(
              (String path) -> path.getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned))
          .toList();
    }
    MessageDigest listing = newDigest();
    for (String path : paths) {
      String line = ModelFiles.sha256(directory.resolve(path.substring(2))) + "  " + path + "\n";
      listing.update(line.getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(listing.digest());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
