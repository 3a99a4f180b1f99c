package dev.colorize.metric;

import dev.colorize.image.RgbImage;

/**
 * Computes all {@link ImageScores} of a prediction in one call, converting each image to Lab
 * once (in double precision, {@link dev.colorize.image.CieLab}'s conversion without its rounding
 * to float). Thread-safe: batch jobs may call it from several threads; each thread keeps its
 * last Lab planes (3 MB at 256x256) for the next call.
 *
 * <p>Both images must already be at the scoring resolution (the project default is 256x256) and
 * the ground truth must have gone through the same Lab round trip as the model's input, so that
 * only the colorization differs; this class does not resize or convert.
 */
public final class ImageScorer {

  /** Each thread's Lab planes of the last prediction and truth, reused by the next call. */
  private static final ThreadLocal<LabPlanes[]> PLANES =
      ThreadLocal.withInitial(() -> new LabPlanes[2]);

  private ImageScorer() {}

  /**
   * Scores {@code pred} against {@code truth}.
   *
   * @throws MetricInputException if the sizes differ or a side is shorter than {@link Ssim#WINDOW}
   */
  public static ImageScores score(RgbImage pred, RgbImage truth) {
    Inputs.requireSameSize("score", pred, truth);
    if (pred.width() < Ssim.WINDOW || pred.height() < Ssim.WINDOW) {
      throw new MetricInputException("score: image " + pred.width() + "x" + pred.height()
          + " is smaller than the " + Ssim.WINDOW + "x" + Ssim.WINDOW + " SSIM window");
    }
    LabPlanes[] planes = PLANES.get();
    LabPlanes predLab = planes[0] = LabPlanes.of(pred, planes[0]);
    LabPlanes truthLab = planes[1] = LabPlanes.of(truth, planes[1]);
    double colorfulness = Colorfulness.of(pred);
    double colorfulnessTruth = Colorfulness.of(truth);
    return new ImageScores(
        Psnr.of(pred, truth),
        Ssim.of(pred, truth),
        colorfulness,
        colorfulnessTruth,
        colorfulness - colorfulnessTruth,
        Sharpness.ofLightness(predLab.l, predLab.width, predLab.height),
        Contrast.ofLightness(predLab.l),
        DeltaE2000.mean(predLab, truthLab));
  }
}
