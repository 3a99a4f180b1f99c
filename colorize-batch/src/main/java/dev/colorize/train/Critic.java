package dev.colorize.train;

import ai.djl.nn.Block;

/**
 * A WGAN-GP critic for adversarial training. Its input is L and ab concatenated on the channel
 * axis, shape (B, 3, S, S), normalised as the generator's; output index 0 holds one score per
 * sample (any shape with B rows; scores are averaged).
 *
 * @param block the critic network
 * @param adam its optimiser settings (WGAN-GP paper: lr 1e-4, betas 0 and 0.9)
 * @param penaltyWeight lambda of the gradient penalty (paper: 10)
 * @param stepsPerGeneratorStep critic updates before each generator update in a GAN phase
 * @param adversarialWeight weight of {@code -mean D(L, G(L))} in the generator loss
 */
public record Critic(Block block, AdamSettings adam, float penaltyWeight,
    int stepsPerGeneratorStep, float adversarialWeight) {
  /** Checks ranges. */
  public Critic {
    if (block == null) {
      throw new TrainingException("critic block is missing");
    }
    if (!(penaltyWeight >= 0) || !(adversarialWeight >= 0)) {
      throw new TrainingException("critic weights must not be negative: penalty " + penaltyWeight
          + ", adversarial " + adversarialWeight);
    }
    if (stepsPerGeneratorStep <= 0) {
      throw new TrainingException("critic steps per generator step must be positive: "
          + stepsPerGeneratorStep);
    }
  }
}
