package dev.colorize.model.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colorize.image.CieLab;
import dev.colorize.image.LabImage;
import dev.colorize.image.RgbImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The committed stand-in detectors and the fixture PyTorch ran them on
 * (scripts/models/make_detector_standin.py).
 */
final class DetectorFixture {

  private DetectorFixture() {}

  /** {@code models/detector/<name>} on the test classpath. */
  static Path file(String name) {
    URL url = DetectorFixture.class.getResource("/models/detector/" + name);
    if (url == null) {
      throw new IllegalStateException("missing test resource models/detector/" + name
          + "; run scripts/models/make_detector_standin.py");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode expected() throws IOException {
    try (InputStream in = DetectorFixture.class.getResourceAsStream(
        "/models/detector/detector.expected.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  /** The fixture's gray values, row-major. */
  static int[] grayValues(JsonNode expected) {
    JsonNode gray = expected.get("gray");
    int[] values = new int[gray.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = gray.get(i).asInt();
    }
    return values;
  }

  /** The fixture as the colorizer's input: its CIE L, a = b = 0. */
  static LabImage lightness(JsonNode expected) {
    int width = expected.get("width").asInt();
    int height = expected.get("height").asInt();
    int[] gray = grayValues(expected);
    byte[] rgb = new byte[gray.length * 3];
    for (int i = 0; i < gray.length; i++) {
      rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = (byte) gray[i];
    }
    return CieLab.fromRgb(new RgbImage(width, height, rgb)).withoutChroma();
  }
}
