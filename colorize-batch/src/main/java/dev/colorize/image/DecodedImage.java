package dev.colorize.image;

/**
 * A decoded, orientation-corrected source.
 *
 * @param pixels         the pixels at the decoded resolution (reduced when {@code reduction > 1})
 * @param format         the source's format
 * @param originalWidth  full-resolution width after EXIF orientation
 * @param originalHeight full-resolution height after EXIF orientation
 * @param reduction      the JPEG DCT scale denominator used: 1, 2, 4 or 8
 */
public record DecodedImage(
    RgbImage pixels, ImageFormat format, int originalWidth, int originalHeight, int reduction) {

  /** Factor from original to decoded coordinates: {@code 1 / reduction}. */
  public double scale() {
    return 1.0 / reduction;
  }
}
