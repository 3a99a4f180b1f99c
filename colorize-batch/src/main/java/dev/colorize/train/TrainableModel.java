package dev.colorize.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Optional;

/**
 * What {@link TrainingLoop} needs from a network: a generator block mapping normalised L of
 * shape (B, 1, S, S) to an {@code NDList} whose first array is normalised ab of shape
 * (B, 2, S, S), extra loss terms, and Adam settings. The loop initialises the block and owns
 * its parameters' values from then on (initial values, updates, checkpoints).
 */
public interface TrainableModel {
  /** @return the generator; the same instance on every call */
  Block generator();

  /** @return the loss on ab every generator step starts from (L2 by default) */
  default BaseLoss baseLoss() {
    return BaseLoss.L2;
  }

  /** @return extra loss terms added to the base loss on ab (empty by default) */
  default List<LossTerm> extraLosses() {
    return List.of();
  }

  /** @return the critic for adversarial phases, if the model has one */
  default Optional<Critic> critic() {
    return Optional.empty();
  }

  /** @return optimiser settings for the generator */
  default AdamSettings adam() {
    return AdamSettings.DEFAULT;
  }

  /** @return how L becomes the generator's (and critic's) input; default {@code L / 50 - 1} */
  default LScaling lScaling() {
    return LScaling.MINUS_ONE_TO_ONE;
  }

  /**
   * Runs the generator on a micro-batch. The default is one forward pass of {@code batch.l()};
   * a network with more inputs (instance crops and boxes) builds them from
   * {@link LossTerm.Batch#samples()}. Used for training and for {@link TrainingLoop#predictAb}.
   *
   * @param store parameter store of the loop
   * @param batch the micro-batch
   * @param training whether this is a training pass
   * @return the outputs; index 0 is normalised ab (B, 2, S, S)
   */
  default NDList forward(ParameterStore store, LossTerm.Batch batch, boolean training) {
    return generator().forward(store, new NDList(batch.l()), training);
  }

  /**
   * The normalised ab a training pass's output 0 is compared with: the batch's, unless the
   * model trains on something else than whole images (InstColor's instance stage: the crops).
   *
   * @param outputs what {@link #forward} returned for the batch in training
   */
  default NDArray target(LossTerm.Batch batch, NDList outputs) {
    return batch.ab();
  }

  /**
   * Replaces the freshly initialised weights with starting weights (e.g. a saved model to
   * fine-tune). Called once by {@link TrainingLoop#open}, after the generator and critic are
   * initialised, and only when the run does not resume from a training checkpoint (a
   * checkpoint's weights win). Default: keep the initialisation.
   *
   * @param manager owns the loaded arrays
   */
  default void loadStartingWeights(NDManager manager) {}
}
