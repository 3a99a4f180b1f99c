package dev.colorize.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;

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
   * One micro-batch as NDArrays, with the samples it was made from.
   *
   * @param l normalised L, shape (B, 1, S, S), scaled by the model's {@link LScaling}
   * @param ab normalised ab targets, shape (B, 2, S, S), {@link TrainingLoop#AB_SCALE}
   * @param classLabels class indices, shape (B), -1 where unknown
   * @param samples the B samples in batch order (for inputs beyond L, e.g. instance boxes)
   */
  record Batch(NDArray l, NDArray ab, NDArray classLabels, List<TrainingSample> samples) {
    /** Copies the sample list. */
    public Batch {
      samples = List.copyOf(samples);
    }

    /**
     * A batch without its samples (for terms that need only the arrays).
     *
     * @param l normalised L
     * @param ab normalised ab targets
     * @param classLabels class indices
     */
    public Batch(NDArray l, NDArray ab, NDArray classLabels) {
      this(l, ab, classLabels, List.of());
    }
  }
}
