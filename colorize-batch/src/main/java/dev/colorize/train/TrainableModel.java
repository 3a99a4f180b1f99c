package dev.colorize.train;

import ai.djl.nn.Block;
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

  /** @return extra loss terms added to the L2 loss on ab (empty by default) */
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
}
