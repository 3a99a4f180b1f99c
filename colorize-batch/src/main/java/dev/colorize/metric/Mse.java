package dev.colorize.metric;

import dev.colorize.image.RgbImage;

/**
 * Mean squared error over every R, G and B value of two 8-bit images (0..255 scale).
 *
 * <p>Matches {@code skimage.metrics.mean_squared_error(truth, pred)} on {@code uint8 (H, W, 3)}
 * arrays. The sum of squared differences is accumulated exactly in integers.
 */
public final class Mse {

  private Mse() {}

  /**
   * MSE between a prediction and its ground truth (symmetric in its arguments).
   *
   * @throws MetricInputException if the images differ in size
   */
  public static double of(RgbImage pred, RgbImage truth) {
    Inputs.requireSameSize("MSE", pred, truth);
    byte[] p = pred.rgb();
    byte[] t = truth.rgb();
    long sum = 0;
    for (int i = 0; i < p.length; i++) {
      int d = (p[i] & 0xFF) - (t[i] & 0xFF);
      sum += d * d;
    }
    return (double) sum / p.length;
  }
}
