package dev.colorize.bench.train;

import dev.colorize.train.TrainingSample;
import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic colour images for the training benchmark: smooth L ramps with a per-image phase
 * and ab that follows L and the class, so the loss is learnable and no value is denormal. The
 * Python side ({@code scripts/bench/train_torch.py}) builds the same formula.
 */
final class SyntheticSamples {
  private SyntheticSamples() {}

  /**
   * @param count number of samples
   * @param size side in pixels
   * @param classes number of classes; sample i has label i mod classes
   * @return the samples
   */
  static List<TrainingSample> generate(int count, int size, int classes) {
    List<TrainingSample> samples = new ArrayList<>(count);
    int plane = size * size;
    for (int i = 0; i < count; i++) {
      float[] l = new float[plane];
      float[] ab = new float[2 * plane];
      int label = i % classes;
      double hue = 2 * Math.PI * label / classes;
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          double t = Math.sin(0.15 * x + 0.09 * y + i) * 0.5 + 0.5;
          int p = y * size + x;
          l[p] = (float) (10 + 80 * t);
          ab[p] = (float) (60 * t * Math.cos(hue));
          ab[plane + p] = (float) (60 * t * Math.sin(hue));
        }
      }
      samples.add(new TrainingSample(size, l, ab, label));
    }
    return samples;
  }
}
