package dev.colorize.train;

import java.nio.file.Path;
import java.util.List;

/**
 * Training in its own JVM, for {@link TrainingLoopTest}. {@code train outputDir totalSteps
 * checkpointEvery hangAfterCheckpointStep}: after writing the checkpoint of the given step (-1:
 * never) it prints {@code HANGING} and sleeps, waiting to be killed with SIGKILL.
 * {@code scenario name workDir}: runs one of {@link TrainingScenarios}. Started with
 * {@code MALLOC_PERTURB_=}{@value #MALLOC_PERTURB} (docs/training.md).
 */
public final class TrainingProcess {
  static final long SEED = 7;
  /** glibc fills fresh allocations with zero bytes (255 ^ 0xff). */
  static final String MALLOC_PERTURB = "255";

  private TrainingProcess() {}

  static TrainingConfig config(Path out, int totalSteps, int checkpointEvery) {
    return new TrainingConfig(out, SEED, 4, 2, totalSteps, checkpointEvery, 2, 0, 1,
        List.of(new TrainingConfig.Phase("pretrain", 6), new TrainingConfig.Phase("main", 100)));
  }

  /**
   * @param args see class comment
   * @throws Exception a failed scenario
   */
  public static void main(String[] args) throws Exception {
    if (args[0].equals("scenario")) {
      TrainingScenarios.run(args[1], Path.of(args[2]));
      return;
    }
    Path out = Path.of(args[1]);
    int total = Integer.parseInt(args[2]);
    int every = Integer.parseInt(args[3]);
    int hangAfter = Integer.parseInt(args[4]);
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
