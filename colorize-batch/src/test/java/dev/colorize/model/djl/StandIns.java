package dev.colorize.model.djl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colorize.model.convention.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed stand-in models (scripts/models/make_standins.py) and what PyTorch computed for
 * them: the formula inputs and the expected outputs.
 */
final class StandIns {

  private StandIns() {}

  /** The model file {@code models/<name>.<ext>} on the test classpath. */
  static Path file(String name, String extension) {
    URL url = StandIns.class.getResource("/models/" + name + "." + extension);
    if (url == null) {
      throw new IllegalStateException("missing test resource models/" + name + "." + extension
          + "; run scripts/models/make_standins.py");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The extension of an engine's stand-in files. */
  static String extension(String engineId) {
    return engineId.equals(OnnxEngine.ID) ? "onnx" : "pt";
  }

  static JsonNode expected(String name) throws IOException {
    String resource = "/models/" + name + ".expected.json";
    try (InputStream in = StandIns.class.getResourceAsStream(resource)) {
      return new ObjectMapper().readTree(in);
    }
  }

  /** The case called {@code name} of a model's expectations. */
  static JsonNode testCase(JsonNode expected, String name) {
    for (JsonNode c : expected.get("cases")) {
      if (c.get("name").asText().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("no case '" + name + "'");
  }

  /** The base value of the script's formula at flat index i: an integer k, and v = k / divisor. */
  static long patternInteger(JsonNode spec, long i) {
    return (i * 37L + spec.get("salt").asLong()) % spec.get("modulus").asLong();
  }

  /** The input tensors the script fed PyTorch in one case, rebuilt in float32. */
  static List<Tensor> inputs(JsonNode testCase) {
    List<Tensor> tensors = new ArrayList<>();
    for (JsonNode spec : testCase.get("inputs")) {
      tensors.add(input(spec));
    }
    return tensors;
  }

  private static Tensor input(JsonNode spec) {
    long[] shape = shape(spec.get("shape"));
    int n = 1;
    for (long d : shape) {
      n *= (int) d;
    }
    float[] data = new float[n];
    if (spec.has("values")) {
      for (int i = 0; i < n; i++) {
        data[i] = (float) spec.get("values").get(i).asDouble();
      }
      return new Tensor(spec.get("name").asText(), shape, data);
    }
    int axis = spec.get("axis").asInt();
    int channels = (int) shape[axis];
    int inner = 1;
    for (int d = axis + 1; d < shape.length; d++) {
      inner *= (int) shape[d];
    }
    float divisor = (float) spec.get("divisor").asDouble();
    for (int i = 0; i < n; i++) {
      // Flat index in the base shape (1 along axis) and the channel along axis.
      int outer = i / (inner * channels);
      int c = (i / inner) % channels;
      long base = (long) outer * inner + i % inner;
      // Same float32 steps as the script: integer pattern, / divisor, * scale, + offset.
      float v = (float) patternInteger(spec, base) / divisor;
      v = v * (float) spec.get("scale").get(c).asDouble();
      data[i] = v + (float) spec.get("offset").get(c).asDouble();
    }
    return new Tensor(spec.get("name").asText(), shape, data);
  }

  /** The outputs PyTorch computed in a case stored in full, as tensors named as in the model. */
  static List<Tensor> fullOutputs(JsonNode testCase) {
    List<Tensor> tensors = new ArrayList<>();
    for (JsonNode spec : testCase.get("outputs")) {
      long[] shape = shape(spec.get("shape"));
      JsonNode values = spec.get("value");
      float[] data = new float[values.size()];
      for (int i = 0; i < data.length; i++) {
        if (spec.get("index").get(i).asInt() != i) {
          throw new IllegalArgumentException("case '" + testCase.get("name").asText()
              + "' stores only a sample of " + spec.get("name").asText());
        }
        data[i] = (float) values.get(i).asDouble();
      }
      tensors.add(new Tensor(spec.get("name").asText(), shape, data));
    }
    return tensors;
  }

  static long[] shape(JsonNode array) {
    long[] shape = new long[array.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = array.get(i).asLong();
    }
    return shape;
  }
}
