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
      case "convolutionsMatchAJavaReference" -> convolutionsMatchAJavaReference();
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

  /**
   * PyTorch's CPU convolution, forward and both gradients, against a plain Java reference in
   * double, for the shapes that went wrong with oneDNN's AVX2 and AVX-512 kernels on this
   * project's CPU (docs/training.md): 24 to 8 channels, and 8 to 2 channels (the ab heads).
   */
  static void convolutionsMatchAJavaReference() {
    TrainingLoop.configureThreads(1);
    ai.djl.engine.Engine engine = ai.djl.engine.Engine.getEngine("PyTorch");
    engine.setRandomSeed(3);
    for (int[] shape : new int[][] {{24, 8, 32}, {8, 2, 16}, {4, 2, 32}}) {
      int in = shape[0];
      int out = shape[1];
      int side = shape[2];
      try (ai.djl.ndarray.NDManager m = engine.newBaseManager()) {
        var x = m.randomUniform(0, 1, new ai.djl.ndarray.types.Shape(4, in, side, side));
        var w = m.randomNormal(new ai.djl.ndarray.types.Shape(out, in, 3, 3)).mul(0.3f);
        var t = m.randomUniform(-0.5f, 0.5f, new ai.djl.ndarray.types.Shape(4, out, side, side));
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        ai.djl.ndarray.NDArray y;
        try (var collector = engine.newGradientCollector()) {
          y = ai.djl.nn.convolutional.Conv2d.conv2d(x, w, null,
              new ai.djl.ndarray.types.Shape(1, 1), new ai.djl.ndarray.types.Shape(1, 1)).head();
          collector.backward(y.sub(t).square().sum());
        }
        double[][] reference = convolutionReference(x.toFloatArray(), w.toFloatArray(),
            t.toFloatArray(), in, out, side);
        String what = in + " -> " + out + " channels at " + side;
        assertClose(reference[0], y.toFloatArray(), "forward " + what);
        assertClose(reference[1], w.getGradient().toFloatArray(), "weight gradient " + what);
        assertClose(reference[2], x.getGradient().toFloatArray(), "input gradient " + what);
      }
    }
  }

  /** {y, dLoss/dw, dLoss/dx} of a 3x3 "same" convolution, batch 4, loss sum (y - t)^2. */
  private static double[][] convolutionReference(float[] x, float[] w, float[] t, int in,
      int out, int side) {
    int n = 4;
    double[] y = new double[n * out * side * side];
    for (int b = 0; b < n; b++) {
      for (int o = 0; o < out; o++) {
        for (int r = 0; r < side; r++) {
          for (int c = 0; c < side; c++) {
            double sum = 0;
            for (int i = 0; i < in; i++) {
              for (int kr = 0; kr < 3; kr++) {
                for (int kc = 0; kc < 3; kc++) {
                  int rr = r + kr - 1;
                  int cc = c + kc - 1;
                  if (rr >= 0 && rr < side && cc >= 0 && cc < side) {
                    sum += (double) x[((b * in + i) * side + rr) * side + cc]
                        * w[((o * in + i) * 3 + kr) * 3 + kc];
                  }
                }
              }
            }
            y[((b * out + o) * side + r) * side + c] = sum;
          }
        }
      }
    }
    double[] gw = new double[w.length];
    double[] gx = new double[x.length];
    for (int b = 0; b < n; b++) {
      for (int o = 0; o < out; o++) {
        for (int r = 0; r < side; r++) {
          for (int c = 0; c < side; c++) {
            int yi = ((b * out + o) * side + r) * side + c;
            double residual = 2 * (y[yi] - t[yi]);
            for (int i = 0; i < in; i++) {
              for (int kr = 0; kr < 3; kr++) {
                for (int kc = 0; kc < 3; kc++) {
                  int rr = r + kr - 1;
                  int cc = c + kc - 1;
                  if (rr >= 0 && rr < side && cc >= 0 && cc < side) {
                    int xi = ((b * in + i) * side + rr) * side + cc;
                    int wi = ((o * in + i) * 3 + kr) * 3 + kc;
                    gw[wi] += residual * x[xi];
                    gx[xi] += residual * w[wi];
                  }
                }
              }
            }
          }
        }
      }
    }
    return new double[][] {y, gw, gx};
  }

  /** Largest difference within 1e-4 of the reference's largest magnitude. */
  private static void assertClose(double[] expected, float[] actual, String what) {
    double scale = 0;
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
    }
    assertTrue(worst <= 1e-4 * scale, what + ": off by up to " + worst + " (largest value "
        + scale + ")");
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
