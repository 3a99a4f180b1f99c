package dev.colorize.model.builtin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
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

  @Test
  void paddedAndPlainAgreeOnAnUnblockedShape() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      manager.getEngine().setRandomSeed(7);
      // 99 -> 13 channels: neither a multiple of 8, so padding widens both.
      NDArray x = manager.randomNormal(new Shape(2, 99, 9, 9));
      NDArray w = manager.randomNormal(new Shape(13, 99, 3, 3)).mul(0.05);
      NDArray b = manager.randomNormal(new Shape(13));
      Shape one = new Shape(1, 1);
      NDArray padded = PaddedConv2d.padded(x, w, b, one, one);
      NDArray plain = Conv2d.conv2d(x, w, b, one, one).head();
      NDArray switched = PaddedConv2d.convolve(x, w, b, one, one);
      assertEquals(new Shape(2, 13, 9, 9), padded.getShape());
      float[] expected = plain.toFloatArray();
      float[] got = padded.toFloatArray();
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], got[i], 1e-4 * (1 + Math.abs(expected[i])), "element " + i);
      }
      // convolve is one of the two, as this JVM was told.
      assertArrayEquals(PaddedConv2d.padding() ? got : expected, switched.toFloatArray());
    }
  }
}
