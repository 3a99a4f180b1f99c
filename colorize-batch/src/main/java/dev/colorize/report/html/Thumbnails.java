package dev.colorize.report.html;

import dev.colorize.image.DecodeOptions;
import dev.colorize.image.GrayscaleRule;
import dev.colorize.image.ImageDecoder;
import dev.colorize.image.PngImages;
import dev.colorize.image.RgbImage;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Small copies of photos for a contact sheet: decoded as the colorize goal decodes them (every
 * format it reads, EXIF orientation applied, gray sources allowed, a reduced JPEG decode when
 * the photo is large), scaled to fit a square of {@code size} pixels, written as PNG. Each
 * thumbnail costs one decode of its photo; the sheet's size does not grow with the photos.
 */
final class Thumbnails {

  private Thumbnails() {}

  /** Writes {@code source}'s thumbnail, at most {@code size} pixels on its longer side. */
  static void write(Path source, Path target, int size) throws IOException {
    DecodeOptions options = DecodeOptions.defaults().withTargetSize(size)
        .withGrayscale(GrayscaleRule.OFF);
    RgbImage photo = ImageDecoder.decode(Files.readAllBytes(source), source.toString(), options)
        .pixels();
    PngImages.write(scale(photo, size), target);
  }

  /** The image scaled (bilinear) to fit {@code size} x {@code size}; smaller ones stay. */
  static RgbImage scale(RgbImage image, int size) {
    double factor = Math.min(1.0, (double) size / Math.max(image.width(), image.height()));
    int width = Math.max(1, (int) Math.round(image.width() * factor));
    int height = Math.max(1, (int) Math.round(image.height() * factor));
    if (width == image.width() && height == image.height()) {
      return image;
    }
    BufferedImage in = new BufferedImage(image.width(), image.height(),
        BufferedImage.TYPE_INT_RGB);
    byte[] rgb = image.rgb();
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        int i = (y * image.width() + x) * 3;
        in.setRGB(x, y, (rgb[i] & 0xff) << 16 | (rgb[i + 1] & 0xff) << 8 | (rgb[i + 2] & 0xff));
      }
    }
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    var g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
        RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(in, 0, 0, width, height, null);
    g.dispose();
    byte[] scaled = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int p = out.getRGB(x, y);
        int i = (y * width + x) * 3;
        scaled[i] = (byte) (p >> 16);
        scaled[i + 1] = (byte) (p >> 8);
        scaled[i + 2] = (byte) p;
      }
    }
    return new RgbImage(width, height, scaled);
  }
}
