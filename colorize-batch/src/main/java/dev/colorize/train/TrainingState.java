package dev.colorize.train;

/**
 * Everything besides tensors that a resumed run needs, stored as {@code state.json}.
 *
 * @param formatVersion {@link Checkpoint#FORMAT_VERSION} of the writer
 * @param seed the run's seed (a resume with another seed is refused)
 * @param step optimiser steps done
 * @param epoch current epoch, 0-based
 * @param batchInEpoch micro-batches of this epoch already consumed
 * @param phase phase of the last step done
 * @param shuffleState {@link SplitMix64} state at the start of this epoch; the epoch's order is
 *     drawn from it
 * @param noiseState {@link SplitMix64} state of the noise generator
 */
public record TrainingState(int formatVersion, long seed, int step, int epoch, int batchInEpoch,
    String phase, long shuffleState, long noiseState) {}
