package dev.colorize.metric;

import java.util.List;

/**
 * Every per-image score of one prediction against its ground truth, as one row of
 * {@code scores.csv}. See the metric classes for each convention.
 *
 * @param psnr              {@link Psnr}, dB; +Infinity for identical images
 * @param ssim              {@link Ssim}, mean over R, G, B
 * @param colorfulness      {@link Colorfulness} of the prediction
 * @param colorfulnessTruth {@link Colorfulness} of the ground truth
 * @param colorfulnessDelta prediction minus ground truth (signed: negative means washed out)
 * @param sharpness         {@link Sharpness} of the prediction
 * @param contrast          {@link Contrast} of the prediction
 * @param deltaE2000        mean {@link DeltaE2000} of the prediction against the ground truth
 */
public record ImageScores(
    double psnr,
    double ssim,
    double colorfulness,
    double colorfulnessTruth,
    double colorfulnessDelta,
    double sharpness,
    double contrast,
    double deltaE2000) {

  /** Column names in output order; {@link #values()} follows the same order. */
  public static final List<String> COLUMNS = List.of(
      "psnr",
      "ssim",
      "colorfulness",
      "colorfulness_truth",
      "colorfulness_delta",
      "sharpness",
      "contrast",
      "delta_e2000");

  /** The scores in {@link #COLUMNS} order (a new array each call). */
  public double[] values() {
    return new double[] {
      psnr, ssim, colorfulness, colorfulnessTruth, colorfulnessDelta, sharpness, contrast,
      deltaE2000
    };
  }
}
