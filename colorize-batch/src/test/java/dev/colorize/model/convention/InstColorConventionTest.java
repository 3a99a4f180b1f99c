package dev.colorize.model.convention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.image.Box;
import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationInput;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstColorConventionTest {

  private final InstColorConvention instcolor =
      (InstColorConvention) Conventions.byId("instcolor");

  @Test
  void defaultSignatureIsFull256InstancesAndBoxes() throws Exception {
    ColorizationInput in = Inputs.ramp(256, 256, new Box(0, 0, 128, 64), new Box(64, 64, 32, 32));
    List<Tensor> t = instcolor.inputs(List.of(in), Map.of());
    assertEquals(List.of("full", "instances", "boxes"), t.stream().map(Tensor::name).toList());
    assertArrayEquals(new long[] {1, 1, 256, 256}, t.get(0).shape());
    assertArrayEquals(new long[] {2, 1, 256, 256}, t.get(1).shape());
    assertArrayEquals(new long[] {2, 4}, t.get(2).shape());
    assertArrayEquals(new float[] {0f, 0f, 0.5f, 0.25f, 0.25f, 0.25f, 0.375f, 0.375f},
        t.get(2).data());
    assertEquals(-0.5f, t.get(0).data()[0], 1e-6); // (0 - 50) / 100
    assertEquals(0.5f, t.get(0).data()[256 * 256 - 1], 1e-6); // (100 - 50) / 100
    assertEquals(1, instcolor.maxBatchSize(Map.of()));
  }

  @Test
  void noInstancesGiveEmptyTensors() throws Exception {
    List<Tensor> t = instcolor.inputs(List.of(Inputs.ramp(20, 10)), Map.of("size", "16"));
    assertArrayEquals(new long[] {0, 1, 16, 16}, t.get(1).shape());
    assertArrayEquals(new long[] {0, 4}, t.get(2).shape());
    ColorizationInput boxed = Inputs.ramp(20, 10, new Box(1, 1, 5, 5));
    assertEquals(0, instcolor.inputs(List.of(boxed), Map.of("size", "16", "topK", "0")).get(1)
        .dim(0));
  }

  @Test
  void selectionClipsDropsAndKeepsTheLargestTopK() {
    ColorizationInput in = Inputs.ramp(40, 30, new Box(2, 3, 10, 8), new Box(30, 20, 20, 20),
        new Box(5, 10, 25, 15), new Box(50, 50, 4, 4), new Box(0, 0, 10, 10));
    assertEquals(List.of(new Box(5, 10, 25, 15), new Box(30, 20, 10, 10), new Box(0, 0, 10, 10)),
        instcolor.selectInstances(in, Map.of("topK", "3")));
    assertEquals(4, instcolor.selectInstances(in, Map.of()).size());
  }

  @Test
  void tanhOutputTimes110IsResizedAndJoined() throws Exception {
    ColorizationInput in = Inputs.ramp(50, 30);
    float[] ab = new float[2 * 32 * 32];
    Arrays.fill(ab, 0, 1024, 0.5f);
    Arrays.fill(ab, 1024, 2048, -1f);
    LabImage out = instcolor.outputs(List.of(Tensor.of("fusion_out", ab, 1, 2, 32, 32)),
        List.of(in), Map.of("size", "32")).get(0);
    assertEquals(50, out.width());
    assertArrayEquals(in.gray().l(), out.l());
    assertEquals(55f, out.a()[17], 1e-4);
    assertEquals(-110f, out.b()[1499], 1e-4);
  }

  @Test
  void batchesOfMoreThanOneAndBadOutputsAreRejected() {
    ColorizationInput in = Inputs.ramp(8, 8);
    ConventionMismatchException e = assertThrows(ConventionMismatchException.class,
        () -> instcolor.inputs(List.of(in, in), Map.of()));
    assertEquals("batch", e.tensor());
    assertTrue(e.getMessage().contains("2 images"), e.getMessage());
    assertThrows(ConventionMismatchException.class, () -> instcolor.outputs(
        List.of(Tensor.of("ab", new float[8 * 8 * 3], 1, 3, 8, 8)), List.of(in), Map.of()));
  }

  @Test
  void eachBadOptionIsNamed() {
    for (Map<String, String> bad : List.of(Map.of("topK", "-1"), Map.of("topK", "65"),
        Map.of("size", "4"), Map.of("size", "x"), Map.of("layout", "nhwc"))) {
      InvalidOptionException e =
          assertThrows(InvalidOptionException.class, () -> instcolor.validate(bad));
      assertEquals(bad.keySet().iterator().next(), e.option());
    }
  }
}
