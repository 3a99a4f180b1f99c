package dev.colorize.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PyTorch's convolutions at the test JVM's oneDNN instruction set
 * ({@link ConvolutionScenarios}, each in its own JVM, {@link TrainingProcess#DNNL_ISA}): plain
 * convolutions are right wherever the channel counts are multiples of oneDNN's 8-channel block
 * (or the input has at most 8 channels), every convolution shape of the built-in networks is right
 * through {@code PaddedConv2d} (forward, weight, input and bias gradients against a reference in
 * double), and the gradients of a tiny network of each family and of the PatchGAN critic match
 * finite differences. Without the channel padding the last two fail (docs/training.md).
 */
class BuiltinConvolutionTest {
  @TempDir
  Path work;

  @ParameterizedTest
  @CsvSource({"plainConvolutionsAreRightForBlockedChannelCounts, 1",
      "everyBuiltinConvolutionIsRight, 2", "builtinGradientsMatchFiniteDifferences, 1"})
  void scenario(String name, int threads) throws Exception {
    Path dir = work.resolve(name);
    Process child = TrainingProcess.start(dir, List.of("conv", name, String.valueOf(threads)),
        TrainingProcess.DNNL_ISA);
    assertTrue(child.waitFor(300, TimeUnit.SECONDS),
        () -> "scenario timed out: " + TrainingProcess.log(dir));
    assertEquals(0, child.exitValue(), () -> TrainingProcess.log(dir));
  }
}
