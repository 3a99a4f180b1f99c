package dev.colorize.model.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.colorize.config.ModelConfig;
import dev.colorize.image.Box;
import dev.colorize.image.CieLab;
import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationInput;
import dev.colorize.model.Colorizer;
import dev.colorize.model.convention.Convention;
import dev.colorize.model.convention.Conventions;
import dev.colorize.model.convention.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each convention through each engine, via the Colorizer API: gray images built so that the
 * convention's input tensors are exactly the script's "small" case, so the colorizer must return
 * the convention's post-processing of the outputs PyTorch computed for that case.
 */
class ConventionEndToEndTest {

  static Stream<Arguments> cases() {
    List<Arguments> args = new ArrayList<>();
    for (String engine : List.of(TorchScriptEngine.ID, OnnxEngine.ID)) {
      args.add(Arguments.of(engine, "chromagan", "small"));
      args.add(Arguments.of(engine, "deoldify", "small"));
      args.add(Arguments.of(engine, "instcolor", "small"));
      args.add(Arguments.of(engine, "instcolor", "noInstances"));
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void colorizerGivesTheConventionOfPyTorchOutputs(String engineId, String model, String name)
      throws Exception {
    check(engineId, model, name, StandIns.file(model, StandIns.extension(engineId)));
  }

  /** An ONNX graph declaring (boxes, full, instances): inputs must go by name, not position. */
  @Test
  void onnxInputsGoByName() throws Exception {
    check(OnnxEngine.ID, "instcolor", "small", StandIns.file("instcolor-reordered", "onnx"));
  }

  private static void check(String engineId, String model, String name, Path file)
      throws Exception {
    JsonNode testCase = StandIns.testCase(StandIns.expected(model), name);
    Map<String, String> options = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = testCase.get("options").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      options.put(e.getKey(), e.getValue().asText());
    }
    List<ColorizationInput> batch = batch(model, testCase);
    Convention convention = Conventions.byId(model);

    // The gray images are what the script fed PyTorch, through the convention's pre-processing.
    List<Tensor> fed = convention.inputs(batch, options);
    List<Tensor> scripted = StandIns.inputs(testCase);
    assertEquals(scripted.size(), fed.size());
    for (int t = 0; t < fed.size(); t++) {
      assertArrayEquals(scripted.get(t).shape(), fed.get(t).shape(), scripted.get(t).name());
      assertArrayEquals(scripted.get(t).data(), fed.get(t).data(), 1e-5f, scripted.get(t).name());
    }

    List<LabImage> expected = convention.outputs(StandIns.fullOutputs(testCase), batch, options);
    ModelConfig config = new ModelConfig("standin", engineId);
    config.convention = model;
    config.path = file.toString();
    config.options = options;
    config.device = "cpu";
    List<LabImage> actual;
    try (Colorizer colorizer = (engineId.equals(OnnxEngine.ID)
        ? new OnnxEngine() : new TorchScriptEngine()).open(config)) {
      actual = colorizer.colorize(batch);
    }
    assertEquals(batch.size(), actual.size());
    for (int i = 0; i < batch.size(); i++) {
      LabImage want = expected.get(i);
      LabImage got = actual.get(i);
      assertEquals(batch.get(i).gray().width(), got.width());
      assertEquals(batch.get(i).gray().height(), got.height());
      assertPlane(want.l(), got.l(), "L of image " + i);
      assertPlane(want.a(), got.a(), "a of image " + i);
      assertPlane(want.b(), got.b(), "b of image " + i);
    }
  }

  private static void assertPlane(float[] want, float[] got, String what) {
    double worst = 0;
    for (int p = 0; p < want.length; p++) {
      worst = Math.max(worst, Math.abs(want[p] - got[p]));
    }
    assertEquals(0, worst, 1e-3, what + ": largest difference");
  }

  /** Gray images whose convention inputs are the case's formula inputs. */
  private static List<ColorizationInput> batch(String model, JsonNode testCase) {
    JsonNode first = testCase.get("inputs").get(0);
    long[] shape = StandIns.shape(first.get("shape"));
    int n = (int) shape[0];
    int size = (int) (model.equals("chromagan") ? shape[1] : shape[2]);
    List<ColorizationInput> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] l = new float[size * size];
      double[] lab = new double[3];
      for (int p = 0; p < l.length; p++) {
        long k = StandIns.patternInteger(first, (long) i * l.length + p);
        if (model.equals("deoldify")) {
          // An 8-bit gray value k: the L whose sRGB gray is k.
          CieLab.rgbToLab((int) k, (int) k, (int) k, lab);
          l[p] = (float) lab[0];
        } else {
          l[p] = k; // L = k gives L / 100 (chromagan) and (L - 50) / 100 (instcolor)
        }
      }
      LabImage gray = new LabImage(size, size, l, new float[l.length], new float[l.length]);
      batch.add(new ColorizationInput(gray, boxes(model, testCase, size)));
    }
    return batch;
  }

  private static List<Box> boxes(String model, JsonNode testCase, int size) {
    List<Box> boxes = new ArrayList<>();
    if (!model.equals("instcolor")) {
      return boxes;
    }
    JsonNode values = testCase.get("inputs").get(2).get("values");
    for (int k = 0; k + 3 < values.size(); k += 4) {
      int x1 = (int) Math.round(values.get(k).asDouble() * size);
      int y1 = (int) Math.round(values.get(k + 1).asDouble() * size);
      int x2 = (int) Math.round(values.get(k + 2).asDouble() * size);
      int y2 = (int) Math.round(values.get(k + 3).asDouble() * size);
      boxes.add(Box.fromCorners(x1, y1, x2, y2));
    }
    return boxes;
  }
}
