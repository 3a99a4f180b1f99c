package dev.colorize.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.config.ModelConfig;
import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationInput;
import dev.colorize.model.Colorizer;
import dev.colorize.model.djl.TorchScriptEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fine-tuning imported TorchScript colorizers ({@link TorchScriptTrainable}) on the stand-ins of
 * {@code scripts/models/make_trainable_standins.py}, in the surefire JVM (whose environment the pom
 * sets as training JVMs need it, docs/training.md): the module learns, its export predicts
 * through the {@code torchscript} engine what the loop predicted, a resumed run continues to the
 * same weights, and DeOldify is refused.
 */
class TorchScriptTrainableTest {

  static final Path MODELS = Path.of("src/test/resources/models/trainable");
  static final Map<String, String> LAB_OPTIONS =
      Map.of("lScale", "0.01", "lOffset", "-0.5", "abScale", "110");
  private static final AdamSettings FAST = new AdamSettings(3e-3f, 0.9f, 0.999f, 1e-8f);
  private static final int SIZE = 32;

  @TempDir Path dir;

  private static TrainingConfig config(Path out, int steps) {
    return new TrainingConfig(out, 7, 4, 1, steps, 4, 2, 0, 1,
        List.of(new TrainingConfig.Phase("generator", steps)));
  }

  /** Trains, measures held-out ab MSE before and after, exports, compares with the engine. */
  private double[] trainAndCompare(String convention, Map<String, String> options, boolean boxes,
      int steps) throws Exception {
    Path file = MODELS.resolve(convention + "-trainable.pt");
    ObjectData train = new ObjectData(24, SIZE, 3, boxes);
    ObjectData heldOut = new ObjectData(6, SIZE, 77, boxes);
    Path exported = dir.resolve(convention + "-tuned.pt");
    double before;
    double after;
    List<float[]> predicted = new ArrayList<>();
    try (TorchScriptTrainable model = TorchScriptTrainable.load(file, convention, options, FAST);
        TrainingLoop loop = TrainingLoop.open(model, train, config(dir.resolve(convention), steps),
            null)) {
      before = BuiltinScenarios.error(loop, heldOut);
      loop.run(new TrainingLoop.Listener() {});
      after = BuiltinScenarios.error(loop, heldOut);
      for (int i = 0; i < heldOut.size(); i++) {
        predicted.add(loop.predictAb(heldOut.get(i)));
      }
      model.export(exported);
    }
    ModelConfig config = new ModelConfig(convention + "-tuned", TorchScriptEngine.ID);
    config.convention = convention;
    config.path = exported.toString();
    config.options = new LinkedHashMap<>(options);
    try (Colorizer colorizer = new TorchScriptEngine().open(config)) {
      double worst = 0;
      for (int i = 0; i < heldOut.size(); i++) {
        TrainingSample s = heldOut.get(i);
        LabImage gray = new LabImage(SIZE, SIZE, s.l(), new float[SIZE * SIZE],
            new float[SIZE * SIZE]);
        LabImage out = colorizer.colorize(List.of(new ColorizationInput(gray, s.boxes()))).get(0);
        float[] ab = new float[2 * SIZE * SIZE];
        System.arraycopy(out.a(), 0, ab, 0, SIZE * SIZE);
        System.arraycopy(out.b(), 0, ab, SIZE * SIZE, SIZE * SIZE);
        for (int p = 0; p < ab.length; p++) {
          worst = Math.max(worst, Math.abs(ab[p] - predicted.get(i)[p]));
        }
        assertArrayEquals(predicted.get(i), ab, 1e-4f, convention + " sample " + i);
      }
      System.out.printf("%s: held-out ab MSE %.4f -> %.4f in %d steps; export vs loop max |d|"
          + " %.2g%n", convention, before, after, steps, worst);
      return new double[] {before, after, worst};
    }
  }

  @Test
  void labModuleLearnsAndItsExportPredictsWhatTheLoopPredicted() throws Exception {
    double[] r = trainAndCompare("lab", LAB_OPTIONS, false, 60);
    assertTrue(r[1] < 0.7 * r[0], "held-out ab MSE " + r[0] + " -> " + r[1]);
    assertTrue(r[2] <= 1e-5, "export differs from the loop by " + r[2]);
  }

  @Test
  void chromaganModuleAtAnotherInputSizeLearnsThroughBothResizes() throws Exception {
    // Keras layout (NHWC) at inputSize 48 while training at 32: L is resized up for the module,
    // its ab output resized down (OpenCV bilinear) inside the differentiable path.
    double[] r = trainAndCompare("chromagan", Map.of("inputSize", "48"), false, 60);
    assertTrue(r[1] < 0.7 * r[0], "held-out ab MSE " + r[0] + " -> " + r[1]);
  }

  @Test
  void instcolorModuleTrainsWithInstanceCrops() throws Exception {
    double[] r = trainAndCompare("instcolor", Map.of("size", "32"), true, 40);
    assertTrue(r[1] < 0.7 * r[0], "held-out ab MSE " + r[0] + " -> " + r[1]);
    assertTrue(r[2] <= 1e-5, "export differs from the loop by " + r[2]);
  }

  @Test
  void resumedRunEndsWithTheWeightsOfAnUninterruptedOne() throws Exception {
    Path file = MODELS.resolve("lab-trainable.pt");
    ObjectData train = new ObjectData(16, SIZE, 5, false);
    Map<String, float[]> straight;
    try (TorchScriptTrainable model = TorchScriptTrainable.load(file, "lab", LAB_OPTIONS, FAST);
        TrainingLoop loop = TrainingLoop.open(model, train, config(dir.resolve("straight"), 12),
            null)) {
      loop.run(new TrainingLoop.Listener() {});
      straight = loop.weights();
    }
    Path resumed = dir.resolve("resumed");
    try (TorchScriptTrainable model = TorchScriptTrainable.load(file, "lab", LAB_OPTIONS, FAST);
        TrainingLoop loop = TrainingLoop.open(model, train, config(resumed, 12), null)) {
      loop.runUntil(6, new TrainingLoop.Listener() {});
    }
    Map<String, float[]> after;
    try (TorchScriptTrainable model = TorchScriptTrainable.load(file, "lab", LAB_OPTIONS, FAST);
        TrainingLoop loop = TrainingLoop.open(model, train, config(resumed, 12), null)) {
      assertTrue(loop.resumedFrom().isPresent());
      assertEquals(6, loop.step());
      loop.run(new TrainingLoop.Listener() {});
      after = loop.weights();
    }
    assertEquals(straight.keySet(), after.keySet());
    boolean moved = false;
    try (TorchScriptTrainable untouched =
        TorchScriptTrainable.load(file, "lab", LAB_OPTIONS, FAST)) {
      Map<String, float[]> initial = new LinkedHashMap<>();
      untouched.generator().getParameters()
          .forEach(p -> initial.put(p.getKey(), p.getValue().getArray().toFloatArray()));
      for (String name : straight.keySet()) {
        assertArrayEquals(straight.get(name), after.get(name), 0f, name);
        moved |= !java.util.Arrays.equals(initial.get(name), after.get(name));
      }
    }
    assertTrue(moved, "training changed no weight");
    assertEquals(Files.readAllLines(dir.resolve("straight/loss.csv")),
        Files.readAllLines(resumed.resolve("loss.csv")));
  }

  @Test
  void deoldifyIsRefusedWithTheReason() {
    Path file = Path.of("src/test/resources/models/deoldify.pt");
    TrainingException e = assertThrows(TrainingException.class,
        () -> TorchScriptTrainable.load(file, "deoldify", Map.of(), AdamSettings.DEFAULT));
    assertTrue(e.getMessage().contains("deoldify") && e.getMessage().contains("not ab")
        && e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void badOptionAndMissingFileNameTheProblem() {
    TrainingException option = assertThrows(TrainingException.class,
        () -> TorchScriptTrainable.load(MODELS.resolve("lab-trainable.pt"), "lab",
            Map.of("abScale", "0"), AdamSettings.DEFAULT));
    assertTrue(option.getMessage().contains("abScale"), option.getMessage());
    TrainingException missing = assertThrows(TrainingException.class,
        () -> TorchScriptTrainable.load(dir.resolve("absent.pt"), "lab", LAB_OPTIONS,
            AdamSettings.DEFAULT));
    assertTrue(missing.getMessage().contains("absent.pt"), missing.getMessage());
  }
}
