package dev.colorize.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import dev.colorize.model.official.TorchOps;
import java.util.Locale;

/**
 * The loss on normalised ab (ab / 110) every generator step starts from, before any extra term.
 * Its id is its {@code loss.csv} column and its {@code <finetune><loss>} value.
 *
 * <ul>
 *   <li>{@link #L2}: the mean squared error, the loop's default (ChromaGAN's {@code mse});
 *   <li>{@link #L1}: the mean absolute error, DeOldify's {@code F.l1_loss} base;
 *   <li>{@link #HUBER}: InstColor's {@code 10 * mean(HuberLoss(delta=1/110))}
 *       ({@code models/train_model.py}, {@code models/networks.py}): per element
 *       {@code 0.5 e^2 / delta} below delta, {@code |e| - delta / 2} above, summed over a and b,
 *       averaged over the pixels, times 10.
 * </ul>
 */
public enum BaseLoss {
  L2,
  L1,
  HUBER;

  /** InstColor's delta, {@code 1 / opt.ab_norm}. */
  static final float HUBER_DELTA = 1f / 110f;

  /** The loss of {@code error} {@code [B, 2, S, S]} (any shape for L2 and L1). */
  NDArray of(NDArray error) {
    switch (this) {
      case L2:
        return error.mul(error).mean();
      case L1:
        return error.abs().mean();
      default:
        NDArray m = error.abs();
        NDArray quadratic = m.mul(m).mul(TorchOps.scalar(m, 0.5f / HUBER_DELTA));
        NDArray linear = m.sub(TorchOps.scalar(m, 0.5f * HUBER_DELTA));
        NDArray h = NDArrays.where(m.lt(HUBER_DELTA), quadratic, linear);
        // sum over the channel axis, mean over the rest: the mean over all times the channels
        return h.mean().mul(TorchOps.scalar(m, 10f * error.getShape().get(1)));
    }
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
