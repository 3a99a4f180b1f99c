package dev.colorize.train;

/**
 * Random-access training samples of one size. Random access (rather than a stream) lets a
 * resumed run rebuild the epoch's shuffled order and continue at the saved batch.
 */
public interface TrainingData {
  /** @return number of samples */
  int size();

  /**
   * @param index 0 ..< {@link #size()}
   * @return the sample; must be the same on every call (determinism depends on it)
   */
  TrainingSample get(int index);
}
