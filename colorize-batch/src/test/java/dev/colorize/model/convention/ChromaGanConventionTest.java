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

class ChromaGanConventionTest {

  private final Convention chromagan = Conventions.byId("chromagan");

  @Test
  void defaultInputIs224Nhwc3ChannelsOfLOver100() throws Exception {
    ColorizationInput in = Inputs.flat(256, 256, 40f);
    Tensor t = chromagan.inputs(List.of(in, in), Map.of()).get(0);
    assertEquals("input", t.name());
    assertArrayEquals(new long[] {2, 224, 224, 3}, t.shape());
    for (float v : t.data()) {
      assertEquals(0.4f, v, 1e-6); // 40 * 255/100 = 102 in OpenCV 8-bit L, /255
    }
    Tensor nchw = chromagan.inputs(List.of(in), Map.of("layout", "nchw")).get(0);
    assertArrayEquals(new long[] {1, 3, 224, 224}, nchw.shape());
  }

  @Test
  void sigmoidOutputMapsToOpenCvAbAndIsClipped() throws Exception {
    ColorizationInput in = Inputs.ramp(6, 4);
    int s = 8;
    float[] ab = new float[s * s * 2];
    for (int p = 0; p < s * s; p++) {
      ab[2 * p] = 1.2f;      // above the sigmoid range: clipped to 255 -> a = 127
      ab[2 * p + 1] = 0.25f; // 63.75 - 128 = -64.25
    }
    Tensor classes = Tensor.of("class", Inputs.filled(1000, 0.001f), 1, 1000);
    List<LabImage> out = chromagan.outputs(List.of(classes, Tensor.of("ab", ab, 1, s, s, 2)),
        List.of(in), Map.of("inputSize", "8"));
    LabImage image = out.get(0);
    assertEquals(6, image.width());
    assertEquals(4, image.height());
    assertArrayEquals(in.gray().l(), image.l());
    for (int p = 0; p < 24; p++) {
      assertEquals(127f, image.a()[p], 1e-4);
      assertEquals(-64.25f, image.b()[p], 1e-4);
    }
  }

  @Test
  void classDistributionIsExposedPerImage() throws Exception {
    float[] data = new float[2 * 1000];
    data[7] = 1f;
    data[1000 + 999] = 1f;
    List<Tensor> outputs = List.of(Tensor.of("ab", new float[2 * 4 * 4 * 2], 2, 4, 4, 2),
        Tensor.of("dense_2", data, 2, 1000));
    float[][] classes = ChromaGanConvention.classDistribution(outputs, 2);
    assertEquals(1f, classes[0][7]);
    assertEquals(1f, classes[1][999]);
    assertEquals(1000, classes[1].length);
    assertThrows(ConventionMismatchException.class,
        () -> ChromaGanConvention.classDistribution(outputs.subList(0, 1), 2));
  }

  @Test
  void outputsAreFoundByShapeWhatEverTheirNames() throws Exception {
    ColorizationInput in = Inputs.ramp(4, 4);
    List<Tensor> outputs = List.of(Tensor.of("out_1", new float[1000], 1, 1000),
        Tensor.of("out_0", Inputs.filled(128, 0.5f), 1, 8, 8, 2));
    LabImage image = chromagan.outputs(outputs, List.of(in), Map.of("inputSize", "8")).get(0);
    assertEquals(-0.5f, image.a()[0], 1e-5);
  }

  @Test
  void wrongOutputsAreMismatches() {
    ColorizationInput in = Inputs.ramp(4, 4);
    // NCHW tensor while the layout is NHWC: no output has 2 channels last.
    ConventionMismatchException e = assertThrows(ConventionMismatchException.class,
        () -> chromagan.outputs(List.of(Tensor.of("ab", new float[32], 1, 2, 4, 4)),
            List.of(in), Map.of()));
    assertEquals("ab", e.tensor());
    assertTrue(e.getMessage().contains("[1, 2, 4, 4]"), e.getMessage());
    // batch of two, output for one
    assertThrows(ConventionMismatchException.class,
        () -> chromagan.outputs(List.of(Tensor.of("x", new float[32], 1, 4, 4, 2)),
            List.of(in, in), Map.of()));
  }

  @Test
  void eachBadOptionIsNamed() {
    for (Map<String, String> bad : List.of(Map.of("inputSize", "4"), Map.of("inputSize", "2x"),
        Map.of("layout", "hwc"), Map.of("renderFactor", "3"))) {
      InvalidOptionException e =
          assertThrows(InvalidOptionException.class, () -> chromagan.validate(bad));
      assertEquals(bad.keySet().iterator().next(), e.option());
      assertEquals("chromagan", e.convention());
    }
    chromagan.validate(Map.of("inputSize", "256", "layout", "NCHW", "signature", "serving"));
  }
}
