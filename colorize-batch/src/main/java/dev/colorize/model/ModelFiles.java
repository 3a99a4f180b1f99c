package dev.colorize.model;

import dev.colorize.config.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks on declared weight files: that they exist and carry the SHA-256 the POM declares, so a
 * run never silently scores the wrong weights (a re-exported file, a truncated download).
 */
public final class ModelFiles {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

  private ModelFiles() {}

  /**
   * Checks the syntax of a declared SHA-256 (64 hex digits; null or blank means "not declared").
   *
   * @param element the POM element of the model, for messages
   * @throws ConfigurationException naming {@code element<sha256>}
   */
  public static void validateSha256Syntax(String declared, String element) {
    if (declared != null && !declared.isBlank() && !SHA256.matcher(declared.strip()).matches()) {
      throw new ConfigurationException(element + "<sha256>", "is '" + declared
          + "', not a SHA-256 (64 hex digits); compute it with `sha256sum <file>`");
    }
  }

  /**
   * Checks that a weights path names an existing regular file.
   *
   * @throws ConfigurationException naming {@code element<path>}
   */
  public static Path requireFile(String path, String element) {
    if (path == null || path.isBlank()) {
      throw new ConfigurationException(element + "<path>", "is missing; name the model file");
    }
    Path file = Path.of(path);
    if (!Files.exists(file)) {
      throw new ConfigurationException(element + "<path>", "'" + path + "' does not exist");
    }
    if (!Files.isRegularFile(file)) {
      throw new ConfigurationException(element + "<path>", "'" + path + "' is not a file");
    }
    return file;
  }

  /** The SHA-256 of a file as 64 lower-case hex digits, read in a stream (weights can be GBs). */
  public static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Verifies a file against its declared SHA-256. Does nothing when none is declared (null or
   * blank); compares case-insensitively.
   *
   * @param element the POM element of the model, e.g. {@code <models><model>[2] 'chromagan' }
   * @throws ConfigurationException naming {@code element<sha256>} on a mismatch or an unreadable
   *     file, with both digests
   */
  public static void verifySha256(Path file, String declared, String element) {
    if (declared == null || declared.isBlank()) {
      return;
    }
    validateSha256Syntax(declared, element);
    String actual;
    try {
      actual = sha256(file);
    } catch (IOException e) {
      throw new ConfigurationException(element + "<path>", "'" + file + "' cannot be read: " + e);
    }
    String expected = declared.strip().toLowerCase(Locale.ROOT);
    if (!actual.equals(expected)) {
      throw new ConfigurationException(element + "<sha256>", "does not match: " + file
          + " has sha256 " + actual + ", the POM declares " + expected
          + "; the file changed or the declaration is stale");
    }
  }
}
