package dev.colorize.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SHA-256 of files, remembered by path, size and modification time: run identities and run plans
 * ask for the same weights files' digests often, and a weights file may be hundreds of MB.
 */
public final class FileDigests {

  /** What {@link #sha256} returns for a file it cannot read. */
  public static final String UNREADABLE = "unreadable";

  private static final Map<String, String> DIGESTS = new ConcurrentHashMap<>();

  private FileDigests() {}

  /** @return the lower-case hex SHA-256 of the file's content, or {@value #UNREADABLE} */
  public static String sha256(Path file) {
    String key;
    try {
      key = file + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return UNREADABLE;
    }
    return DIGESTS.computeIfAbsent(key, k -> {
      try (var in = Files.newInputStream(file)) {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
      } catch (IOException | NoSuchAlgorithmException e) {
        return UNREADABLE;
      }
    });
  }
}
