package dev.colorize.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.model.builtin.Architecture;
import dev.colorize.model.builtin.BuiltinCheckpoint;
import dev.colorize.model.builtin.NetworkSize;
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
