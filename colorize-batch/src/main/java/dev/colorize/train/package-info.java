/**
 * A deterministic, checkpointed, resumable training loop for colorization networks on DJL
 * (PyTorch engine): mini-batches of (L, ab) samples, L2 loss on ab plus pluggable extra terms,
 * Adam implemented here on NDArrays so that its moments can be saved, gradient accumulation,
 * atomic versioned checkpoints and {@code loss.csv}/{@code validation.csv} curves.
 *
 * <p>Entry point: {@link dev.colorize.train.TrainingLoop}; networks plug in through
 * {@link dev.colorize.train.TrainableModel}. See {@code docs/training.md}.
 */
package dev.colorize.train;
