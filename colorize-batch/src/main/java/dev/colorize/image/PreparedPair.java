package dev.colorize.image;

/**
 * One prepared sample: the source region resized to a square, its Lab form, the gray model input
 * and the ground truth used for scoring.
 *
 * @param resized the region after resizing, 8-bit sRGB, before any colour conversion
 * @param lab     {@code CieLab.fromRgb(resized)}
 * @param truth   {@code CieLab.toRgb(lab)}: the ground truth for scoring, so truth and predictions
 *                (which also leave through Lab) share the same conversion and rounding
 * @param source  provenance
 */
public record PreparedPair(RgbImage resized, LabImage lab, RgbImage truth, SourceInfo source) {

  /** Derives the Lab image and the round-tripped ground truth from the resized region. */
  public static PreparedPair of(RgbImage resized, SourceInfo source) {
    LabImage lab = CieLab.fromRgb(resized);
    return new PreparedPair(resized, lab, CieLab.toRgb(lab), source);
  }

  /** The model input: the L plane with a = b = 0. */
  public LabImage gray() {
    return lab.withoutChroma();
  }

  /** The gray input as sRGB (R = G = B), for models that take a 3-channel gray image. */
  public RgbImage grayRgb() {
    return CieLab.toRgb(gray());
  }

  public int size() {
    return resized.width();
  }
}
