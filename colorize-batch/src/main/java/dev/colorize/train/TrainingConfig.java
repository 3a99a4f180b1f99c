package dev.colorize.train;

import java.nio.file.Path;
import java.util.List;

/**
 * Settings of one training run.
 *
 * @param outputDir where {@code checkpoints/}, {@code loss.csv} and {@code validation.csv} go
 * @param seed seeds parameter initialisation, data order and noise
 * @param batchSize samples per micro-batch
 * @param accumulation micro-batches whose gradients are summed into one optimiser step
 * @param totalSteps optimiser steps to reach
 * @param checkpointEvery steps between checkpoints (a final one is always written)
 * @param keepCheckpoints how many recent checkpoints to keep, at least 1
 * @param validateEvery steps between validation passes, 0 for none
 * @param threads intra-op and inter-op CPU threads; fixed for reproducible results
 * @param phases the schedule, in order; a run past the last phase's end stays in it
 */
public record TrainingConfig(Path outputDir, long seed, int batchSize, int accumulation,
    int totalSteps, int checkpointEvery, int keepCheckpoints, int validateEvery, int threads,
    List<Phase> phases) {

  /** What a phase trains. */
  public enum Kind {
    /** The generator on L2 plus extra losses. */
    GENERATOR,
    /** The critic only (WGAN-GP loss), against the current generator. */
    CRITIC,
    /** Critic updates, then a generator update with the adversarial term added. */
    GAN
  }

  /**
   * A named stretch of the schedule (e.g. NoGAN's generator pretrain, critic pretrain, GAN).
   *
   * @param name recorded in checkpoints and {@code loss.csv}
   * @param steps steps in this phase
   * @param kind what the steps train
   */
  public record Phase(String name, int steps, Kind kind) {
    /**
     * @param name phase name
     * @param steps steps
     * @return a generator phase
     */
    public Phase(String name, int steps) {
      this(name, steps, Kind.GENERATOR);
    }
  }

  /** Checks every value. */
  public TrainingConfig {
    if (outputDir == null) {
      throw new TrainingException("training output directory is missing");
    }
    requirePositive("batch size", batchSize);
    requirePositive("gradient accumulation", accumulation);
    requirePositive("checkpoint interval", checkpointEvery);
    requirePositive("checkpoints to keep", keepCheckpoints);
    requirePositive("threads", threads);
    if (totalSteps < 0) {
      throw new TrainingException("total steps must not be negative: " + totalSteps);
    }
    if (validateEvery < 0) {
      throw new TrainingException("validation interval must not be negative: " + validateEvery);
    }
    phases = phases == null || phases.isEmpty() ? List.of(new Phase("generator", totalSteps))
        : List.copyOf(phases);
  }

  /**
   * @param outputDir output directory
   * @param seed seed
   * @param batchSize samples per micro-batch
   * @param totalSteps steps
   * @return a single-phase config: no accumulation, a checkpoint every 50 steps (2 kept), no
   *     validation, one thread
   */
  public static TrainingConfig of(Path outputDir, long seed, int batchSize, int totalSteps) {
    return new TrainingConfig(outputDir, seed, batchSize, 1, totalSteps, 50, 2, 0, 1, List.of());
  }

  /** @return a copy with another accumulation count */
  public TrainingConfig withAccumulation(int micro) {
    return new TrainingConfig(outputDir, seed, batchSize, micro, totalSteps, checkpointEvery,
        keepCheckpoints, validateEvery, threads, phases);
  }

  /** @return a copy with another checkpoint interval */
  public TrainingConfig withCheckpointEvery(int steps) {
    return new TrainingConfig(outputDir, seed, batchSize, accumulation, totalSteps, steps,
        keepCheckpoints, validateEvery, threads, phases);
  }

  /** @return a copy with another validation interval */
  public TrainingConfig withValidateEvery(int steps) {
    return new TrainingConfig(outputDir, seed, batchSize, accumulation, totalSteps,
        checkpointEvery, keepCheckpoints, steps, threads, phases);
  }

  /** @return a copy with another step target */
  public TrainingConfig withTotalSteps(int steps) {
    return new TrainingConfig(outputDir, seed, batchSize, accumulation, steps, checkpointEvery,
        keepCheckpoints, validateEvery, threads, phases);
  }

  /**
   * @param step 0-based step about to run
   * @return the name of the phase it belongs to
   */
  public String phaseAt(int step) {
    return phaseOf(step).name();
  }

  /**
   * @param step 0-based step about to run
   * @return the phase it belongs to
   */
  public Phase phaseOf(int step) {
    int end = 0;
    for (Phase phase : phases) {
      end += phase.steps();
      if (step < end) {
        return phase;
      }
    }
    return phases.get(phases.size() - 1);
  }

  private static void requirePositive(String what, int value) {
    if (value <= 0) {
      throw new TrainingException(what + " must be positive: " + value);
    }
  }
}
