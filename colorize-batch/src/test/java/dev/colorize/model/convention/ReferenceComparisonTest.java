package dev.colorize.model.convention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.image.LabImage;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares each Java convention with the independent Python/NumPy reference (OpenCV, Pillow,
 * scikit-image) of scripts/conventions/conventions_reference.py on the same inputs and fake model
 * outputs.
 *
 * <p>Tolerances: input tensors 1e-6 absolute (float32 rounding of values of order 1; measured
 * at most 1.4e-7); output Lab 1e-4 absolute (a, b up to 128; measured at most 7.7e-6), except
 * DeOldify, whose merged RGB is rounded to 8 bits before Lab: a float32-ulp difference can move a
 * channel across a rounding boundary, so at most 1% of values may differ by more than 1e-4, each
 * by at most 1.0 Lab unit (one 8-bit step; measured 3 of 6480 values, at most 0.53).
 */
class ReferenceComparisonTest {

  static Stream<ReferenceCase> cases() {
    return ReferenceCase.NAMES.stream().map(ReferenceCase::load);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void inputTensorsMatchTheReference(ReferenceCase c) throws Exception {
    Convention convention = Conventions.byId(c.convention());
    List<Tensor> actual = convention.inputs(c.batch(), c.options());
    List<Tensor> expected = c.withPrefix("input");
    assertEquals(expected.size(), actual.size(), c + ": number of input tensors");
    for (int i = 0; i < expected.size(); i++) {
      Tensor e = expected.get(i);
      Tensor a = actual.get(i);
      assertEquals(e.name(), a.name(), c + ": input " + i + " name");
      assertArrayEquals(e.shape(), a.shape(), c + ": shape of " + e.name());
      assertClose(e.data(), a.data(), 1e-6, c + " input " + e.name());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void postProcessedLabMatchesTheReference(ReferenceCase c) throws Exception {
    Convention convention = Conventions.byId(c.convention());
    List<LabImage> out = convention.outputs(c.withPrefix("output"), c.batch(), c.options());
    assertEquals(c.batch().size(), out.size());
    boolean rounded = c.convention().equals("deoldify");
    for (int i = 0; i < out.size(); i++) {
      LabImage image = out.get(i);
      assertEquals(c.batch().get(i).gray().width(), image.width());
      assertEquals(c.batch().get(i).gray().height(), image.height());
      String what = c + " image " + i;
      float[][] actual = {image.l(), image.a(), image.b()};
      String[] planes = {"l", "a", "b"};
      for (int p = 0; p < 3; p++) {
        float[] expected = c.array("expected" + i + "." + planes[p]).data();
        if (rounded) {
          assertMostlyClose(expected, actual[p], what + " " + planes[p]);
        } else {
          assertClose(expected, actual[p], 1e-4, what + " " + planes[p]);
        }
      }
    }
  }

  static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      double d = Math.abs(expected[i] - actual[i]);
      if (!(d <= tolerance)) {
        throw new AssertionError(what + " differs at " + i + ": expected " + expected[i]
            + ", got " + actual[i] + " (tolerance " + tolerance + ")");
      }
    }
  }

  static void assertMostlyClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    int off = 0;
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      double d = Math.abs(expected[i] - actual[i]);
      max = Math.max(max, Double.isNaN(d) ? Double.POSITIVE_INFINITY : d);
      if (!(d <= 1e-4)) {
        off++;
      }
    }
    assertTrue(max <= 1.0, what + ": max difference " + max);
    assertTrue(off <= expected.length / 100, what + ": " + off + " of " + expected.length
        + " values differ by more than 1e-4 (max " + max + ")");
  }
}
