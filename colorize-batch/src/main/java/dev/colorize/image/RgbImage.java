package dev.colorize.image;

import java.util.Objects;

/**
 * An 8-bit sRGB image, pixels interleaved R, G, B, rows top to bottom.
 *
 * <p>This is the exchange type between the image core, models and metrics: plain Java memory, so
 * metrics stay pure functions and nothing native leaks out of the {@code image} package.
 *
 * @param width  columns, at least 1
 * @param height rows, at least 1
 * @param rgb    {@code width * height * 3} bytes, read unsigned
 */
public record RgbImage(int width, int height, byte[] rgb) {

  public RgbImage {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
    }
    Objects.requireNonNull(rgb, "rgb");
    if (rgb.length != (long) width * height * 3) {
      throw new IllegalArgumentException(
          "expected " + ((long) width * height * 3) + " bytes for " + width + "x" + height
              + " RGB, got " + rgb.length);
    }
  }

  /** A black image of the given size. */
  public static RgbImage blank(int width, int height) {
    return new RgbImage(width, height, new byte[width * height * 3]);
  }

  /** Channel {@code c} (0 = R, 1 = G, 2 = B) of pixel (x, y), 0..255. */
  public int get(int x, int y, int c) {
    return rgb[(y * width + x) * 3 + c] & 0xFF;
  }

  public int pixelCount() {
    return width * height;
  }

  /** True when both images have the same width and height. */
  public boolean sameSize(RgbImage other) {
    return width == other.width && height == other.height;
  }
}
