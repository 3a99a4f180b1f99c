package dev.colorize.image;

/**
 * How {@link ImageDecoder} decodes one source.
 *
 * @param maxPixels  largest stored pixel count accepted (header width x height); larger sources
 *                   are rejected as TOO_LARGE before any decoding
 * @param targetSize smallest size, in both dimensions, the region must keep after a reduced
 *                   JPEG decode (1/2, 1/4, 1/8); 0 decodes at full resolution
 * @param region     the region of interest in oriented source coordinates (a crop box), or null
 *                   for the whole image; only used to choose the reduction
 * @param grayscale  when a source counts as grayscale and whether it is rejected
 */
public record DecodeOptions(long maxPixels, int targetSize, Box region, GrayscaleRule grayscale) {

  /** 100 megapixels: above any camera photo in the datasets, far below OpenCV's own 2^30. */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

  public DecodeOptions {
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
    }
    if (targetSize < 0) {
      throw new IllegalArgumentException("targetSize must be >= 0, got " + targetSize);
    }
    if (grayscale == null) {
      throw new IllegalArgumentException("grayscale rule is required");
    }
  }

  /** Full resolution, default limits, grayscale sources rejected. */
  public static DecodeOptions defaults() {
    return new DecodeOptions(DEFAULT_MAX_PIXELS, 0, null, GrayscaleRule.DEFAULT);
  }

  public DecodeOptions withMaxPixels(long value) {
    return new DecodeOptions(value, targetSize, region, grayscale);
  }

  /** Allows a reduced JPEG decode that keeps the region at least {@code size} pixels. */
  public DecodeOptions withTargetSize(int size) {
    return new DecodeOptions(maxPixels, size, region, grayscale);
  }

  public DecodeOptions withRegion(Box value) {
    return new DecodeOptions(maxPixels, targetSize, value, grayscale);
  }

  public DecodeOptions withGrayscale(GrayscaleRule value) {
    return new DecodeOptions(maxPixels, targetSize, region, value);
  }
}
