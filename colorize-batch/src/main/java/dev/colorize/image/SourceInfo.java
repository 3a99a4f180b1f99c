package dev.colorize.image;

/**
 * Where a prepared pair came from.
 *
 * @param format         source format
 * @param originalWidth  full-resolution width after EXIF orientation
 * @param originalHeight full-resolution height after EXIF orientation
 * @param reduction      JPEG decode reduction used (1, 2, 4, 8)
 * @param region         the region used, in original oriented coordinates: the crop box clipped
 *                       to the image (before the resize policy), or the whole image
 */
public record SourceInfo(
    ImageFormat format, int originalWidth, int originalHeight, int reduction, Box region) {}
