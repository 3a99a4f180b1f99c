package dev.colorize.model.convention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationInput;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabConventionTest {

  private final Convention lab = Conventions.byId("lab");

  private static ColorizationInput gray(int w, int h) {
    float[] l = new float[w * h];
    for (int i = 0; i < l.length; i++) {
      l[i] = 100f * i / (l.length - 1);
    }
    return ColorizationInput.of(new LabImage(w, h, l, new float[w * h], new float[w * h]));
  }

  @Test
  void inputAppliesDeclaredScaleAndOffsetInNchw() throws Exception {
    ColorizationInput in = gray(3, 2);
    Tensor t = lab.inputs(List.of(in, in), Map.of("lScale", "0.01", "lOffset", "-0.5")).get(0);
    assertEquals("input", t.name());
    assertArrayEquals(new long[] {2, 1, 2, 3}, t.shape());
    assertEquals(-0.5f, t.data()[0], 1e-6);
    assertEquals(0.5f, t.data()[5], 1e-6);
    assertEquals(0.5f, t.data()[11], 1e-6);
  }

  @Test
  void nhwcOutputIsScaledResizedAndJoinedWithInputL() throws Exception {
    ColorizationInput in = gray(4, 4);
    // 2x2 NHWC output: a = 0.5, b = -0.25 everywhere -> x100 -> a 50, b -25 after resize.
    float[] data = new float[2 * 2 * 2];
    for (int p = 0; p < 4; p++) {
      data[2 * p] = 0.5f;
      data[2 * p + 1] = -0.25f;
    }
    Map<String, String> options = Map.of("layout", "nhwc", "abScale", "100", "size", "2");
    List<LabImage> out = lab.outputs(
        List.of(Tensor.of("whatever", data, 1, 2, 2, 2)), List.of(in), options);
    LabImage image = out.get(0);
    assertEquals(4, image.width());
    assertArrayEquals(in.gray().l(), image.l());
    for (int p = 0; p < 16; p++) {
      assertEquals(50f, image.a()[p], 1e-5);
      assertEquals(-25f, image.b()[p], 1e-5);
    }
  }

  @Test
  void mixedSizesNeedTheSizeOption() throws Exception {
    ConventionMismatchException e = assertThrows(ConventionMismatchException.class,
        () -> lab.inputs(List.of(gray(4, 4), gray(5, 4)), Map.of()));
    assertTrue(e.getMessage().contains("4x4") && e.getMessage().contains("5x4"), e.getMessage());
    Tensor t = lab.inputs(List.of(gray(4, 4), gray(5, 4)), Map.of("size", "8")).get(0);
    assertArrayEquals(new long[] {2, 1, 8, 8}, t.shape());
  }

  @Test
  void outputWithoutTwoChannelsIsAMismatch() {
    ConventionMismatchException e = assertThrows(ConventionMismatchException.class,
        () -> lab.outputs(List.of(Tensor.of("out", new float[12], 1, 3, 2, 2)),
            List.of(gray(2, 2)), Map.of()));
    assertTrue(e.getMessage().contains("[1, 3, 2, 2]"), e.getMessage());
    assertThrows(ConventionMismatchException.class,
        () -> lab.outputs(List.of(), List.of(gray(2, 2)), Map.of()));
    assertThrows(ConventionMismatchException.class,
        () -> lab.outputs(List.of(Tensor.of("ab", new float[8], 1, 2, 2, 2)), List.of(), Map.of()));
  }

  @Test
  void nonFiniteOutputIsAMismatchNamingTheValue() {
    float[] data = new float[8];
    data[5] = Float.NaN;
    ConventionMismatchException e = assertThrows(ConventionMismatchException.class,
        () -> lab.outputs(List.of(Tensor.of("ab", data, 1, 2, 2, 2)), List.of(gray(2, 2)),
            Map.of()));
    assertTrue(e.getMessage().contains("NaN at flat index 5"), e.getMessage());
  }

  @Test
  void eachBadOptionIsNamed() {
    assertOption("size", Map.of("size", "0"));
    assertOption("size", Map.of("size", "big"));
    assertOption("lScale", Map.of("lScale", "0"));
    assertOption("lOffset", Map.of("lOffset", "NaN"));
    assertOption("abScale", Map.of("abScale", "x"));
    assertOption("layout", Map.of("layout", "chw"));
    assertOption("resize", Map.of("resize", "cubic"));
    assertOption("renderFactor", Map.of("renderFactor", "35"));
  }

  private void assertOption(String option, Map<String, String> options) {
    InvalidOptionException e =
        assertThrows(InvalidOptionException.class, () -> lab.validate(options));
    assertEquals(option, e.option());
    assertEquals("lab", e.convention());
    assertTrue(e.getMessage().contains(option), e.getMessage());
  }
}
