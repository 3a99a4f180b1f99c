package dev.colorize.train;

import dev.colorize.image.CieLab;
import dev.colorize.image.LabImage;
import dev.colorize.image.RgbImage;
import dev.colorize.metric.Colorfulness;
import dev.colorize.metric.DeltaE2000;
import dev.colorize.metric.Psnr;
import dev.colorize.metric.Ssim;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.function.Function;

/**
 * Validation scores of the generator's colorization of validation samples against their ground
 * truth, both through the same Lab to sRGB conversion, with evaluate's definitions: mean
 * {@link Psnr} ({@code psnr}), {@link Ssim} ({@code ssim}), signed colourfulness difference
 * prediction minus truth ({@link Colorfulness}, {@code colorfulness_delta}, negative = washed out)
 * and mean CIEDE2000 ({@link DeltaE2000}, {@code delta_e2000}, the early-stopping default).
 * With {@link ValidationImages}, the first samples' colorizations are also kept as PNG.
 */
public final class ColorValidation implements ValidationHook {
  private final TrainingData data;
  private final ValidationImages images;

  /** @param data validation samples (at least {@link Ssim#WINDOW} pixels wide) */
  public ColorValidation(TrainingData data) {
    this(data, null);
  }

  /**
   * @param data   validation samples (at least {@link Ssim#WINDOW} pixels wide)
   * @param images where the first samples' colorizations go after each pass, or null
   */
  public ColorValidation(TrainingData data, ValidationImages images) {
    if (data.size() == 0) {
      throw new TrainingException("validation data is empty");
    }
    this.data = data;
    this.images = images;
  }

  @Override
  public LinkedHashMap<String, Double> validate(int step,
      Function<TrainingSample, float[]> predictAb) {
    double psnr = 0;
    double ssim = 0;
    double colorfulnessDelta = 0;
    double deltaE = 0;
    for (int i = 0; i < data.size(); i++) {
      TrainingSample sample = data.get(i);
      RgbImage truth = toRgb(sample, sample.ab());
      RgbImage predicted = toRgb(sample, predictAb.apply(sample));
      psnr += Math.min(Psnr.of(predicted, truth), 100.0); // identical images give +Infinity
      ssim += Ssim.of(predicted, truth);
      colorfulnessDelta += Colorfulness.of(predicted) - Colorfulness.of(truth);
      deltaE += DeltaE2000.mean(predicted, truth);
      if (images != null && i < images.count()) {
        keep(step, i, sample, truth, predicted);
      }
    }
    LinkedHashMap<String, Double> scores = new LinkedHashMap<>();
    scores.put("psnr", psnr / data.size());
    scores.put("ssim", ssim / data.size());
    scores.put("colorfulness_delta", colorfulnessDelta / data.size());
    scores.put("delta_e2000", deltaE / data.size());
    return scores;
  }

  private void keep(int step, int index, TrainingSample sample, RgbImage truth,
      RgbImage predicted) {
    try {
      images.write(step, index, toRgb(sample, new float[2 * sample.size() * sample.size()]),
          truth, predicted);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep validation image " + index + " of step "
          + step + " in " + images.folder(), e);
    }
  }

  static RgbImage toRgb(TrainingSample sample, float[] ab) {
    int n = sample.size() * sample.size();
    float[] a = new float[n];
    float[] b = new float[n];
    System.arraycopy(ab, 0, a, 0, n);
    System.arraycopy(ab, n, b, 0, n);
    return CieLab.toRgb(new LabImage(sample.size(), sample.size(), sample.l(), a, b));
  }
}
