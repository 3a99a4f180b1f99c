package dev.colorize.image;

/** Why a source image cannot be used; each value has a distinct cause and test. */
public enum RejectReason {
  /** The file has zero bytes. */
  EMPTY_FILE,
  /** The bytes carry no known image signature (e.g. a text file named {@code .jpg}). */
  NOT_AN_IMAGE,
  /** The data ends early: JPEG without EOI, PNG without IEND, short BMP/TIFF/WebP/GIF data. */
  TRUNCATED,
  /** The structure is complete but the header or the compressed data is invalid. */
  CORRUPT,
  /** The header's pixel count exceeds the configured limit (decided before decoding). */
  TOO_LARGE,
  /** The source has no chroma, so it cannot be colorization ground truth. */
  GRAYSCALE_SOURCE,
  /** A recognised image kind this core does not decode (HEIF/AVIF, JPEG 2000, 12-bit JPEG, ...). */
  UNSUPPORTED,
  /** The requested crop box does not overlap the image. */
  CROP_OUTSIDE_IMAGE
}
