package dev.colorize.model.official.chromagan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.colorize.model.convention.ChromaGanConvention;
import dev.colorize.model.convention.Tensor;
import dev.colorize.model.official.Float32Error;
import dev.colorize.model.official.GrayPhotos;
import dev.colorize.model.official.PythonTorch;
import dev.colorize.model.official.RawFloats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * colorize's ChromaGAN network against an independent PyTorch implementation of its Keras
 * semantics ({@code scripts/models/official/chromagan_reference.py}, torch 1.13) with seeded,
 * settled weights written by h5py as Keras 2.2.4 writes them: the same ab and class outputs to
 * 1e-4 on two photo-like gray images through the {@code chromagan} convention's input, from the
 * {@code model.save} and the {@code save_weights} layout; and a file colorize writes back loads
 * strictly in the reference with identical outputs.
 */
class ChromaGanReferenceTest {

  static final float TOLERANCE = 1e-4f;
  static final int N = 2;

  @TempDir static Path dir;
  static Path modelSave;
  static Path saveWeights;
  static Path input;
  static float[] inputData;
  static float[] expectedAb;
  static float[] expectedClass;

  @BeforeAll
  static void reference() throws Exception {
    PythonTorch.require();
    List<Tensor> inputs = new ChromaGanConvention().inputs(GrayPhotos.batch(N, 90, 70, 77),
        Map.of());
    inputData = inputs.get(0).data();
    assertEquals(N * 224 * 224 * 3, inputData.length);
    input = dir.resolve("input.f32");
    RawFloats.write(input, inputData);
    modelSave = dir.resolve("my_model_colorization.h5");
    saveWeights = dir.resolve("weights.h5");
    String printed = PythonTorch.run("chromagan_reference.py", List.of("--seed", "7",
        "--h5", modelSave.toString(), "--layout", "model", "--h5", saveWeights.toString(),
        "--layout", "weights", "--input", input.toString(), "--n", String.valueOf(N),
        "--output-ab", dir.resolve("ab.f32").toString(), "--output-class",
        dir.resolve("class.f32").toString()));
    expectedAb = RawFloats.read(dir.resolve("ab.f32"));
    expectedClass = RawFloats.read(dir.resolve("class.f32"));
    assertEquals(N * 224 * 224 * 2, expectedAb.length, printed);
    assertEquals(N * 1000, expectedClass.length, printed);
  }

  /** ab and class of a loaded network on the test input. */
  static float[][] run(ChromaGanGenerator generator, NDManager manager) {
    try (NDManager pass = manager.newSubManager()) {
      NDArray x = pass.create(inputData, new Shape(N, 224, 224, 3));
      NDList out = generator.forward(new ParameterStore(pass, false), new NDList(x), false);
      return new float[][] {out.get(0).toFloatArray(), out.get(1).toFloatArray()};
    }
  }

  static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    float worst = 0;
    for (int i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
    }
    assertTrue(worst <= TOLERANCE, what + ": max |colorize - PyTorch| = " + worst);
  }

  @Test
  void bothLayoutsMatchPyTorch() throws Exception {
    int inside = 0;
    for (float v : expectedAb) {
      inside += v > 0.03f && v < 0.97f ? 1 : 0;
    }
    assertTrue(inside > 0.9 * expectedAb.length, "the reference's ab is saturated: the"
        + " comparison would be weak");
    float top = 0;
    for (float v : expectedClass) {
      top = Math.max(top, v);
    }
    assertTrue(top < 0.9f, "the reference's class distribution is one-hot");
    for (Path file : List.of(modelSave, saveWeights)) {
      try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
        ChromaGanFile.Loaded loaded = ChromaGanFile.load(file, manager);
        assertTrue(loaded.description().contains(file == modelSave ? "model.save layout"
            : "save_weights layout"), loaded.description());
        float[][] actual = run(loaded.generator(), manager);
        assertClose(expectedAb, actual[0], file.getFileName() + " ab");
        assertClose(expectedClass, actual[1], file.getFileName() + " class");
      }
    }
  }

  /** Keras weights whose gradients the reference writes, and the generator's keys for them. */
  static final Map<String, String> GRADIENTS = new java.util.LinkedHashMap<>();

  static {
    GRADIENTS.put("block1_conv1-kernel", "vgg.block1_conv1.weight");
    GRADIENTS.put("block4_conv3-bias", "vgg.block4_conv3.bias");
    GRADIENTS.put("conv2d_6-kernel", "global.conv1.weight");
    GRADIENTS.put("conv2d_11-kernel", "mid.conv2.weight");
    GRADIENTS.put("conv2d_17-kernel", "fusion.conv6.weight");
    GRADIENTS.put("batch_normalization_1-gamma", "global.bn1.weight");
    GRADIENTS.put("batch_normalization_6-beta", "mid.bn2.bias");
    GRADIENTS.put("dense_1-bias", "global.dense1.bias");
    GRADIENTS.put("dense_3-kernel", "global.dense3.weight");
    GRADIENTS.put("dense_4-bias", "class.dense1.bias");
    GRADIENTS.put("dense_6-kernel", "class.dense3.weight");
  }

  /**
   * One pass in train mode as fine-tuning runs it (batch norms on the batch's statistics, their
   * moving statistics moved with momentum 0.99): the outputs, the gradients of the reference's
   * loss {@code mean(ab) + mean(sum(class * c))} ({@code c} = k / 999) for weights across the
   * network, and the moving statistics after the pass all match the reference.
   */
  @Test
  void oneTrainModePassMatchesTheReferenceInOutputsGradientsAndMovingStatistics()
      throws Exception {
    // The reference's float32 pass on oneDNN's kernels for the machine's full instruction set
    // and for AVX: they sum in different orders. On an AMD EPYC Zen 5, colorize's (libtorch 2.7)
    // AVX-512 kernels came out up to 19 times the first's error (block4_conv3's bias) and at
    // most 2.6 times the larger of the two (conv2d_17's kernel).
    Path check = dir.resolve("train-check");
    Path checkAvx = dir.resolve("train-check-avx");
    List<Path> float32Runs = List.of(check, checkAvx);
    for (Path run : float32Runs) {
      PythonTorch.run("chromagan_reference.py", List.of("--load", modelSave.toString(),
          "--input", input.toString(), "--n", String.valueOf(N), "--train-check", run.toString()),
          Map.of("DNNL_MAX_CPU_ISA", run == check ? "ALL" : "AVX"));
    }
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      ChromaGanGenerator g = ChromaGanFile.load(modelSave, manager).generator();
      for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : g.getParameters()) {
        if (p.getValue().requiresGradient()) {
          p.getValue().getArray().setRequiresGradient(true);
        }
      }
      float[] ab;
      float[] classes;
      try (NDManager pass = manager.newSubManager();
          ai.djl.training.GradientCollector collector =
              ai.djl.engine.Engine.getInstance().newGradientCollector()) {
        NDArray x = pass.create(inputData, new Shape(N, 224, 224, 3));
        NDList out = g.forward(new ParameterStore(pass, false), new NDList(x), true);
        ab = out.get(0).toFloatArray();
        classes = out.get(1).toFloatArray();
        NDArray c = pass.arange(0f, 1000f).div(999f);
        collector.backward(out.get(0).mean().add(out.get(1).mul(c).sum(new int[] {1}).mean()));
      }
      Float32Error.assertWithin("train-mode ab", float32(float32Runs, "train-ab.f32"),
          RawFloats.read(check.resolve("train-ab64.f32")), ab, 1e-5f);
      Float32Error.assertWithin("train-mode class", float32(float32Runs, "train-class.f32"),
          RawFloats.read(check.resolve("train-class64.f32")), classes, 1e-6f);
      for (Map.Entry<String, String> e : GRADIENTS.entrySet()) {
        List<float[]> expected = float32(float32Runs, "grad-" + e.getKey() + ".f32");
        float scale = Float32Error.scale(expected.get(0));
        assertTrue(scale > 0, e.getKey() + ": the reference's gradient is zero");
        NDArray gradient = g.parameter(e.getValue()).getArray().getGradient();
        if (gradient.getShape().dimension() == 4) {
          gradient = gradient.transpose(2, 3, 1, 0); // OIHW -> Keras's HWIO
        }
        Float32Error.assertWithin("gradient of " + e.getKey(), expected, RawFloats.read(
            check.resolve("grad64-" + e.getKey() + ".f32")), gradient.toFloatArray(),
            1e-4f * scale);
      }
      try (NDManager after = manager.newSubManager()) {
        ChromaGanGenerator moved = ChromaGanFile.load(check.resolve("after.h5"), after)
            .generator();
        for (String bn : ChromaGanGenerator.BATCH_NORMS) {
          for (String part : List.of(".running_mean", ".running_var")) {
            float[] expected = moved.parameter(bn + part).getArray().toFloatArray();
            float[] actual = g.parameter(bn + part).getArray().toFloatArray();
            float worst = 0;
            for (int i = 0; i < expected.length; i++) {
              worst = Math.max(worst, Math.abs(expected[i] - actual[i])
                  / Math.max(1e-3f, Math.abs(expected[i])));
            }
            assertTrue(worst < 1e-4f, bn + part + ": relative difference " + worst);
          }
        }
      }
    }
  }

  /** One file of each float32 run. */
  static List<float[]> float32(List<Path> runs, String file) throws java.io.IOException {
    List<float[]> values = new java.util.ArrayList<>();
    for (Path run : runs) {
      values.add(RawFloats.read(run.resolve(file)));
    }
    return values;
  }

  /**
   * The class teacher, Keras applications' VGG-16 classifier in its weights file's layout (Keras
   * 1 weight names, read by position), gives the reference's ImageNet distribution to 1e-5.
   */
  @Test
  void theVgg16TeacherMatchesTheReference() throws Exception {
    Path teacher = dir.resolve("vgg16_weights_tf_dim_ordering_tf_kernels.h5");
    PythonTorch.run("chromagan_reference.py", List.of("--seed", "7", "--vgg16",
        teacher.toString(), "--input", input.toString(), "--n", String.valueOf(N),
        "--output-teacher", dir.resolve("teacher.f32").toString()));
    float[] expected = RawFloats.read(dir.resolve("teacher.f32"));
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      Vgg16Classifier vgg = Vgg16Classifier.load(teacher, manager);
      try (NDManager pass = manager.newSubManager()) {
        NDArray x = pass.create(inputData, new Shape(N, 224, 224, 3));
        float[] actual = vgg.forward(new ParameterStore(pass, false), new NDList(x), false)
            .head().toFloatArray();
        float top = 0;
        for (float v : expected) {
          top = Math.max(top, v);
        }
        assertTrue(top > 0.01f && top < 0.9f, "the reference's teacher is degenerate: " + top);
        assertEquals(expected.length, actual.length);
        float worst = 0;
        for (int i = 0; i < expected.length; i++) {
          worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= 1e-5f, "max |colorize - reference| = " + worst);
      }
    }
  }

  /** colorize's rewrite of the reference file loads strictly in the reference, same outputs. */
  @Test
  void aFileColorizeWritesLoadsStrictlyInTheReferenceWithIdenticalOutputs() throws Exception {
    Path written = dir.resolve("written.h5");
    float[][] before;
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      ChromaGanFile.Loaded loaded = ChromaGanFile.load(modelSave, manager);
      before = run(loaded.generator(), manager);
      loaded.structure().write(loaded.generator(), written);
    }
    List<String> args = new ArrayList<>(List.of("--load", written.toString(), "--input",
        input.toString(), "--n", String.valueOf(N), "--output-ab",
        dir.resolve("written-ab.f32").toString(), "--output-class",
        dir.resolve("written-class.f32").toString()));
    String printed = PythonTorch.run("chromagan_reference.py", args);
    assertTrue(printed.contains("strictly"), printed);
    assertArrayEquals(expectedAb, RawFloats.read(dir.resolve("written-ab.f32")));
    assertArrayEquals(expectedClass, RawFloats.read(dir.resolve("written-class.f32")));
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      float[][] after = run(ChromaGanFile.load(written, manager).generator(), manager);
      assertArrayEquals(before[0], after[0], "colorize reads back what it wrote");
    }
  }
}
