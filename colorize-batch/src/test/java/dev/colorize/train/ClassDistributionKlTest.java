package dev.colorize.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ClassDistributionKlTest {
  @Test
  void crossEntropyOverLabelledSamplesOnly() {
    TrainingLoop.configureThreads(1);
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      float[] logits = {1f, 2f, 0.5f, 0f, 0f, 3f, 9f, 9f, 9f};
      LossTerm.Batch batch = new LossTerm.Batch(m.zeros(new Shape(3, 1, 2, 2)),
          m.zeros(new Shape(3, 2, 2, 2)), m.create(new float[] {1f, 2f, -1f}));
      NDList outputs = new NDList(m.zeros(new Shape(3, 2, 2, 2)),
          m.create(logits, new Shape(3, 3)));
      double first = -(2 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(0.5)));
      double second = -(3 - Math.log(2 + Math.exp(3)));
      double expected = 0.5 * (first + second) / 2; // third sample has no label
      float value = new ClassDistributionKl(1, 3, 0.5f).compute(batch, outputs).getFloat();
      assertEquals(expected, value, 1e-5);
    }
  }

  @Test
  void missingOrMisshapenLogitsAreClearErrors() {
    TrainingLoop.configureThreads(1);
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      LossTerm.Batch batch = new LossTerm.Batch(m.zeros(new Shape(2, 1, 2, 2)),
          m.zeros(new Shape(2, 2, 2, 2)), m.create(new float[] {0f, 1f}));
      ClassDistributionKl kl = new ClassDistributionKl(1, 3, 1f);
      var e = assertThrows(TrainingException.class,
          () -> kl.compute(batch, new NDList(m.zeros(new Shape(2, 2, 2, 2)))));
      assertTrue(e.getMessage().contains("returned 1 arrays"), e.getMessage());
      e = assertThrows(TrainingException.class, () -> kl.compute(batch,
          new NDList(m.zeros(new Shape(2, 2, 2, 2)), m.zeros(new Shape(2, 4)))));
      assertTrue(e.getMessage().contains("shape (2, 4), expected (2, 3)"), e.getMessage());
    }
  }
}
