package dev.colorize.model.convention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GrayLevelsTest {

  @Test
  void tableAgreesWithCieLabOnADenseSweepAndAtEveryThreshold() {
    for (int i = 0; i <= 1_000_000; i++) {
      float l = i * 1e-4f;
      if (GrayLevels.gray(l) != GrayLevels.direct(l)) {
        assertEquals(GrayLevels.direct(l), GrayLevels.gray(l), "L = " + l);
      }
    }
    // Either side of each level boundary.
    for (int k = 1; k <= 255; k++) {
      float l = 0;
      while (GrayLevels.direct(l) < k) {
        l += 0.25f;
      }
      float below = Math.nextDown(l);
      assertEquals(GrayLevels.direct(below), GrayLevels.gray(below), "L = " + below);
    }
    assertEquals(0, GrayLevels.gray(0f));
    assertEquals(255, GrayLevels.gray(100f));
    assertEquals(0, GrayLevels.gray(-5f));
    assertEquals(255, GrayLevels.gray(150f));
  }
}
