package dev.colorize.train;

/**
 * Learnable toy data: 16x16 images of 2-pixel stripes, horizontal or vertical at random phase.
 * Bright stripes are reddish when horizontal and bluish when vertical, dark ones are gray, so
 * colour follows from the L pattern (its value and orientation).
 */
final class StripeData implements TrainingData {
  static final int SIZE = 16;
  private final TrainingSample[] samples;

  StripeData(int count, long seed) {
    SplitMix64 rng = new SplitMix64(seed);
    samples = new TrainingSample[count];
    int plane = SIZE * SIZE;
    for (int i = 0; i < count; i++) {
      boolean horizontal = rng.nextInt(2) == 0;
      int phase = rng.nextInt(4);
      float bright = 60 + 20 * rng.nextFloat();
      float[] l = new float[plane];
      float[] ab = new float[2 * plane];
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          int p = y * SIZE + x;
          boolean on = (((horizontal ? y : x) + phase) / 2) % 2 == 0;
          l[p] = on ? bright : 25;
          if (on) {
            ab[p] = horizontal ? 45 : 5;
            ab[plane + p] = horizontal ? 25 : -45;
          }
        }
      }
      samples[i] = new TrainingSample(SIZE, l, ab, horizontal ? 0 : 1);
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
