package dev.colorize.model.convention;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colorize.image.Box;
import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One case written by scripts/conventions/conventions_reference.py: a JSON header (convention,
 * options, images, array shapes and offsets) and a raw little-endian float32 file.
 */
record ReferenceCase(String name, String convention, Map<String, String> options,
    List<ColorizationInput> batch, Map<String, Tensor> arrays) {

  static final String ROOT = "/reference/conventions/";
  static final List<String> NAMES =
      List.of("chromagan_nhwc", "chromagan_nchw", "deoldify_rf2", "instcolor_s32", "lab_nhwc_pil");

  static ReferenceCase load(String name) {
    try {
      JsonNode meta = new ObjectMapper().readTree(bytes(name + ".json"));
      ByteBuffer blob = ByteBuffer.wrap(bytes(name + ".f32")).order(ByteOrder.LITTLE_ENDIAN);
      Map<String, Tensor> arrays = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = meta.get("arrays").fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        JsonNode shapeNode = field.getValue().get("shape");
        long[] shape = new long[shapeNode.size()];
        long size = 1;
        for (int i = 0; i < shape.length; i++) {
          shape[i] = shapeNode.get(i).asLong();
          size *= shape[i];
        }
        float[] data = new float[(int) size];
        int offset = field.getValue().get("offset").asInt();
        for (int i = 0; i < data.length; i++) {
          data[i] = blob.getFloat(4 * (offset + i));
        }
        String key = field.getKey();
        arrays.put(key, new Tensor(key.substring(key.indexOf('.') + 1), shape, data));
      }
      Map<String, String> options = new LinkedHashMap<>();
      meta.get("options").fields().forEachRemaining(e -> options.put(e.getKey(),
          e.getValue().asText()));
      List<ColorizationInput> batch = new ArrayList<>();
      int index = 0;
      for (JsonNode image : meta.get("images")) {
        int w = image.get("width").asInt();
        int h = image.get("height").asInt();
        float[] l = arrays.get("image" + index + ".l").data();
        List<Box> boxes = new ArrayList<>();
        for (JsonNode b : image.get("instances")) {
          boxes.add(new Box(b.get(0).asInt(), b.get(1).asInt(), b.get(2).asInt(),
              b.get(3).asInt()));
        }
        batch.add(new ColorizationInput(new LabImage(w, h, l, new float[w * h],
            new float[w * h]), boxes));
        index++;
      }
      return new ReferenceCase(name, meta.get("convention").asText(), options, batch, arrays);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Arrays whose key starts with {@code prefix + "."}, named by the rest of the key. */
  List<Tensor> withPrefix(String prefix) {
    List<Tensor> out = new ArrayList<>();
    arrays.forEach((key, t) -> {
      if (key.startsWith(prefix + ".")) {
        out.add(t);
      }
    });
    return out;
  }

  Tensor array(String key) {
    Tensor t = arrays.get(key);
    assertNotNull(t, name + " has no array " + key);
    return t;
  }

  private static byte[] bytes(String file) throws IOException {
    try (InputStream in = ReferenceCase.class.getResourceAsStream(ROOT + file)) {
      assertNotNull(in, "missing test resource " + ROOT + file
          + " (run /usr/bin/python3 scripts/conventions/conventions_reference.py)");
      return in.readAllBytes();
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
