package dev.colorize.model.convention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {

  @Test
  void shapeMustMatchData() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.of("x", new float[5], 2, 3));
    assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("5"), e.getMessage());
  }

  @Test
  void negativeDimensionIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Tensor("x", new long[] {-1, 2}, new float[0]));
    assertTrue(e.getMessage().contains("negative"), e.getMessage());
  }

  @Test
  void shapeIsDefensivelyCopiedAndEqualityIsByValue() {
    long[] shape = {1, 2};
    Tensor t = new Tensor("x", shape, new float[] {1, 2});
    shape[0] = 9;
    t.shape()[1] = 7;
    assertArrayEquals(new long[] {1, 2}, t.shape());
    assertEquals(t, new Tensor("x", new long[] {1, 2}, new float[] {1, 2}));
    assertNotEquals(t, new Tensor("y", new long[] {1, 2}, new float[] {1, 2}));
    assertEquals("Tensor[x [1, 2]]", t.toString());
    assertEquals(2, t.rank());
    assertEquals("ab", t.withName("ab").name());
  }

  @Test
  void zeroSizedTensorsAreAllowed() {
    assertEquals(0, Tensor.of("instances", new float[0], 0, 1, 4, 4).data().length);
  }
}
