package dev.colorize.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Networks with batch norm (all built-in generators) train: the running statistics are
 * parameters to DJL but not to the optimiser, and PyTorch refuses a forward pass in which they
 * require gradients.
 */
class BatchNormTrainingTest {
  @TempDir
  Path work;

  @Test
  void runningStatisticsMoveWithTheDataAndStayOutOfAdam() throws IOException {
    Block block = new SequentialBlock()
        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4)
            .optPadding(new Shape(1, 1)).build())
        .add(BatchNorm.builder().build())
        .add(Activation::relu)
        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(2)
            .optPadding(new Shape(1, 1)).build());
    TrainableModel model = () -> block;
    TrainingConfig config = TrainingConfig.of(work, 5, 4, 3);
    try (TrainingLoop loop = TrainingLoop.open(model, new StripeData(8, 1), config, null)) {
      Map<String, float[]> before = loop.weights();
      TrainingLoop.Result result = loop.run(new TrainingLoop.Listener() {});
      assertTrue(Double.isFinite(result.lastLoss()), "loss " + result.lastLoss());
      Map<String, float[]> after = loop.weights();
      String runningMean = before.keySet().stream().filter(k -> k.endsWith("runningMean"))
          .findFirst().orElseThrow(() -> new AssertionError("no running mean in " + before));
      assertNotEquals(Arrays.toString(before.get(runningMean)),
          Arrays.toString(after.get(runningMean)), "running mean did not follow the data");
      // conv weight + bias, gamma + beta, conv weight + bias: 6 of the 8 DJL parameters
      try (DataInputStream in = new DataInputStream(Files.newInputStream(
          result.lastCheckpoint().resolve("adam.bin")))) {
        in.readInt(); // magic
        in.readInt(); // version
        in.readLong(); // step
        assertEquals(6, in.readInt(), "parameters in the optimiser state");
      }
      assertEquals(8, before.size());
    }
  }
}
