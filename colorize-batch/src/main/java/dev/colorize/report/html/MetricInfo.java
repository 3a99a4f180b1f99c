package dev.colorize.report.html;

import java.util.Map;

/**
 * What the report says about each metric column: its definition, its reference and which way is
 * better (docs/reports.md, "Metric columns"). {@link #quality} turns a value into a number where
 * larger is always better, for metrics that have a better direction.
 */
public final class MetricInfo {

  /** A metric's definition and direction. */
  public record Info(String definition, String better) {}

  private static final Map<String, Info> INFO = Map.of(
      "psnr", new Info("20 log10(255 / sqrt(MSE)) over all RGB values, dB", "higher"),
      "ssim", new Info("Wang et al. 2004 (doi:10.1109/TIP.2003.819861), Gaussian 11x11 window,"
          + " sigma 1.5, K1 0.01, K2 0.03, data range 255, mean over R, G, B", "higher"),
      "colorfulness", new Info("Hasler & Süsstrunk 2003 colourfulness of the prediction, on"
          + " uint8 RGB", "closer to truth"),
      "colorfulness_truth", new Info("the same colourfulness, of the ground truth", "—"),
      "colorfulness_delta", new Info("colorfulness minus colorfulness_truth; negative = washed"
          + " out", "closer to 0"),
      "sharpness", new Info("variance of the Laplacian of the prediction's CIE L", "—"),
      "contrast", new Info("RMS contrast: population std of the prediction's CIE L", "—"),
      "delta_e2000", new Info("mean CIEDE2000 colour difference (Sharma et al. 2005), prediction"
          + " vs ground truth", "lower"));

  private MetricInfo() {}

  /** The definition and direction of a metric column; unknown columns get a neutral entry. */
  public static Info of(String metric) {
    return INFO.getOrDefault(metric, new Info(metric, "—"));
  }

  /** Whether the metric has a better direction, and so a worst and a best image. */
  public static boolean ranked(String metric) {
    return switch (metric) {
      case "psnr", "ssim", "delta_e2000", "colorfulness_delta" -> true;
      default -> false;
    };
  }

  /**
   * The value as a quality, larger = better: {@code psnr}, {@code ssim} as they are,
   * {@code delta_e2000} negated, {@code colorfulness_delta} as minus its magnitude. NaN stays NaN.
   *
   * @throws IllegalArgumentException for a metric without a better direction
   */
  public static double quality(String metric, double value) {
    return switch (metric) {
      case "psnr", "ssim" -> value;
      case "delta_e2000" -> -value;
      case "colorfulness_delta" -> -Math.abs(value);
      default -> throw new IllegalArgumentException(metric + " has no better direction");
    };
  }
}
