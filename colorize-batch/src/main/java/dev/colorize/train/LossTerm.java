package dev.colorize.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * An extra generator loss added to the L2 loss on ab, for example KL divergence on a
 * class-distribution head. Computed inside the gradient collector, so it must be built from
 * NDArray operations on its inputs.
 */
public interface LossTerm {
  /** @return column name in {@code loss.csv} */
  String name();

  /**
   * @param batch the micro-batch (inputs, targets, class labels)
   * @param generatorOutputs everything the generator returned; index 0 is the normalised ab
   * @return a scalar loss, already weighted
   */
  NDArray compute(Batch batch, NDList generatorOutputs);

  /**
   * One micro-batch as NDArrays.
   *
   * @param l normalised L, shape (B, 1, S, S), {@link TrainingLoop#L_SCALE}
   * @param ab normalised ab targets, shape (B, 2, S, S)
   * @param classLabels class indices, shape (B), -1 where unknown
   */
  record Batch(NDArray l, NDArray ab, NDArray classLabels) {}
}
