package dev.colorize.train;

import dev.colorize.image.Box;
import java.util.List;

/**
 * Learnable toy data for the built-in networks, at any size (a multiple of 8): a landscape with
 * a bright blue "sky" (L 80) above a random horizon and a darker brown "ground" below (L 35 and
 * 45 in 2-pixel stripes), and one flat bright green square "object" (L 92, a quarter to half
 * the side) whose box is the sample's instance box (left out when {@code withBoxes} is false).
 * Class label: 0 when the horizon is in the upper half, else 1. Colour follows from brightness
 * at a scale of 8 pixels and more, which a network without skip connections (ChromaGAN) learns
 * as well as one with them.
 */
final class ObjectData implements TrainingData {
  private final TrainingSample[] samples;

  ObjectData(int count, int size, long seed, boolean withBoxes) {
    SplitMix64 rng = new SplitMix64(seed);
    samples = new TrainingSample[count];
    int plane = size * size;
    for (int i = 0; i < count; i++) {
      int horizon = size / 4 + rng.nextInt(size / 2);
      int side = size / 4 + rng.nextInt(size / 4);
      int x0 = rng.nextInt(size - side);
      int y0 = rng.nextInt(size - side);
      float[] l = new float[plane];
      float[] ab = new float[2 * plane];
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          int p = y * size + x;
          if (x >= x0 && x < x0 + side && y >= y0 && y < y0 + side) {
            l[p] = 92;
            ab[p] = -40;
            ab[plane + p] = 40;
          } else if (y < horizon) {
            l[p] = 80;
            ab[p] = -10;
            ab[plane + p] = -35;
          } else {
            l[p] = (y / 2) % 2 == 0 ? 35 : 45;
            ab[p] = 25;
            ab[plane + p] = 30;
          }
        }
      }
      List<Box> boxes = withBoxes ? List.of(new Box(x0, y0, side, side)) : List.of();
      samples[i] = new TrainingSample(size, l, ab, horizon < size / 2 ? 0 : 1, boxes);
    }
  }

  @Override
  public int size() {
    return samples.length;
  }

  @Override
  public TrainingSample get(int index) {
    return samples[index];
  }
}
