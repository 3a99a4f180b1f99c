package dev.colorize.job.finetune;

import org.springframework.batch.infrastructure.item.ItemReader;

/**
 * The train step's items: the numbers of the optimiser steps still to run (one mini-batch, or
 * {@code gradientAccumulation} of them, each). It keeps no restart state of its own: after a crash
 * the training loop resumes from its newest checkpoint and numbering continues from there.
 */
final class StepNumberReader implements ItemReader<Integer> {

  private final TrainingSession session;
  private int handedOut = -1;

  StepNumberReader(TrainingSession session) {
    this.session = session;
  }

  @Override
  public Integer read() {
    if (handedOut < session.step()) {
      handedOut = session.step();
    }
    if (session.finished() || handedOut >= session.totalSteps()) {
      return null;
    }
    return ++handedOut;
  }
}
