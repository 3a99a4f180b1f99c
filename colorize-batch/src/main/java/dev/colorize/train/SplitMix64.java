package dev.colorize.train;

/**
 * SplitMix64 (Steele, Lea, Flood 2014), the generator behind {@link java.util.SplittableRandom},
 * with its one {@code long} of state exposed so a checkpoint can save and restore it exactly
 * ({@code SplittableRandom} hides its state).
 */
public final class SplitMix64 {
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
  private long state;

  /** @param state the seed or a state read from {@link #state()} */
  public SplitMix64(long state) {
    this.state = state;
  }

  /** @return the current state; {@code new SplitMix64(state())} continues the same sequence */
  public long state() {
    return state;
  }

  /** @return the next 64 random bits */
  public long nextLong() {
    long z = (state += GOLDEN_GAMMA);
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /**
   * @param bound exclusive upper bound, positive
   * @return a uniform int in {@code [0, bound)}
   */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    // Rejection sampling (as java.util.Random) keeps the draw unbiased.
    long bits;
    long value;
    do {
      bits = nextLong() >>> 1;
      value = bits % bound;
    } while (bits - value + (bound - 1) < 0);
    return (int) value;
  }

  /** @return a uniform float in {@code [0, 1)} */
  public float nextFloat() {
    return (nextLong() >>> 40) * 0x1.0p-24f;
  }

  /**
   * Fisher-Yates shuffle of {@code 0..n-1}.
   *
   * @param n length
   * @return a permutation drawn from this generator
   */
  public int[] permutation(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
