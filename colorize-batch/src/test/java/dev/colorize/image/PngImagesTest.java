package dev.colorize.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngImagesTest {

  @TempDir Path dir;

  @Test
  void aWrittenPngReadsBackBitExact() throws IOException {
    byte[] rgb = new byte[37 * 21 * 3];
    new Random(7).nextBytes(rgb);
    RgbImage image = new RgbImage(37, 21, rgb);
    Path file = dir.resolve("a/b/김치.png");

    PngImages.write(image, file);
    RgbImage back = PngImages.read(file);

    assertEquals(37, back.width());
    assertEquals(21, back.height());
    assertArrayEquals(rgb, back.rgb(), "lossless");
    byte[] magic = Files.readAllBytes(file);
    assertEquals((byte) 0x89, magic[0]);
    assertEquals("PNG", new String(magic, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Test
  void rewritingReplacesTheFileAndLeavesNoTemporaryBehind() throws IOException {
    Path file = dir.resolve("p.png");
    PngImages.write(RgbImage.blank(4, 4), file);
    byte[] white = new byte[4 * 4 * 3];
    java.util.Arrays.fill(white, (byte) 255);
    PngImages.write(new RgbImage(4, 4, white), file);

    assertEquals(255, PngImages.read(file).get(3, 3, 2));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count(), "only p.png");
    }
  }

  @Test
  void aFileThatIsNoImageIsRefused() throws IOException {
    Path text = Files.writeString(dir.resolve("x.png"), "not a png");
    IOException e = assertThrows(IOException.class, () -> PngImages.read(text));
    assertEquals(text + " is not an image ImageIO reads", e.getMessage());
  }
}
