package dev.colorize.model.convention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.image.CieLab;
import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationInput;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeOldifyConventionTest {

  private final Convention deoldify = Conventions.byId("deoldify");

  @Test
  void defaultRenderFactor35Gives560SquareImageNetNormalisedGray() throws Exception {
    // L of sRGB gray 128 (a = b = 0).
    double[] lab = new double[3];
    CieLab.rgbToLab(128, 128, 128, lab);
    ColorizationInput in = Inputs.flat(300, 200, (float) lab[0]);
    Tensor t = deoldify.inputs(List.of(in), Map.of()).get(0);
    assertArrayEquals(new long[] {1, 3, 560, 560}, t.shape());
    int plane = 560 * 560;
    float[] expected = {(128 / 255f - 0.485f) / 0.229f, (128 / 255f - 0.456f) / 0.224f,
        (128 / 255f - 0.406f) / 0.225f};
    for (int c = 0; c < 3; c++) {
      assertEquals(expected[c], t.data()[c * plane], 1e-5);
      assertEquals(expected[c], t.data()[c * plane + plane - 1], 1e-5);
    }
    assertArrayEquals(new long[] {1, 3, 160, 160},
        deoldify.inputs(List.of(in), Map.of("renderFactor", "10")).get(0).shape());
  }

  @Test
  void modelReturningItsGrayInputYieldsNoChroma() throws Exception {
    // DeOldify's out-of-memory path returns the gray input: the check must see no colour.
    ColorizationInput in = Inputs.ramp(24, 20);
    Map<String, String> options = Map.of("renderFactor", "2");
    List<Tensor> echo = deoldify.inputs(List.of(in), options);
    LabImage out = deoldify.outputs(echo, List.of(in), options).get(0);
    assertFalse(ChromaCheck.hasChroma(out), "chromatic fraction "
        + ChromaCheck.chromaticFraction(out));
    for (int p = 0; p < out.l().length; p++) {
      assertEquals(in.gray().l()[p], out.l()[p], 0.5); // 8-bit gray round trip
    }
  }

  @Test
  void colouredOutputKeepsOriginalLumaAndCarriesChroma() throws Exception {
    ColorizationInput in = Inputs.flat(10, 10, 60f);
    Map<String, String> options = Map.of("renderFactor", "1");
    // Model says pure-ish red everywhere (normalised space).
    float[] data = new float[3 * 16 * 16];
    float[] rgb = {0.9f, 0.2f, 0.2f};
    for (int c = 0; c < 3; c++) {
      for (int p = 0; p < 256; p++) {
        data[c * 256 + p] = (rgb[c] - DeOldifyConvention.MEAN[c]) / DeOldifyConvention.STD[c];
      }
    }
    Tensor output = Tensor.of("output", data, 1, 3, 16, 16);
    LabImage yuv = deoldify.outputs(List.of(output), List.of(in), options).get(0);
    assertTrue(ChromaCheck.hasChroma(yuv));
    assertTrue(yuv.a()[0] > 20, "red has positive a, got " + yuv.a()[0]);
    // luma is kept, not CIE L: a red of the same luma is a little lighter in L*
    assertTrue(Math.abs(yuv.l()[0] - 60f) < 8, "L " + yuv.l()[0]);
    LabImage kept = deoldify.outputs(List.of(output), List.of(in),
        Map.of("renderFactor", "1", "luminance", "input")).get(0);
    assertArrayEquals(in.gray().l(), kept.l());
    assertArrayEquals(yuv.a(), kept.a());
  }

  @Test
  void wrongOutputsAndOptionsAreReported() {
    ColorizationInput in = Inputs.ramp(4, 4);
    ConventionMismatchException e = assertThrows(ConventionMismatchException.class,
        () -> deoldify.outputs(List.of(Tensor.of("output", new float[32], 1, 2, 4, 4)),
            List.of(in), Map.of()));
    assertTrue(e.getMessage().contains("[1, 3, H, W]"), e.getMessage());
    for (Map<String, String> bad : List.of(Map.of("renderFactor", "0"),
        Map.of("renderFactor", "257"), Map.of("renderFactor", "a"), Map.of("luminance", "y"),
        Map.of("inputSize", "224"))) {
      InvalidOptionException x =
          assertThrows(InvalidOptionException.class, () -> deoldify.validate(bad));
      assertEquals(bad.keySet().iterator().next(), x.option());
      assertEquals(bad.values().iterator().next(), x.value() == null
          ? bad.values().iterator().next() : x.value());
    }
  }
}
