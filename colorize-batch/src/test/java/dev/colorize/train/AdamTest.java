package dev.colorize.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamTest {
  /** Gradients of three steps; entry 2 is always zero, entry 4 tiny, entry 3 changes sign. */
  private static final float[][] GRADIENTS = {
      {0.5f, -2f, 0f, 1e-3f, 1e-20f},
      {0.25f, -1f, 0f, -4e-3f, 2e-20f},
      {-1f, 3f, 0f, 2e-3f, 1e-20f}};

  /**
   * Three updates with non-default hyper-parameters against torch.optim.Adam's formula computed
   * here in double: {@code w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}. The
   * large epsilon makes its bias-correction scaling visible (1e-8 would hide a mistake there).
   * Two parameters: a contiguous one, which Adam updates in place from Java, and a transposed
   * view (not contiguous), which it leaves to the engine's fused kernel; both must follow it.
   */
  @Test
  void updatesFollowPyTorchsAdam() {
    TrainingLoop.configureThreads(1);
    AdamSettings settings = new AdamSettings(0.01f, 0.8f, 0.99f, 1e-3f);
    float[] start = {1f, -0.5f, 0.25f, 2f, 3f};
    double[] expected = reference(settings, start);
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      Parameter weight = parameter("w", manager.create(start));
      // a 2x5 array with start in both rows, seen as 5x2: column j of the view is start
      float[] rows = new float[2 * start.length];
      System.arraycopy(start, 0, rows, 0, start.length);
      System.arraycopy(start, 0, rows, start.length, start.length);
      Parameter view = parameter("view", manager.create(rows, new Shape(2, start.length))
          .transpose());
      Adam adam = new Adam(settings, List.of(weight, view), manager);
      for (float[] gradient : GRADIENTS) {
        setGradient(manager, weight.getArray(), gradient);
        float[] columns = new float[2 * gradient.length];
        for (int i = 0; i < gradient.length; i++) {
          columns[2 * i] = gradient[i];
          columns[2 * i + 1] = gradient[i];
        }
        setGradient(manager, view.getArray(), manager.create(columns,
            new Shape(gradient.length, 2)));
        adam.update();
      }
      assertEquals(3, adam.step());
      assertTrue(adam.updatesInPlace(0), "a contiguous CPU parameter is updated from Java");
      assertFalse(adam.updatesInPlace(1), "a transposed view is left to the engine");
      float[] actual = weight.getArray().toFloatArray();
      float[] viewed = view.getArray().toFloatArray();
      for (int i = 0; i < start.length; i++) {
        double tolerance = 1e-6 * Math.max(1, Math.abs(expected[i]));
        assertEquals(expected[i], actual[i], tolerance, "entry " + i);
        assertEquals(expected[i], viewed[2 * i], tolerance, "view entry " + i + ", 0");
        assertEquals(expected[i], viewed[2 * i + 1], tolerance, "view entry " + i + ", 1");
      }
      assertEquals(start[2], actual[2]); // zero gradient: zero moments, no movement
    }
  }

  /**
   * A gradient entry that is NaN or infinite anywhere leaves every weight, moment and the step
   * count as they were; the training loop then recomputes the step.
   */
  @Test
  void aNonFiniteGradientChangesNothing() {
    TrainingLoop.configureThreads(1);
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      Parameter first = parameter("first", manager.create(new float[] {1f, 2f, 3f}));
      Parameter second = parameter("second", manager.create(new float[] {4f, 5f}));
      Adam adam = new Adam(AdamSettings.DEFAULT, List.of(first, second), manager);
      setGradient(manager, first.getArray(), new float[] {0.1f, 0.2f, 0.3f});
      setGradient(manager, second.getArray(), new float[] {0.4f, 0.5f});
      assertTrue(adam.updateIfFinite());
      float[] firstAfter = first.getArray().toFloatArray();
      float[] secondAfter = second.getArray().toFloatArray();
      float[] momentsAfter = adam.firstMoments().get(0).getValue().toFloatArray();
      for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY,
          Float.NEGATIVE_INFINITY}) {
        setGradient(manager, first.getArray(), new float[] {0.1f, 0.2f, 0.3f});
        // the bad entry sits in the last parameter: nothing before it may have moved either
        setGradient(manager, second.getArray(), new float[] {0.4f, bad});
        assertFalse(adam.updateIfFinite(), "gradient entry " + bad);
        assertEquals(1, adam.step());
        assertArrayEquals(firstAfter, first.getArray().toFloatArray());
        assertArrayEquals(secondAfter, second.getArray().toFloatArray());
        assertArrayEquals(momentsAfter, adam.firstMoments().get(0).getValue().toFloatArray());
      }
    }
  }

  /** A parameter no backward pass has reached counts as having a zero gradient. */
  @Test
  void aParameterWithoutGradientStaysPut() {
    TrainingLoop.configureThreads(1);
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      Parameter weight = parameter("w", manager.create(new float[] {1f, 2f}));
      weight.getArray().setRequiresGradient(true);
      Adam adam = new Adam(AdamSettings.DEFAULT, List.of(weight), manager);
      adam.update();
      assertArrayEquals(new float[] {1f, 2f}, weight.getArray().toFloatArray());
      assertArrayEquals(new float[] {0f, 0f},
          adam.firstMoments().get(0).getValue().toFloatArray());
    }
  }

  private static double[] reference(AdamSettings s, float[] start) {
    double[] w = new double[start.length];
    double[] m = new double[start.length];
    double[] v = new double[start.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = start[i];
    }
    for (int t = 1; t <= GRADIENTS.length; t++) {
      double c1 = 1 - Math.pow(s.beta1(), t);
      double c2 = 1 - Math.pow(s.beta2(), t);
      for (int i = 0; i < w.length; i++) {
        double g = GRADIENTS[t - 1][i];
        m[i] = s.beta1() * m[i] + (1 - s.beta1()) * g;
        v[i] = s.beta2() * v[i] + (1 - s.beta2()) * g * g;
        w[i] -= s.learningRate() / c1 * m[i] / (Math.sqrt(v[i]) / Math.sqrt(c2) + s.epsilon());
      }
    }
    return w;
  }

  private static Parameter parameter(String name, NDArray value) {
    Parameter parameter = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
    parameter.setArray(value);
    return parameter;
  }

  private static void setGradient(NDManager manager, NDArray weight, float[] gradient) {
    setGradient(manager, weight, manager.create(gradient));
  }

  /** Makes {@code gradient} the array's gradient: zeroed, then the backward of sum(w * g). */
  private static void setGradient(NDManager manager, NDArray weight, NDArray gradient) {
    if (!weight.hasGradient()) {
      weight.setRequiresGradient(true);
    }
    JniUtils.zeroGrad((PtNDArray) weight);
    try (NDManager scratch = manager.newSubManager();
        GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray loss = weight.mul(gradient.duplicate()).sum();
      loss.attach(scratch);
      collector.backward(loss);
    }
  }
}
