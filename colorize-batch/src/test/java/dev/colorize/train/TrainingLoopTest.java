package dev.colorize.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingLoopTest {
  @TempDir
  Path work;

  @Test
  void resumedRunWithFreshObjectsEndsWithBitwiseIdenticalWeightsAndCurves() throws Exception {
    runScenario("resumedRunWithFreshObjectsEndsWithBitwiseIdenticalWeightsAndCurves");
  }


  @Test
  void runKilledWithSigkillAfterACheckpointResumesToTheSameBytesInANewJvm() throws Exception {
    Path straight = work.resolve("straight");
    Path killed = work.resolve("killed");
    assertEquals(0, fork(straight, 12, 4, -1).waitFor(), () -> log(straight));

    Process child = fork(killed, 12, 4, 8);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!log(killed).contains("HANGING")) {
      assertTrue(child.isAlive(), () -> "child ended before it could be killed: " + log(killed));
      assertTrue(System.nanoTime() < deadline, "child made no progress");
      Thread.sleep(50);
    }
    child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close()
    child.waitFor(30, TimeUnit.SECONDS);
    assertEquals(List.of("step-00000004", "step-00000008"), TrainingScenarios.checkpointNames(killed));

    assertEquals(0, fork(killed, 12, 4, -1).waitFor(), () -> log(killed));
    for (String file : List.of("generator.params", "adam.bin", "state.json")) {
      TrainingScenarios.assertFileEquals(straight, killed, "checkpoints/step-00000012/" + file);
    }
    assertEquals(Files.readAllLines(straight.resolve("loss.csv")),
        Files.readAllLines(killed.resolve("loss.csv")));
  }

  @Test
  void aNonFiniteComputationIsRepeatedThenTheRunDiverges() throws Exception {
    runScenario("aNonFiniteComputationIsRepeatedThenTheRunDiverges");
  }

  @Test
  void lossFallsOnALearnableTaskAndValidationImproves() throws Exception {
    runScenario("lossFallsOnALearnableTaskAndValidationImproves");
  }


  @Test
  void gradientAccumulationOfTwoHalvesEqualsOneFullBatchStep() throws Exception {
    runScenario("gradientAccumulationOfTwoHalvesEqualsOneFullBatchStep");
  }


  @Test
  void checkpointOfAnotherSeedOrFormatIsRefused() throws Exception {
    runScenario("checkpointOfAnotherSeedOrFormatIsRefused");
  }


  @Test
  void runUntilInSlicesEqualsOneRunAndAListenerCanStopIt() throws Exception {
    runScenario("runUntilInSlicesEqualsOneRunAndAListenerCanStopIt");
  }

  @Test
  void ganScheduleResumesBitwise() throws Exception {
    runScenario("ganScheduleResumesBitwise");
  }

  @Test
  void adversarialPhaseWithoutACriticIsRefused() {
    var e = assertThrows(TrainingException.class, () -> TrainingLoop.open(new TinyColorizer(),
        new StripeData(8, 1), TinyGan.config(work, 4, 2), null));
    assertTrue(e.getMessage().contains("phase 'critic' is CRITIC but the model has no critic"),
        e.getMessage());
  }

  @Test
  void tooFewSamplesForOneBatchIsAClearError() {
    var e = assertThrows(TrainingException.class, () -> TrainingLoop.open(new TinyColorizer(),
        new StripeData(3, 1), TrainingConfig.of(work, 1, 4, 1), null));
    assertTrue(e.getMessage().contains("3 samples"), e.getMessage());
  }





  private void runScenario(String name) throws Exception {
    Path dir = work.resolve(name);
    Process child = start(dir, List.of("scenario", name, dir.toString()));
    assertTrue(child.waitFor(80, TimeUnit.SECONDS), () -> "scenario timed out: " + log(dir));
    assertEquals(0, child.exitValue(), () -> log(dir));
  }

  private static Process fork(Path out, int total, int every, int hangAfter) throws Exception {
    return start(out, List.of("train", out.toString(), String.valueOf(total),
        String.valueOf(every), String.valueOf(hangAfter)));
  }

  private static Process start(Path out, List<String> args) throws Exception {
    return TrainingProcess.start(out, args);
  }

  private static String log(Path out) {
    try {
      Path file = out.resolve("child.log");
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
