package dev.colorize.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.colorize.model.official.TorchOps;

/**
 * The critic of adversarial phases: its network and optimiser, the loss both networks see, when
 * the loop switches between them, and what the critic looks at.
 *
 * <p>Two kinds are in use. A WGAN-GP critic on (L, ab) ({@link Wasserstein}, a fixed number of
 * critic updates per generator update), as colorize's builtin networks and ChromaGAN train; and
 * fastai's GAN as DeOldify's NoGAN trains ({@link BinaryCrossEntropy}, critic updates until its
 * loss falls below a threshold, {@link BelowThreshold}), whose critic sees RGB images.
 *
 * @param block the critic network; output index 0 holds its scores (any shape with B rows)
 * @param adam its optimiser settings
 * @param objective the critic's loss and the generator's adversarial term
 * @param switching how many critic updates come before each generator update in a GAN phase
 * @param adversarialWeight weight of the adversarial term in the generator's loss
 * @param inputs the images the critic scores, taken from a batch and the generator's outputs
 * @param evalWhileOtherTrains whether each network runs in eval mode while the other trains
 *     (fastai's {@code GANLearner(switch_eval=True)}): the generator in the critic's steps, the
 *     critic in the generator's; otherwise both run in training mode throughout
 */
public record Critic(Block block, AdamSettings adam, Objective objective, Switching switching,
    float adversarialWeight, Inputs inputs, boolean evalWhileOtherTrains) {

  /** Checks ranges. */
  public Critic {
    if (block == null || objective == null || switching == null || inputs == null) {
      throw new TrainingException("critic block, objective, switching or inputs is missing");
    }
    if (!(adversarialWeight >= 0)) {
      throw new TrainingException("critic adversarial weight must not be negative: "
          + adversarialWeight);
    }
  }

  /**
   * A WGAN-GP critic on (L, ab), trained {@code stepsPerGeneratorStep} times per generator
   * update, both networks in training mode.
   *
   * @param penaltyWeight lambda of the gradient penalty (paper: 10)
   */
  public Critic(Block block, AdamSettings adam, float penaltyWeight, int stepsPerGeneratorStep,
      float adversarialWeight) {
    this(block, adam, new Wasserstein(penaltyWeight), new FixedSteps(stepsPerGeneratorStep),
        adversarialWeight, LAB, false);
  }

  /** The critic's loss and the generator's adversarial term. */
  public sealed interface Objective permits Wasserstein, BinaryCrossEntropy {}

  /**
   * WGAN-GP (Gulrajani et al. 2017): the critic minimises
   * {@code mean D(fake) - mean D(real) + penaltyWeight x} the gradient penalty on random
   * interpolates; the generator's term is {@code -mean D(fake)}.
   */
  public record Wasserstein(float penaltyWeight) implements Objective {
    public Wasserstein {
      if (!(penaltyWeight >= 0)) {
        throw new TrainingException("gradient penalty weight must not be negative: "
            + penaltyWeight);
      }
    }
  }

  /**
   * fastai's GAN loss with {@code AdaptiveLoss(nn.BCEWithLogitsLoss())}
   * ({@code fastai/vision/gan.py}, {@code gan_loss_from_func}), each image's label expanded to
   * every one of its logits: the critic minimises {@code (BCE(D(real), 1) + BCE(D(fake), 0)) / 2},
   * the generator's term is {@code BCE(D(fake), 1)}.
   */
  public record BinaryCrossEntropy() implements Objective {

    /** The critic's loss from its logits for real and for generated images. */
    public static NDArray criticLoss(NDArray realScores, NDArray fakeScores) {
      return softplus(realScores.neg()).mean().add(softplus(fakeScores).mean())
          .mul(TorchOps.scalar(realScores, 0.5f));
    }

    /** The generator's adversarial term: BCE of the critic's logits for its images against 1. */
    public static NDArray generatorLoss(NDArray fakeScores) {
      return softplus(fakeScores.neg()).mean();
    }

    /**
     * {@code log(1 + exp(x))} as {@code max(x, 0) + log(1 + exp(-|x|))}, finite for every x:
     * BCE with logits against 1 is {@code softplus(-x)}, against 0 {@code softplus(x)}.
     */
    private static NDArray softplus(NDArray x) {
      return x.maximum(0f).add(x.abs().neg().exp().add(1f).log());
    }
  }

  /** How many critic updates precede each generator update in a GAN phase. */
  public sealed interface Switching permits FixedSteps, BelowThreshold {}

  /** A fixed count (fastai's {@code FixedGANSwitcher(n_crit)}, WGAN-GP's {@code n_critic}). */
  public record FixedSteps(int criticSteps) implements Switching {
    public FixedSteps {
      if (criticSteps <= 0) {
        throw new TrainingException("critic steps per generator step must be positive: "
            + criticSteps);
      }
    }
  }

  /**
   * Critic updates until the loss of one (computed before its update) is below
   * {@code criticLoss}, at most {@code maxCriticSteps}: fastai's
   * {@code AdaptiveGANSwitcher(critic_thresh)} (DeOldify: 0.65), with a bound so that a critic
   * that cannot learn does not stall the run. In a critic-only phase each step is one update.
   */
  public record BelowThreshold(float criticLoss, int maxCriticSteps) implements Switching {
    public BelowThreshold {
      if (!(criticLoss > 0) || maxCriticSteps <= 0) {
        throw new TrainingException("critic threshold and maximum steps must be positive: "
            + criticLoss + ", " + maxCriticSteps);
      }
    }
  }

  /** The images the critic scores. */
  public interface Inputs {
    /** The real images of a batch, without gradient. */
    NDArray real(LossTerm.Batch batch, NDList generatorOutputs);

    /** The generated images, from the generator's outputs for the batch (with its gradient). */
    NDArray fake(LossTerm.Batch batch, NDList generatorOutputs);

    /**
     * Extra inputs of a training pass of the critic (e.g. dropout masks), drawn from the loop's
     * checkpointed noise so that a resumed run repeats them; none by default.
     */
    default NDList trainingNoise(int batch, SplitMix64 noise, NDManager manager) {
      return new NDList();
    }
  }

  /** L and ab concatenated on the channel axis, (B, 3, S, S), normalised as the generator's. */
  public static final Inputs LAB = new Inputs() {
    @Override
    public NDArray real(LossTerm.Batch batch, NDList generatorOutputs) {
      return batch.l().concat(batch.ab(), 1);
    }

    @Override
    public NDArray fake(LossTerm.Batch batch, NDList generatorOutputs) {
      return batch.l().concat(generatorOutputs.get(0), 1);
    }
  };
}
