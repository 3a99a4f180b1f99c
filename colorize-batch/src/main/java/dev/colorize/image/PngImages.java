package dev.colorize.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/**
 * Lossless PNG files of {@link RgbImage}s through Java's ImageIO (no native code), for the
 * predictions and report images evaluate keeps.
 */
public final class PngImages {

  private PngImages() {}

  /**
   * Writes the image as an 8-bit RGB PNG. The file appears complete or not at all: it is written
   * beside its place and then moved there, so a crash never leaves half an image behind.
   */
  public static void write(RgbImage image, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temp = Files.createTempFile(parent, ".png-", ".tmp");
    try {
      if (!ImageIO.write(toBufferedImage(image), "png", temp.toFile())) {
        throw new IOException("this Java has no PNG writer");
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Reads an 8-bit RGB image file (PNG or any other format ImageIO reads). */
  public static RgbImage read(Path file) throws IOException {
    BufferedImage in = ImageIO.read(file.toFile());
    if (in == null) {
      throw new IOException(file + " is not an image ImageIO reads");
    }
    int width = in.getWidth();
    int height = in.getHeight();
    int[] row = new int[width];
    byte[] rgb = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      in.getRGB(0, y, width, 1, row, 0, width);
      for (int x = 0; x < width; x++) {
        int i = (y * width + x) * 3;
        rgb[i] = (byte) (row[x] >> 16);
        rgb[i + 1] = (byte) (row[x] >> 8);
        rgb[i + 2] = (byte) row[x];
      }
    }
    return new RgbImage(width, height, rgb);
  }

  private static BufferedImage toBufferedImage(RgbImage image) {
    int width = image.width();
    BufferedImage out = new BufferedImage(width, image.height(), BufferedImage.TYPE_INT_RGB);
    byte[] rgb = image.rgb();
    int[] row = new int[width];
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < width; x++) {
        int i = (y * width + x) * 3;
        row[x] = (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | (rgb[i + 2] & 0xFF);
      }
      out.setRGB(0, y, width, 1, row, 0, width);
    }
    return out;
  }
}
