package dev.colorize.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.config.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {

  private static final String ELEMENT = "<models><model>[1] 'm' ";
  /** sha256("abc"), FIPS 180-2 appendix B.1. */
  private static final String ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @TempDir Path dir;

  @Test
  void digestMatchesTheFipsExample() throws Exception {
    Path file = Files.writeString(dir.resolve("abc"), "abc", StandardCharsets.US_ASCII);
    assertEquals(ABC, ModelFiles.sha256(file));
  }

  @Test
  void streamsFilesLargerThanTheBuffer() throws Exception {
    byte[] data = new byte[200_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31);
    }
    Path file = Files.write(dir.resolve("big"), data);
    String expected = java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(data));
    assertEquals(expected, ModelFiles.sha256(file));
  }

  @Test
  void matchingDigestPassesInAnyCase() throws Exception {
    Path file = Files.writeString(dir.resolve("abc"), "abc", StandardCharsets.US_ASCII);
    assertDoesNotThrow(() -> ModelFiles.verifySha256(file, ABC.toUpperCase(Locale.ROOT), ELEMENT));
    assertDoesNotThrow(() -> ModelFiles.verifySha256(file, null, ELEMENT));
    assertDoesNotThrow(() -> ModelFiles.verifySha256(file, " ", ELEMENT));
  }

  @Test
  void mismatchNamesBothDigestsAndThePath() throws Exception {
    Path file = Files.writeString(dir.resolve("abd"), "abd", StandardCharsets.US_ASCII);
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> ModelFiles.verifySha256(file, ABC, ELEMENT));
    assertEquals(ELEMENT + "<sha256>", e.element());
    assertTrue(e.getMessage().contains(file + " has sha256 " + ModelFiles.sha256(file)
        + ", the POM declares " + ABC), e.getMessage());
  }

  @Test
  void malformedDigestIsAConfigurationError() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> ModelFiles.validateSha256Syntax("abc123", ELEMENT));
    assertEquals(ELEMENT + "<sha256>", e.element());
    assertTrue(e.getMessage().contains("'abc123'"), e.getMessage());
  }

  @Test
  void missingOrDirectoryPathIsAConfigurationError() {
    ConfigurationException missing = assertThrows(ConfigurationException.class,
        () -> ModelFiles.requireFile(dir.resolve("nope.pt").toString(), ELEMENT));
    assertEquals(ELEMENT + "<path>", missing.element());
    assertTrue(missing.getMessage().contains("nope.pt' does not exist"), missing.getMessage());
    ConfigurationException directory = assertThrows(ConfigurationException.class,
        () -> ModelFiles.requireFile(dir.toString(), ELEMENT));
    assertTrue(directory.getMessage().contains("is not a file"), directory.getMessage());
    assertThrows(ConfigurationException.class, () -> ModelFiles.requireFile(null, ELEMENT));
  }
}
