package dev.colorize.model.convention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colorize.image.Box;
import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationInput;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Input tensor shapes at the default options (ChromaGAN 224 NHWC, DeOldify renderFactor 35,
 * InstColor 256 with top 8 of the boxes inside the image, lab at the input's size), as
 * conventions_reference.py computes them (shapes only: the values are checked at small sizes).
 */
class DefaultShapesTest {

  @Test
  void defaultOptionsGiveTheReferenceShapes() throws Exception {
    JsonNode root;
    try (InputStream in = getClass().getResourceAsStream(
        ReferenceCase.ROOT + "default_shapes.json")) {
      assertNotNull(in, "default_shapes.json");
      root = new ObjectMapper().readTree(in);
    }
    int checked = 0;
    for (JsonNode c : root.get("cases")) {
      String id = c.get("convention").asText();
      List<ColorizationInput> batch = new ArrayList<>();
      for (JsonNode image : c.get("images")) {
        int w = image.get(0).asInt();
        int h = image.get(1).asInt();
        List<Box> boxes = new ArrayList<>();
        for (JsonNode b : image.get(2)) {
          boxes.add(new Box(b.get(0).asInt(), b.get(1).asInt(), b.get(2).asInt(),
              b.get(3).asInt()));
        }
        batch.add(new ColorizationInput(
            new LabImage(w, h, new float[w * h], new float[w * h], new float[w * h]), boxes));
      }
      List<Tensor> inputs = Conventions.byId(id).inputs(batch, Map.of());
      JsonNode expected = c.get("inputs");
      assertEquals(expected.size(), inputs.size(), id);
      for (Tensor t : inputs) {
        JsonNode shape = expected.get(t.name());
        assertNotNull(shape, id + " input " + t.name());
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
          dims[i] = shape.get(i).asLong();
        }
        assertArrayEquals(dims, t.shape(), id + " input " + t.name());
        checked++;
      }
    }
    assertEquals(6, checked);
  }
}
