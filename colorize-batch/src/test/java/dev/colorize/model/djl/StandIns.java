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
    try (InputStream in = StandIns.class.getResourceAsStream("/models/" + name + ".expected.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  /** The input tensors the script fed PyTorch, rebuilt from their formula in float32. */
  static List<Tensor> inputs(JsonNode expected) {
    List<Tensor> tensors = new ArrayList<>();
    for (JsonNode spec : expected.get("inputs")) {
      long[] shape = shape(spec.get("shape"));
      int n = 1;
      for (long d : shape) {
        n *= (int) d;
      }
      long salt = spec.get("salt").asLong();
      float scale = (float) spec.get("scale").asDouble();
      float offset = (float) spec.get("offset").asDouble();
      float[] data = new float[n];
      for (int i = 0; i < n; i++) {
        // Same float32 steps as the script: integer pattern, / 100, * scale, + offset.
        float v = (float) ((i * 37L + salt) % 101) / 100f;
        v = v * scale;
        data[i] = v + offset;
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
