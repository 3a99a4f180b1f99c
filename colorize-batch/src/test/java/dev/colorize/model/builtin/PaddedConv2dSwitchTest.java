package dev.colorize.model.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.colorize.model.cpu.ConvolutionCheck;
import dev.colorize.model.cpu.ConvolutionReference;
import org.junit.jupiter.api.Test;

/** The per-machine switch of the channel padding, and that both paths compute the same thing. */
class PaddedConv2dSwitchTest {
  @Test
  void onlyAnExplicitFalseTurnsPaddingOff() {
    assertTrue(PaddedConv2d.padding(null), "unset: the safe default");
    assertTrue(PaddedConv2d.padding("true"));
    assertTrue(PaddedConv2d.padding(""));
    assertFalse(PaddedConv2d.padding("false"));
    assertFalse(PaddedConv2d.padding(" FALSE "));
  }

  /**
   * Padding is exact: on an unblocked shape the padded convolution and its gradients match the
   * double-precision reference whatever instruction set this JVM runs at, and so does the plain
   * one wherever this JVM was told it may skip padding (the self-check found plain right here).
   */
  @Test
  void paddedIsRightOnAnUnblockedShapeAndTheSwitchPicksAPath() {
    // 33 -> 13 channels, 3x3 at 8x8: neither count a multiple of 8, so padding widens both.
    ConvolutionReference ref = new ConvolutionReference(2, 33, 13, 3, 1, 1, 8);
    ConvolutionCheck.Errors[] errors = ConvolutionCheck.check(ref, ConvolutionCheck.PADDED,
        PaddedConv2d::convolve, ConvolutionCheck.PLAIN);
    assertTrue(errors[0].right(), "padded: " + errors[0]);
    if (!PaddedConv2d.padding()) {
      assertTrue(errors[2].right(), "plain, which this JVM was told is right: " + errors[2]);
    }
    assertTrue(errors[1].right(), "convolve, which is one of the two: " + errors[1]);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray x = manager.ones(new Shape(1, 33, 5, 5));
      NDArray w = manager.ones(new Shape(13, 33, 3, 3));
      Shape one = new Shape(1, 1);
      NDArray y = PaddedConv2d.padded(x, w, null, one, one);
      assertEquals(new Shape(1, 13, 5, 5), y.getShape(), "extra channels sliced off");
      assertEquals(33f * 9, y.getFloat(0, 12, 2, 2), "interior sums the 33 real channels only");
      assertEquals(33f * 4, y.getFloat(0, 0, 0, 0), "a corner sees 2x2 taps");
    }
  }
}
