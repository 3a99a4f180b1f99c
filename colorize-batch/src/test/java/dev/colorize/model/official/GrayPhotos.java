package dev.colorize.model.official;

import dev.colorize.image.CieLab;
import dev.colorize.image.LabImage;
import dev.colorize.image.RgbImage;
import dev.colorize.model.ColorizationInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Photo-like test images without chroma (smooth colour fields, a few soft-edged shapes and a
 * little noise, then the colour dropped), deterministic from a seed: the kind of input the
 * official networks see, so their references are compared away from saturation.
 */
public final class GrayPhotos {

  private GrayPhotos() {}

  /** {@code count} gray images of {@code width} x {@code height}. */
  public static List<ColorizationInput> batch(int count, int width, int height, long seed) {
    List<ColorizationInput> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      list.add(ColorizationInput.of(colour(width, height, seed + i).withoutChroma()));
    }
    return list;
  }

  /** A colour photo-like image. */
  public static LabImage colour(int width, int height, long seed) {
    Random random = new Random(seed);
    byte[] rgb = new byte[width * height * 3];
    double[][] centres = new double[5][6];
    for (double[] c : centres) {
      c[0] = random.nextDouble() * width;
      c[1] = random.nextDouble() * height;
      c[2] = (0.15 + 0.35 * random.nextDouble()) * Math.max(width, height);
      c[3] = 40 + 200 * random.nextDouble();
      c[4] = 40 + 200 * random.nextDouble();
      c[5] = 40 + 200 * random.nextDouble();
    }
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double[] sum = {0, 0, 0};
        double weight = 1e-9;
        for (double[] c : centres) {
          double d = Math.hypot(x - c[0], y - c[1]) / c[2];
          double w = 1 / (1 + Math.pow(d, 6));
          weight += w;
          for (int k = 0; k < 3; k++) {
            sum[k] += w * c[3 + k];
          }
        }
        for (int k = 0; k < 3; k++) {
          double v = sum[k] / weight + 12 * random.nextGaussian();
          rgb[3 * (y * width + x) + k] = (byte) Math.max(0, Math.min(255, Math.round(v)));
        }
      }
    }
    return CieLab.fromRgb(new RgbImage(width, height, rgb));
  }

  /** The DeOldify network input of gray images: gray / 255, ImageNet-normalised per channel. */
  public static float[] imagenetInput(List<ColorizationInput> batch) {
    float[] mean = {0.485f, 0.456f, 0.406f};
    float[] std = {0.229f, 0.224f, 0.225f};
    int plane = batch.get(0).gray().width() * batch.get(0).gray().height();
    float[] out = new float[batch.size() * 3 * plane];
    for (int n = 0; n < batch.size(); n++) {
      RgbImage rgb = CieLab.toRgb(batch.get(n).gray());
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < plane; i++) {
          float g = (rgb.rgb()[3 * i] & 0xff) / 255f;
          out[(n * 3 + c) * plane + i] = (g - mean[c]) / std[c];
        }
      }
    }
    return out;
  }
}
