package dev.colorize.image;

/**
 * What a file's header says, read without decoding pixels.
 *
 * @param format         container format
 * @param width          stored width in pixels (before EXIF orientation)
 * @param height         stored height in pixels (before EXIF orientation)
 * @param orientation    EXIF orientation 1..8 (1 when absent or invalid)
 * @param components     colour components stored: JPEG frame components (1 gray, 3 YCbCr/RGB,
 *                       4 CMYK/YCCK), PNG/TIFF samples per pixel, 3 or 4 elsewhere
 * @param bitsPerSample  bits per sample (BMP: bits per pixel)
 * @param grayscale      the format declares a luminance-only colour model (JPEG with 1
 *                       component, PNG colour types 0 and 4, TIFF photometric 0 and 1)
 * @param alpha          the file declares transparency
 * @param adobeTransform JPEG Adobe APP14 transform (0 none/CMYK, 1 YCbCr, 2 YCCK), -1 if absent
 */
public record ImageHeader(
    ImageFormat format,
    int width,
    int height,
    int orientation,
    int components,
    int bitsPerSample,
    boolean grayscale,
    boolean alpha,
    int adobeTransform) {

  /** True when the EXIF orientation swaps width and height (values 5 to 8). */
  public boolean swapsAxes() {
    return orientation >= 5 && orientation <= 8;
  }

  /** Width as displayed, after EXIF orientation. */
  public int orientedWidth() {
    return swapsAxes() ? height : width;
  }

  /** Height as displayed, after EXIF orientation. */
  public int orientedHeight() {
    return swapsAxes() ? width : height;
  }

  /** Stored pixel count, used for the decompression-bomb limit. */
  public long pixelCount() {
    return (long) width * height;
  }

  /** True for a JPEG with four components (Adobe CMYK or YCCK). */
  public boolean isCmyk() {
    return format == ImageFormat.JPEG && components == 4;
  }
}
