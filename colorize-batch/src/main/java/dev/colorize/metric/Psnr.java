package dev.colorize.metric;

import dev.colorize.image.RgbImage;

/**
 * Peak signal-to-noise ratio in dB over all RGB values of 8-bit images:
 * {@code PSNR = 10 log10(255^2 / MSE) = 20 log10(255 / sqrt(MSE))}.
 *
 * <p>Matches {@code skimage.metrics.peak_signal_noise_ratio(truth, pred, data_range=255)} on
 * {@code uint8 (H, W, 3)} arrays. Convention: one MSE over the three channels together (not a
 * mean of per-channel PSNRs, and not on the Y channel as some super-resolution papers do).
 * Identical images have MSE 0 and PSNR {@link Double#POSITIVE_INFINITY}, as scikit-image returns
 * ({@code inf}); aggregate with care (e.g. report the count of identical images separately).
 */
public final class Psnr {

  /** The peak value of 8-bit data. */
  public static final double DATA_RANGE = 255.0;

  private Psnr() {}

  /**
   * PSNR of a prediction against its ground truth, in dB.
   *
   * @throws MetricInputException if the images differ in size
   */
  public static double of(RgbImage pred, RgbImage truth) {
    Inputs.requireSameSize("PSNR", pred, truth);
    return fromMse(Mse.of(pred, truth));
  }

  /**
   * PSNR from a mean squared error on the 0..255 scale; 0 gives +Infinity.
   *
   * @throws MetricInputException if {@code mse} is negative, NaN or infinite
   */
  public static double fromMse(double mse) {
    if (!(mse >= 0) || Double.isInfinite(mse)) {
      throw new MetricInputException("PSNR: MSE must be finite and >= 0, got " + mse);
    }
    return mse == 0 ? Double.POSITIVE_INFINITY : 10.0 * Math.log10(DATA_RANGE * DATA_RANGE / mse);
  }
}
