package dev.colorize.bench.batch;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Seeded folder datasets of colourful JPEGs: soft shapes on a coloured ground plus a little
 * per-pixel grain, so the entropy-coded size (and the decode cost) is closer to a photo's than a
 * flat synthetic image's. The same seed gives the same bytes.
 */
public final class BenchJpegs {

  private BenchJpegs() {}

  /**
   * Writes {@code count} JPEGs of {@code width x height} into {@code classes} class folders
   * ({@code root/class_k/img_nnnnn.jpg}), round robin; returns {@code root}.
   */
  public static Path folderDataset(Path root, int count, int classes, int width, int height, long seed)
      throws IOException {
    for (int i = 0; i < count; i++) {
      Path file = root.resolve(String.format("class_%02d", i % classes))
          .resolve(String.format("img_%05d.jpg", i));
      writeJpeg(file, width, height, seed * 1_000_003L + i);
    }
    return root;
  }

  /** One image. */
  static void writeJpeg(Path file, int width, int height, long seed) throws IOException {
    Files.createDirectories(file.getParent());
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.getHSBColor(random.nextFloat(), 0.5f, 0.8f));
    g.fillRect(0, 0, width, height);
    for (int i = 0; i < 16; i++) {
      g.setColor(Color.getHSBColor(random.nextFloat(), 0.4f + random.nextFloat() * 0.6f,
          0.3f + random.nextFloat() * 0.7f));
      int w = 8 + random.nextInt(Math.max(1, width / 2));
      int h = 8 + random.nextInt(Math.max(1, height / 2));
      g.fillOval(random.nextInt(width) - w / 4, random.nextInt(height) - h / 4, w, h);
    }
    g.dispose();
    int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    for (int p = 0; p < pixels.length; p++) {
      int grain = random.nextInt(13) - 6;
      int rgb = pixels[p];
      pixels[p] = (clamp(((rgb >> 16) & 0xff) + grain) << 16)
          | (clamp(((rgb >> 8) & 0xff) + grain) << 8) | clamp((rgb & 0xff) + grain);
    }
    if (!ImageIO.write(image, "jpg", file.toFile())) {
      throw new IOException("no JPEG writer");
    }
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
