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
