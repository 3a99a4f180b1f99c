package dev.colorize.image;

/** Container formats recognised by {@link ImageProbe} and decoded by {@link ImageDecoder}. */
public enum ImageFormat {
  JPEG,
  PNG,
  GIF,
  BMP,
  TIFF,
  WEBP
}
