package dev.colorize.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.model.builtin.Architecture;
import dev.colorize.model.builtin.BuiltinCheckpoint;
import dev.colorize.model.builtin.NetworkSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The built-in networks in the training loop ({@link BuiltinScenarios}, each in its own JVM):
 * each learns the toy data, the network saved as a builtin checkpoint predicts through the
 * {@code builtin} engine what the loop predicted, DeOldify runs its NoGAN schedule, and a start
 * checkpoint is used unless a training checkpoint exists.
 */
class BuiltinTrainableTest {
  @TempDir
  Path work;

  @ParameterizedTest
  @ValueSource(strings = {"learnsChromagan", "learnsDeoldify", "learnsInstcolorWithBoxes",
      "learnsInstcolorWithoutBoxes", "deoldifyRunsTheNoGanSchedule",
      "startsFromABuiltinCheckpointUnlessATrainingCheckpointExists"})
  void scenario(String name) throws Exception {
    Path dir = work.resolve(name);
    Process child = TrainingProcess.start(dir, List.of("builtin", name, dir.toString()));
    assertTrue(child.waitFor(120, TimeUnit.SECONDS),
        () -> "scenario timed out: " + TrainingProcess.log(dir));
    assertEquals(0, child.exitValue(), () -> TrainingProcess.log(dir));
  }

  /**
   * DeOldify's NoGAN schedule for 12 steps (8 generator, 2 critic, 2 GAN) killed with SIGKILL
   * after the checkpoint of step 8 and resumed in a new JVM ends with the same bytes as an
   * uninterrupted run: generator, critic, both Adam states, state and loss curve.
   */
  @Test
  void deoldifyKilledWithSigkillResumesToTheSameBytesInANewJvm() throws Exception {
    Path straight = work.resolve("straight");
    Path killed = work.resolve("killed");
    assertEquals(0, fork(straight, -1).waitFor(), () -> TrainingProcess.log(straight));
    Process child = fork(killed, 8);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!TrainingProcess.log(killed).contains("HANGING")) {
      assertTrue(child.isAlive(), () -> "child ended before it could be killed: "
          + TrainingProcess.log(killed));
      assertTrue(System.nanoTime() < deadline, "child made no progress");
      Thread.sleep(50);
    }
    child.destroyForcibly(); // SIGKILL
    child.waitFor(30, TimeUnit.SECONDS);
    assertEquals(List.of("step-00000004", "step-00000008"),
        TrainingScenarios.checkpointNames(killed));
    assertEquals(0, fork(killed, -1).waitFor(), () -> TrainingProcess.log(killed));
    for (String file : List.of("generator.params", "adam.bin", "critic.params",
        "critic-adam.bin", "state.json")) {
      TrainingScenarios.assertFileEquals(straight, killed, "checkpoints/step-00000012/" + file);
    }
    List<String> loss = Files.readAllLines(straight.resolve("loss.csv"));
    assertEquals(loss, Files.readAllLines(killed.resolve("loss.csv")));
    assertTrue(loss.get(12).startsWith("12,") && loss.get(12).contains(",gan,"), loss.get(12));
  }

  private static Process fork(Path out, int hangAfter) throws Exception {
    return TrainingProcess.start(out, List.of("train-builtin", "deoldify", out.toString(), "12",
        "4", String.valueOf(hangAfter)));
  }

  @Test
  void defaultPhasesFollowEachFamily() {
    BuiltinTrainable deoldify = BuiltinTrainable.create(Architecture.DEOLDIFY, NetworkSize.TINY,
        1, null);
    assertEquals(List.of(new TrainingConfig.Phase("generator", 70),
        new TrainingConfig.Phase("critic", 15, TrainingConfig.Kind.CRITIC),
        new TrainingConfig.Phase("gan", 15, TrainingConfig.Kind.GAN)),
        deoldify.defaultPhases(100));
    assertEquals(List.of(new TrainingConfig.Phase("generator", 1)), deoldify.defaultPhases(1));
    assertEquals(List.of(new TrainingConfig.Phase("gan", 5, TrainingConfig.Kind.GAN)),
        BuiltinTrainable.create(Architecture.CHROMAGAN, NetworkSize.TINY, 3, null)
            .defaultPhases(5));
    assertEquals(List.of(new TrainingConfig.Phase("generator", 5)),
        BuiltinTrainable.create(Architecture.INSTCOLOR, NetworkSize.TINY, 1, null)
            .defaultPhases(5));
    assertTrue(deoldify.critic().isPresent());
    assertTrue(BuiltinTrainable.create(Architecture.INSTCOLOR, NetworkSize.TINY, 1, null)
        .critic().isEmpty());
    assertEquals(LScaling.ZERO_TO_ONE, deoldify.lScaling());
  }

  @Test
  void aStartCheckpointOfAnotherNetworkIsRefused() throws Exception {
    Path start = work.resolve("start.colorize");
    BuiltinTrainable deoldify = BuiltinTrainable.create(Architecture.DEOLDIFY, NetworkSize.TINY,
        1, null);
    try (TrainingLoop loop = TrainingLoop.open(deoldify, new ObjectData(4, 32, 1, false),
        BuiltinScenarios.config(work.resolve("d"), 0, List.of()), null)) {
      BuiltinCheckpoint.save(start, deoldify.header(32), deoldify.network());
    }
    var e = assertThrows(TrainingException.class, () -> BuiltinTrainable.create(
        Architecture.CHROMAGAN, NetworkSize.TINY, 2, start));
    assertTrue(e.getMessage().contains("holds a deoldify tiny network, the model to train is"
        + " chromagan tiny"), e.getMessage());
    e = assertThrows(TrainingException.class, () -> BuiltinTrainable.create(
        Architecture.DEOLDIFY, NetworkSize.SMALL, 1, start));
    assertTrue(e.getMessage().contains("the model to train is deoldify small"), e.getMessage());
    e = assertThrows(TrainingException.class, () -> BuiltinTrainable.create(
        Architecture.DEOLDIFY, NetworkSize.TINY, 1, work.resolve("missing.colorize")));
    assertTrue(e.getMessage().contains("missing.colorize is not a file"), e.getMessage());
    e = assertThrows(TrainingException.class, () -> BuiltinTrainable.create(
        Architecture.CHROMAGAN, NetworkSize.TINY, 0, null));
    assertTrue(e.getMessage().contains("class count must be 1 or more: 0"), e.getMessage());
  }
}
