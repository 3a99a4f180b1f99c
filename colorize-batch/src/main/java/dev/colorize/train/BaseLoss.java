package dev.colorize.train;

import ai.djl.ndarray.NDArray;
import java.util.Locale;

/**
 * The loss on normalised ab every generator step starts from, before any extra term: the mean
 * squared error (the loop's default) or the mean absolute error (DeOldify's {@code F.l1_loss}
 * base). Its id is its {@code loss.csv} column and its {@code <finetune><loss>} value.
 */
public enum BaseLoss {
  L2,
  L1;

  /** The mean over all elements of {@code error}'s squares or absolute values. */
  NDArray of(NDArray error) {
    return this == L2 ? error.mul(error).mean() : error.abs().mean();
  }

  /** {@code l2} or {@code l1}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The loss of an id, or null. */
  public static BaseLoss of(String id) {
    for (BaseLoss b : values()) {
      if (b.id().equals(id)) {
        return b;
      }
    }
    return null;
  }
}
