package dev.colorize.image;

/**
 * How a source becomes a {@link PreparedPair}. Everything here changes the result, so all of it
 * is part of the {@link PreparedPairCache} key ({@link #cacheKey()}).
 *
 * @param size            output side in pixels (default 256)
 * @param policy          how the region becomes a square
 * @param reducedDecoding allow reduced-resolution JPEG decoding (1/2, 1/4, 1/8) when the region
 *                        keeps at least {@code size} pixels in both dimensions
 * @param reductionSlack  fraction in [0, 0.5] by which the reduced region may fall short of
 *                        {@code size} (then enlarged by the final resize): 0 (default) is the
 *                        strict rule; 0.03 lets a 3000x2000 photo decode at 1/8 (250 px high)
 *                        for 256, about 1.6x faster than 1/4
 * @param maxPixels       decompression-bomb limit on the header's pixel count
 * @param grayscale       when a source counts as grayscale and is rejected
 */
public record PrepareOptions(
    int size,
    ResizePolicy policy,
    boolean reducedDecoding,
    double reductionSlack,
    long maxPixels,
    GrayscaleRule grayscale) {

  public static final int DEFAULT_SIZE = 256;

  public PrepareOptions {
    if (size < 1 || size > 8192) {
      throw new IllegalArgumentException("size must be 1..8192, got " + size);
    }
    if (policy == null) {
      throw new IllegalArgumentException("resize policy is required");
    }
    if (!(reductionSlack >= 0 && reductionSlack <= 0.5)) {
      throw new IllegalArgumentException("reductionSlack must be in [0, 0.5], got " + reductionSlack);
    }
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
    }
    if (grayscale == null) {
      throw new IllegalArgumentException("grayscale rule is required");
    }
  }

  /** 256 x 256, STRETCH (the usual "resize to 256x256"), reduced decoding on, default limits. */
  public static PrepareOptions defaults() {
    return new PrepareOptions(DEFAULT_SIZE, ResizePolicy.STRETCH, true, 0.0,
        DecodeOptions.DEFAULT_MAX_PIXELS, GrayscaleRule.DEFAULT);
  }

  public PrepareOptions withSize(int value) {
    return new PrepareOptions(value, policy, reducedDecoding, reductionSlack, maxPixels, grayscale);
  }

  public PrepareOptions withPolicy(ResizePolicy value) {
    return new PrepareOptions(size, value, reducedDecoding, reductionSlack, maxPixels, grayscale);
  }

  public PrepareOptions withReducedDecoding(boolean value) {
    return new PrepareOptions(size, policy, value, reductionSlack, maxPixels, grayscale);
  }

  public PrepareOptions withReductionSlack(double value) {
    return new PrepareOptions(size, policy, reducedDecoding, value, maxPixels, grayscale);
  }

  public PrepareOptions withMaxPixels(long value) {
    return new PrepareOptions(size, policy, reducedDecoding, reductionSlack, value, grayscale);
  }

  public PrepareOptions withGrayscale(GrayscaleRule value) {
    return new PrepareOptions(size, policy, reducedDecoding, reductionSlack, maxPixels, value);
  }

  /** The decode options for one source with the given crop box (may be null). */
  public DecodeOptions decodeOptions(Box crop) {
    return new DecodeOptions(maxPixels, reducedDecoding ? decodeTarget() : 0, crop, grayscale);
  }

  /** The least region size a reduced decode must keep: {@code ceil(size * (1 - slack))}. */
  public int decodeTarget() {
    return Math.max(1, (int) Math.ceil(size * (1 - reductionSlack) - 1e-9));
  }

  /** Stable text of every parameter that changes the prepared result, with the code version. */
  public String cacheKey() {
    return "prep" + PairPreparer.PREPARATION_VERSION + ";size=" + size + ";policy=" + policy
        + ";reduced=" + (reducedDecoding ? "slack" + reductionSlack : "off")
        + ";maxPixels=" + maxPixels + ";gray=" + grayscale.key();
  }
}
