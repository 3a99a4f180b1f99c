package dev.colorize.model.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.colorize.model.ModelFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedModelDigestTest {

  @TempDir
  Path temp;

  private Path layout() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("model"));
    Files.writeString(dir.resolve("saved_model.pb"), "graph");
    Files.createDirectories(dir.resolve("variables"));
    Files.write(dir.resolve("variables/variables.index"), new byte[] {0, 1, 2});
    Files.write(dir.resolve("variables/variables.data-00000-of-00001"), new byte[] {9, 8, 7, 6});
    Files.writeString(dir.resolve("fingerprint.pb"), "fp");
    Files.createDirectories(dir.resolve("assets"));
    return dir;
  }

  @Test
  void equalsTheDocumentedCoreutilsCommand() throws Exception {
    Path dir = layout();
    Process process = new ProcessBuilder("bash", "-c",
        SavedModelDigest.COMMAND.replace("DIR", "'" + dir + "'"))
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), output);
    assertEquals(output.substring(0, 64), SavedModelDigest.of(dir));
  }

  @Test
  void equalsTheDigestOfTheSortedListingWrittenOutByHand() throws Exception {
    Path dir = layout();
    String listing = line(dir, "./fingerprint.pb") + line(dir, "./saved_model.pb")
        + line(dir, "./variables/variables.data-00000-of-00001")
        + line(dir, "./variables/variables.index");
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
        .digest(listing.getBytes(StandardCharsets.UTF_8));
    assertEquals(HexFormat.of().formatHex(digest), SavedModelDigest.of(dir));
  }

  @Test
  void changesWhenOnlyTheWeightsChange() throws IOException {
    Path dir = layout();
    String before = SavedModelDigest.of(dir);
    Files.write(dir.resolve("variables/variables.data-00000-of-00001"), new byte[] {9, 8, 7, 5});
    assertNotEquals(before, SavedModelDigest.of(dir));
  }

  private static String line(Path dir, String path) throws IOException {
    return ModelFiles.sha256(dir.resolve(path.substring(2))) + "  " + path + "\n";
  }
}
