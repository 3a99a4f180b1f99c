package dev.colorize.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Training scenarios of {@link TrainingLoopTest}, each run in a fresh JVM by
 * {@link TrainingProcess} with {@code MALLOC_PERTURB_} set (see docs/training.md: PyTorch's CPU
 * convolution backward reads uninitialised memory; the surefire JVM's environment is not ours
 * to set). Assertion failures end the child with a non-zero status and a stack trace in its log.
 */
final class TrainingScenarios {
  private static final TrainingLoop.Listener QUIET = new TrainingLoop.Listener() {};

  private TrainingScenarios() {}

  static void run(String name, Path work) throws Exception {
    switch (name) {
      case "resumedRunWithFreshObjectsEndsWithBitwiseIdenticalWeightsAndCurves" -> resumedRunWithFreshObjectsEndsWithBitwiseIdenticalWeightsAndCurves(work);
      case "lossFallsOnALearnableTaskAndValidationImproves" -> lossFallsOnALearnableTaskAndValidationImproves(work);
      case "gradientAccumulationOfTwoHalvesEqualsOneFullBatchStep" -> gradientAccumulationOfTwoHalvesEqualsOneFullBatchStep(work);
      case "checkpointOfAnotherSeedOrFormatIsRefused" -> checkpointOfAnotherSeedOrFormatIsRefused(work);
      case "ganScheduleResumesBitwise" -> ganScheduleResumesBitwise(work);
      case "runUntilInSlicesEqualsOneRunAndAListenerCanStopIt" -> runUntilInSlicesEqualsOneRunAndAListenerCanStopIt(work);
      case "aNonFiniteComputationIsRepeatedThenTheRunDiverges" -> aNonFiniteComputationIsRepeatedThenTheRunDiverges(work);
      default -> throw new IllegalArgumentException("no scenario " + name);
    }
  }

  static void resumedRunWithFreshObjectsEndsWithBitwiseIdenticalWeightsAndCurves(Path work) throws Exception {
    Path straight = work.resolve("straight");
    Path interrupted = work.resolve("interrupted");
    Map<String, float[]> expected;
    try (TrainingLoop loop = open(TrainingProcess.config(straight, 12, 5))) {
      assertEquals(12, loop.run(QUIET).steps());
      expected = loop.weights();
    }
    try (TrainingLoop loop = open(TrainingProcess.config(interrupted, 7, 5))) {
      loop.run(QUIET);
    }
    // Simulates a crash after step 7's loss row but before its checkpoint.
    Checkpoint.deleteTree(interrupted.resolve("checkpoints/step-00000007"));
    try (TrainingLoop loop = open(TrainingProcess.config(interrupted, 12, 5))) {
      assertEquals(interrupted.resolve("checkpoints/step-00000005"), loop.resumedFrom().get());
      assertEquals(5, loop.step());
      loop.run(QUIET);
      Map<String, float[]> actual = loop.weights();
      assertEquals(expected.keySet(), actual.keySet());
      for (String name : expected.keySet()) {
        assertArrayEquals(expected.get(name), actual.get(name), 0f, name);
      }
    }
    assertEquals(Files.readAllLines(straight.resolve("loss.csv")),
        Files.readAllLines(interrupted.resolve("loss.csv")));
    assertFileEquals(straight, interrupted, "checkpoints/step-00000012/adam.bin");
    assertEquals(Files.readString(straight.resolve("checkpoints/step-00000012/state.json")),
        Files.readString(interrupted.resolve("checkpoints/step-00000012/state.json")));
  }

  static void lossFallsOnALearnableTaskAndValidationImproves(Path work) throws Exception {
    TrainingConfig config = new TrainingConfig(work, 11, 8, 1, 120, 60, 1, 40, 1, List.of());
    ColorValidation validation = new ColorValidation(new StripeData(6, 99));
    try (TrainingLoop loop = TrainingLoop.open(new TinyColorizer(), new StripeData(64, 5),
        config, validation)) {
      loop.run(QUIET);
    }
    List<String> loss = Files.readAllLines(work.resolve("loss.csv"));
    assertEquals("step,epoch,phase,loss,l2", loss.get(0));
    assertEquals(121, loss.size());
    double first = meanLoss(loss.subList(1, 11));
    double last = meanLoss(loss.subList(111, 121));
    assertTrue(last < 0.2 * first, "loss " + first + " -> " + last);

    List<String> scores = Files.readAllLines(work.resolve("validation.csv"));
    assertEquals("step,epoch,psnr,ssim,colorfulness_delta,delta_e2000", scores.get(0));
    assertEquals(4, scores.size());
    double firstPsnr = Double.parseDouble(scores.get(1).split(",")[2]);
    double lastPsnr = Double.parseDouble(scores.get(3).split(",")[2]);
    assertTrue(lastPsnr > firstPsnr, "PSNR " + firstPsnr + " -> " + lastPsnr);
    assertEquals(List.of("step-00000120"), checkpointNames(work));
  }

  static void runUntilInSlicesEqualsOneRunAndAListenerCanStopIt(Path work) throws Exception {
    Map<String, float[]> expected;
    try (TrainingLoop loop = open(TrainingProcess.config(work.resolve("whole"), 9, 4))) {
      loop.run(QUIET);
      expected = loop.weights();
    }
    Path sliced = work.resolve("sliced");
    try (TrainingLoop loop = open(TrainingProcess.config(sliced, 9, 4))) {
      TrainingLoop.Result first = loop.runUntil(3, QUIET);
      assertEquals(3, first.steps());
      assertEquals(sliced.resolve("checkpoints/step-00000003"), first.lastCheckpoint());
      assertEquals(9, loop.runUntil(20, QUIET).steps()); // capped at totalSteps
      Map<String, float[]> actual = loop.weights();
      for (String name : expected.keySet()) {
        assertArrayEquals(expected.get(name), actual.get(name), 0f, name);
      }
    }
    assertEquals(Files.readAllLines(work.resolve("whole/loss.csv")),
        Files.readAllLines(sliced.resolve("loss.csv")));

    Path stopped = work.resolve("stopped");
    TrainingConfig config = new TrainingConfig(stopped, 7, 4, 1, 12, 50, 2, 2, 1, List.of());
    List<Integer> seen = new ArrayList<>();
    TrainingLoop.Listener stopAtFour = new TrainingLoop.Listener() {
      @Override
      public boolean continueAfterValidation(int step, int epoch,
          java.util.LinkedHashMap<String, Double> scores) {
        seen.add(step);
        assertTrue(scores.containsKey("delta_e2000"), scores.toString());
        return step < 4;
      }
    };
    try (TrainingLoop loop = TrainingLoop.open(new TinyColorizer(), new StripeData(16, 5), config,
        new ColorValidation(new StripeData(2, 9)))) {
      TrainingLoop.Result result = loop.run(stopAtFour);
      assertTrue(result.stoppedEarly());
      assertEquals(4, result.steps());
      assertEquals(stopped.resolve("checkpoints/step-00000004"), result.lastCheckpoint());
    }
    assertEquals(List.of(2, 4), seen);
    assertEquals(3, Files.readAllLines(stopped.resolve("validation.csv")).size());
  }

  static void gradientAccumulationOfTwoHalvesEqualsOneFullBatchStep(Path work) throws Exception {
    // Same samples per step (8), once as one batch, once as 2 x 4: same update up to rounding.
    TrainingConfig whole = new TrainingConfig(work.resolve("whole"), 3, 8, 1, 1, 5, 1, 0, 1,
        List.of());
    TrainingConfig halves = new TrainingConfig(work.resolve("halves"), 3, 4, 2, 1, 5, 1, 0, 1,
        List.of());
    Map<String, float[]> a;
    Map<String, float[]> b;
    float[] initial;
    try (TrainingLoop loop = TrainingLoop.open(new TinyColorizer(), new StripeData(8, 1), whole,
        null)) {
      initial = loop.weights().values().iterator().next();
      loop.run(QUIET);
      a = loop.weights();
    }
    try (TrainingLoop loop = TrainingLoop.open(new TinyColorizer(), new StripeData(8, 1), halves,
        null)) {
      loop.run(QUIET);
      b = loop.weights();
    }
    float[] first = a.values().iterator().next();
    assertFalse(java.util.Arrays.equals(initial, first), "the step changed nothing");
    for (String name : a.keySet()) {
      assertArrayEquals(a.get(name), b.get(name), 1e-6f, name);
    }
  }

  /**
   * A computation with a NaN output is repeated from the same weights and batch: one bad
   * forward pass costs one recomputation and the run ends as an undisturbed one does; a NaN on
   * every attempt of a step stops the run with its step named, nothing applied.
   */
  static void aNonFiniteComputationIsRepeatedThenTheRunDiverges(Path work) throws Exception {
    Map<String, float[]> clean;
    try (TrainingLoop loop = TrainingLoop.open(new TinyColorizer(), new StripeData(8, 1),
        new TrainingConfig(work.resolve("clean"), 3, 4, 1, 4, 4, 1, 0, 1, List.of()), null)) {
      loop.run(QUIET);
      assertEquals(0, loop.recomputations());
      clean = loop.weights();
    }
    // forward calls 0-based: step 2's first attempt is call 1
    try (TrainingLoop loop = TrainingLoop.open(new PoisonedColorizer(Set.of(1)),
        new StripeData(8, 1),
        new TrainingConfig(work.resolve("once"), 3, 4, 1, 4, 4, 1, 0, 1, List.of()), null)) {
      loop.run(QUIET);
      assertEquals(1, loop.recomputations());
      Map<String, float[]> once = loop.weights();
      for (String name : clean.keySet()) {
        assertArrayEquals(clean.get(name), once.get(name), name);
      }
    }
    try (TrainingLoop loop = TrainingLoop.open(new PoisonedColorizer(Set.of(1, 2, 3)),
        new StripeData(8, 1),
        new TrainingConfig(work.resolve("always"), 3, 4, 1, 4, 4, 1, 0, 1, List.of()), null)) {
      var e = assertThrows(TrainingException.class, () -> loop.run(QUIET));
      assertTrue(e.getMessage().contains("not finite at step 2"), e.getMessage());
      assertEquals(TrainingLoop.ATTEMPTS, loop.recomputations());
      assertEquals(1, loop.step());
    }
  }

  /** {@link TinyColorizer} whose output is NaN on the given forward calls (0-based). */
  private static final class PoisonedColorizer implements TrainableModel {
    private final TinyColorizer network = new TinyColorizer();
    private final Set<Integer> poisoned;
    private int calls;

    PoisonedColorizer(Set<Integer> poisoned) {
      this.poisoned = poisoned;
    }

    @Override
    public ai.djl.nn.Block generator() {
      return network.generator();
    }

    @Override
    public AdamSettings adam() {
      return network.adam();
    }

    @Override
    public ai.djl.ndarray.NDList forward(ai.djl.training.ParameterStore store,
        LossTerm.Batch batch, boolean training) {
      ai.djl.ndarray.NDList out = network.forward(store, batch, training);
      if (training && poisoned.contains(calls++)) {
        return new ai.djl.ndarray.NDList(out.get(0).mul(Float.NaN));
      }
      return out;
    }
  }

  static void checkpointOfAnotherSeedOrFormatIsRefused(Path work) throws Exception {
    try (TrainingLoop loop = open(TrainingProcess.config(work, 2, 1))) {
      loop.run(QUIET);
    }
    TrainingConfig otherSeed = new TrainingConfig(work, 8, 4, 2, 4, 1, 2, 0, 1, List.of());
    var e = assertThrows(TrainingException.class, () -> open(otherSeed));
    assertTrue(e.getMessage().contains("seed 7"), e.getMessage());

    Path state = work.resolve("checkpoints/step-00000002/state.json");
    Files.writeString(state, Files.readString(state).replace("\"formatVersion\" : 1",
        "\"formatVersion\" : 99"));
    e = assertThrows(TrainingException.class, () -> open(TrainingProcess.config(work, 4, 1)));
    assertTrue(e.getMessage().contains("format version 99"), e.getMessage());
  }

  static void ganScheduleResumesBitwise(Path work) throws Exception {
    Path straight = work.resolve("straight");
    Path resumed = work.resolve("resumed");
    try (TrainingLoop loop = TrainingLoop.open(new TinyGan(), new StripeData(22, 3),
        TinyGan.config(straight, 9, 4), null)) {
      loop.run(QUIET);
    }
    try (TrainingLoop loop = TrainingLoop.open(new TinyGan(), new StripeData(22, 3),
        TinyGan.config(resumed, 6, 4), null)) {
      loop.run(QUIET);
    }
    Checkpoint.deleteTree(resumed.resolve("checkpoints/step-00000006"));
    try (TrainingLoop loop = TrainingLoop.open(new TinyGan(), new StripeData(22, 3),
        TinyGan.config(resumed, 9, 4), null)) {
      assertEquals(4, loop.step());
      loop.run(QUIET);
    }
    for (String file : List.of("generator.params", "adam.bin", "critic.params",
        "critic-adam.bin", "state.json")) {
      assertFileEquals(straight, resumed, "checkpoints/step-00000009/" + file);
    }
    List<String> loss = Files.readAllLines(straight.resolve("loss.csv"));
    assertEquals(loss, Files.readAllLines(resumed.resolve("loss.csv")));
    assertEquals("step,epoch,phase,loss,l2,critic,gradient_penalty,adversarial", loss.get(0));
    // pretrain: no critic values; critic phase: no l2; gan: all finite.
    assertTrue(loss.get(1).matches("1,0,pretrain,[^,N]+,[^,N]+,NaN,NaN,NaN"), loss.get(1));
    assertTrue(loss.get(4).matches("4,\\d+,critic,[^,N]+,NaN,[^,N]+,[^,N]+,NaN"), loss.get(4));
    assertTrue(loss.get(9).matches("9,\\d+,gan,[^,N]+,[^,N]+,[^,N]+,[^,N]+,[^,N]+"), loss.get(9));
  }

  private static TrainingLoop open(TrainingConfig config) {
    return TrainingLoop.open(new TinyColorizer(), new StripeData(22, 3), config, null);
  }

  private static double meanLoss(List<String> rows) {
    return rows.stream().mapToDouble(r -> Double.parseDouble(r.split(",")[3])).average()
        .orElseThrow();
  }

  static List<String> checkpointNames(Path out) {
    List<String> names = new ArrayList<>();
    for (Path p : Checkpoint.list(out.resolve("checkpoints"))) {
      names.add(p.getFileName().toString());
    }
    return names;
  }

  static void assertFileEquals(Path a, Path b, String file) throws Exception {
    assertArrayEquals(Files.readAllBytes(a.resolve(file)), Files.readAllBytes(b.resolve(file)),
        file);
  }
}
