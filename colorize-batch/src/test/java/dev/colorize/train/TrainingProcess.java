package dev.colorize.train;

import java.nio.file.Path;
import java.util.List;

/**
 * A training run in its own JVM, for {@link TrainingLoopTest}: {@code outputDir totalSteps
 * checkpointEvery hangAfterCheckpointStep}. After writing the checkpoint of the given step
 * (-1: never) it prints {@code HANGING} and sleeps, waiting to be killed with SIGKILL.
 */
public final class TrainingProcess {
  static final long SEED = 7;

  private TrainingProcess() {}

  static TrainingConfig config(Path out, int totalSteps, int checkpointEvery) {
    return new TrainingConfig(out, SEED, 4, 2, totalSteps, checkpointEvery, 2, 0, 1,
        List.of(new TrainingConfig.Phase("pretrain", 6), new TrainingConfig.Phase("main", 100)));
  }

  /**
   * @param args see class comment
   * @throws InterruptedException never in practice
   */
  public static void main(String[] args) throws InterruptedException {
    Path out = Path.of(args[0]);
    int total = Integer.parseInt(args[1]);
    int every = Integer.parseInt(args[2]);
    int hangAfter = Integer.parseInt(args[3]);
    try (TrainingLoop loop = TrainingLoop.open(new TinyColorizer(), new StripeData(22, 3),
        config(out, total, every), null)) {
      loop.run(new TrainingLoop.Listener() {
        @Override
        public void checkpointWritten(int step, Path checkpoint) {
          if (step == hangAfter) {
            System.out.println("HANGING after " + checkpoint);
            System.out.flush();
            try {
              Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }
      });
    }
  }
}
