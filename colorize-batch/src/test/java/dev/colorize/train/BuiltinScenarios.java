package dev.colorize.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.config.ModelConfig;
import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationInput;
import dev.colorize.model.Colorizer;
import dev.colorize.model.builtin.Architecture;
import dev.colorize.model.builtin.BuiltinCheckpoint;
import dev.colorize.model.builtin.BuiltinEngine;
import dev.colorize.model.builtin.NetworkSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenarios of {@link BuiltinTrainableTest}, each run in a fresh JVM by {@link TrainingProcess}
 * (environment: docs/training.md). Assertion failures end the child with a non-zero status.
 */
final class BuiltinScenarios {
  static final int SIZE = 32;
  static final int STEPS = 60;
  private static final TrainingLoop.Listener QUIET = new TrainingLoop.Listener() {};

  private BuiltinScenarios() {}

  static void run(String name, Path work) throws Exception {
    switch (name) {
      case "learnsChromagan" -> learns(Architecture.CHROMAGAN, true, STEPS, work);
      case "learnsDeoldify" -> learns(Architecture.DEOLDIFY, true, STEPS, work);
      case "learnsInstcolorWithBoxes" -> learns(Architecture.INSTCOLOR, true, STEPS, work);
      case "learnsInstcolorWithoutBoxes" -> learns(Architecture.INSTCOLOR, false, STEPS, work);
      case "deoldifyRunsTheNoGanSchedule" -> deoldifyRunsTheNoGanSchedule(work);
      case "startsFromABuiltinCheckpointUnlessATrainingCheckpointExists" ->
          startsFromABuiltinCheckpointUnlessATrainingCheckpointExists(work);
      default -> throw new IllegalArgumentException("no builtin scenario " + name);
    }
  }

  static TrainingConfig config(Path out, int steps, List<TrainingConfig.Phase> phases) {
    return new TrainingConfig(out, 3, 4, 1, steps, 20, 1, 0, 1, phases);
  }

  /**
   * Trains {@code steps} steps of the family's default schedule and optimisers; the mean
   * squared ab error on held-out samples falls by 30% from the untrained network's, and the
   * network saved as a builtin checkpoint predicts through the engine what the loop predicts.
   */
  static void learns(Architecture architecture, boolean boxes, int steps, Path work)
      throws Exception {
    BuiltinTrainable model = BuiltinTrainable.create(architecture, NetworkSize.TINY, 2, null);
    ObjectData heldOut = new ObjectData(6, SIZE, 77, boxes);
    Path file = work.resolve(architecture.id() + ".colorize");
    double before;
    double after;
    List<float[]> predicted = new ArrayList<>();
    try (TrainingLoop loop = TrainingLoop.open(model, new ObjectData(24, SIZE, 5, boxes),
        config(work.resolve("run"), steps, model.defaultPhases(steps)), null)) {
      before = error(loop, heldOut);
      loop.run(QUIET);
      after = error(loop, heldOut);
      for (int i = 0; i < heldOut.size(); i++) {
        predicted.add(loop.predictAb(heldOut.get(i)));
      }
      BuiltinCheckpoint.save(file, model.header(SIZE), model.network());
    }
    String curve = Files.readString(work.resolve("run/loss.csv"));
    System.out.println(architecture + " held-out ab MSE " + before + " -> " + after);
    assertTrue(after < 0.7 * before, architecture + " held-out ab MSE " + before + " -> "
        + after + "\n" + curve);
    List<Map<String, String>> rows = lossRows(work.resolve("run/loss.csv"));
    assertEquals(steps, rows.size());
    Map<String, String> last = rows.get(steps - 1);
    switch (architecture) {
      case CHROMAGAN -> {
        assertEquals("gan", last.get("phase"));
        assertFinite(last, "class_kl", "critic", "gradient_penalty", "adversarial");
      }
      case DEOLDIFY -> assertEquals("gan", last.get("phase"));
      case INSTCOLOR -> {
        assertFalse(last.containsKey("critic"), last.toString());
        double instance = Double.parseDouble(last.get("instance_l2"));
        if (boxes) {
          assertTrue(instance > 0 && Double.isFinite(instance), last.toString());
        } else {
          assertEquals(0.0, instance, last.toString());
        }
      }
      default -> throw new AssertionError(architecture);
    }
    for (int i = 0; i < heldOut.size(); i++) {
      assertArrayEquals(predicted.get(i), engineAb(file, architecture, heldOut.get(i)), 1e-5f,
          "sample " + i);
    }
  }

  static void deoldifyRunsTheNoGanSchedule(Path work) throws Exception {
    BuiltinTrainable model = BuiltinTrainable.create(Architecture.DEOLDIFY, NetworkSize.TINY, 1,
        null);
    int steps = 10; // 7 generator, 2 critic (1.5 rounded), 1 gan
    List<TrainingConfig.Phase> phases = model.defaultPhases(steps);
    assertEquals(List.of(7, 2, 1), phases.stream().map(TrainingConfig.Phase::steps).toList());
    try (TrainingLoop loop = TrainingLoop.open(model, new ObjectData(8, SIZE, 1, false),
        config(work, steps, phases), null)) {
      loop.run(QUIET);
    }
    List<Map<String, String>> rows = lossRows(work.resolve("loss.csv"));
    assertEquals(List.of("generator", "generator", "generator", "generator", "generator",
        "generator", "generator", "critic", "critic", "gan"),
        rows.stream().map(r -> r.get("phase")).toList());
    assertEquals("NaN", rows.get(0).get("critic"));
    assertFinite(rows.get(0), "l2");
    assertEquals("NaN", rows.get(7).get("l2"));
    assertFinite(rows.get(7), "critic", "gradient_penalty");
    assertFinite(rows.get(9), "l2", "critic", "gradient_penalty", "adversarial");
  }

  static void startsFromABuiltinCheckpointUnlessATrainingCheckpointExists(Path work)
      throws Exception {
    Path start = work.resolve("start.colorize");
    Map<String, float[]> saved;
    BuiltinTrainable first = BuiltinTrainable.create(Architecture.CHROMAGAN, NetworkSize.TINY, 2,
        null);
    try (TrainingLoop loop = TrainingLoop.open(first, new ObjectData(8, SIZE, 1, false),
        config(work.resolve("first"), 3, List.of()), null)) {
      loop.run(QUIET);
      saved = loop.weights();
      BuiltinCheckpoint.save(start, first.header(SIZE), first.network());
    }
    // Another seed: without the start checkpoint its initial weights would differ.
    TrainingConfig fresh = new TrainingConfig(work.resolve("second"), 99, 4, 1, 0, 10, 1, 0, 1,
        List.of());
    try (TrainingLoop loop = TrainingLoop.open(chromagan(start),
        new ObjectData(8, SIZE, 1, false), fresh, null)) {
      assertWeightsEqual(saved, loop.weights());
    }
    try (TrainingLoop loop = TrainingLoop.open(chromagan(start),
        new ObjectData(8, SIZE, 1, false), fresh.withTotalSteps(2), null)) {
      loop.run(QUIET);
    }
    Map<String, float[]> trained;
    try (TrainingLoop loop = TrainingLoop.open(chromagan(null), new ObjectData(8, SIZE, 1, false),
        fresh.withTotalSteps(2), null)) {
      trained = loop.weights();
    }
    // Resume wins: the training checkpoint's weights, not the start file's.
    try (TrainingLoop loop = TrainingLoop.open(chromagan(start),
        new ObjectData(8, SIZE, 1, false), fresh.withTotalSteps(2), null)) {
      assertEquals(2, loop.step());
      assertWeightsEqual(trained, loop.weights());
    }
    String name = saved.keySet().iterator().next();
    assertFalse(Arrays.equals(saved.get(name), trained.get(name)), "training changed nothing");
  }

  private static BuiltinTrainable chromagan(Path start) {
    return BuiltinTrainable.create(Architecture.CHROMAGAN, NetworkSize.TINY, 2, start);
  }

  /** Mean squared error of predicted ab / 110 over the samples. */
  static double error(TrainingLoop loop, TrainingData samples) {
    double sum = 0;
    long count = 0;
    for (int i = 0; i < samples.size(); i++) {
      TrainingSample sample = samples.get(i);
      float[] predicted = loop.predictAb(sample);
      for (int p = 0; p < predicted.length; p++) {
        double d = (predicted[p] - sample.ab()[p]) / TrainingLoop.AB_SCALE;
        sum += d * d;
        count++;
      }
    }
    return sum / count;
  }

  static float[] engineAb(Path file, Architecture architecture, TrainingSample sample)
      throws Exception {
    ModelConfig config = new ModelConfig("trained", BuiltinEngine.ID);
    config.path = file.toString();
    config.device = "cpu";
    config.batchSize = 1;
    config.options.putAll(Map.of("architecture", architecture.id(), "size", "tiny"));
    int n = sample.size() * sample.size();
    LabImage gray = new LabImage(sample.size(), sample.size(), sample.l().clone(), new float[n],
        new float[n]);
    try (Colorizer colorizer = new BuiltinEngine().open(config)) {
      LabImage out = colorizer.colorize(List.of(new ColorizationInput(gray, sample.boxes())))
          .get(0);
      float[] ab = new float[2 * n];
      System.arraycopy(out.a(), 0, ab, 0, n);
      System.arraycopy(out.b(), 0, ab, n, n);
      return ab;
    }
  }

  static void assertWeightsEqual(Map<String, float[]> expected, Map<String, float[]> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    for (String name : expected.keySet()) {
      assertArrayEquals(expected.get(name), actual.get(name), 0f, name);
    }
  }

  static void assertFinite(Map<String, String> row, String... columns) {
    for (String column : columns) {
      assertTrue(Double.isFinite(Double.parseDouble(row.get(column))), column + " in " + row);
    }
  }

  static List<Map<String, String>> lossRows(Path csv) throws Exception {
    List<String> lines = Files.readAllLines(csv);
    String[] header = lines.get(0).split(",");
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.length; i++) {
        row.put(header[i], cells[i]);
      }
      rows.add(row);
    }
    return rows;
  }
}
