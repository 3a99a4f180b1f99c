package dev.colorize.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class GradientPenaltyTest {
  @Test
  void penaltyAndItsParameterGradientMatchTheClosedFormForALinearCritic() {
    // D(x) = w . flatten(x) + b: grad_x D = w for every sample, so the penalty is
    // (|w| - 1)^2 and its gradient with respect to w is 2 (|w| - 1) w / |w|; none for b.
    TrainingLoop.configureThreads(1);
    Engine engine = Engine.getEngine("PyTorch");
    try (NDManager manager = engine.newBaseManager()) {
      SequentialBlock critic = new SequentialBlock().add(Blocks.batchFlattenBlock())
          .add(Linear.builder().setUnits(1).build());
      critic.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 2, 2));
      Parameter weight = critic.getParameters().get(0).getValue();
      Parameter bias = critic.getParameters().get(1).getValue();
      float[] w = new float[12];
      for (int i = 0; i < w.length; i++) {
        w[i] = 0.1f * (i - 5);
      }
      weight.getArray().set(w);
      weight.getArray().setRequiresGradient(true);
      bias.getArray().setRequiresGradient(true);
      ParameterStore store = new ParameterStore(manager, false);
      double normW = 0;
      for (float v : w) {
        normW += v * v;
      }
      normW = Math.sqrt(normW);
      float[] real = new float[24];
      float[] fake = new float[24];
      for (int i = 0; i < 24; i++) {
        real[i] = (float) Math.sin(i);
        fake[i] = (float) Math.cos(3 * i);
      }
      try (NDManager scratch = manager.newSubManager();
          GradientCollector collector = engine.newGradientCollector()) {
        NDArray penalty = GradientPenalty.compute(critic, store,
            scratch.create(real, new Shape(2, 3, 2, 2)), scratch.create(fake, new Shape(2, 3, 2, 2)),
            new float[] {0.25f, 0.75f}, scratch);
        assertEquals((normW - 1) * (normW - 1), penalty.getFloat(), 1e-5);
        collector.backward(penalty);
        float[] expected = new float[12];
        for (int i = 0; i < 12; i++) {
          expected[i] = (float) (2 * (normW - 1) * w[i] / normW);
        }
        assertArrayEquals(expected, weight.getArray().getGradient().toFloatArray(), 1e-5f);
        assertArrayEquals(new float[] {0f}, bias.getArray().getGradient().toFloatArray(), 1e-7f);
      }
    }
  }

  @Test
  void mismatchedShapesAreRefused() {
    TrainingLoop.configureThreads(1);
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      var e = assertThrows(TrainingException.class, () -> GradientPenalty.compute(
          new SequentialBlock(), new ParameterStore(manager, false), manager.zeros(new Shape(2, 3)),
          manager.zeros(new Shape(2, 4)), new float[] {0.5f, 0.5f}, manager));
      assertEquals("gradient penalty: real (2, 3), fake (2, 4), 2 mixing weights", e.getMessage());
    }
  }
}
