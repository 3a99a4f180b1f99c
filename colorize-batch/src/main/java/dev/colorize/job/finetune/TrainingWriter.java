package dev.colorize.job.finetune;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Runs a chunk of optimiser steps: trains up to the chunk's last step number, which writes a
 * training checkpoint before the chunk's transaction commits. A crash before the commit loses at
 * most this chunk; the checkpoint, not the commit, is where training resumes.
 */
final class TrainingWriter implements ItemWriter<Integer> {

  private final TrainingSession session;

  TrainingWriter(TrainingSession session) {
    this.session = session;
  }

  @Override
  public void write(Chunk<? extends Integer> chunk) throws Exception {
    int last = session.step();
    for (Integer step : chunk) {
      last = Math.max(last, step);
    }
    session.trainUntil(last);
  }
}
