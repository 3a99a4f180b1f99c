package dev.colorize.metric;

/**
 * Input a metric cannot score: images of different sizes, an image too small for the SSIM window,
 * feature vectors of the wrong dimension or with non-finite values. The message names the metric
 * and the offending values, so a batch job can log it and skip the sample instead of failing.
 */
public final class MetricInputException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public MetricInputException(String message) {
    super(message);
  }
}
