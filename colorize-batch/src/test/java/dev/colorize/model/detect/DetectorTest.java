package dev.colorize.model.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.colorize.config.ConfigurationException;
import dev.colorize.config.DetectorConfig;
import dev.colorize.image.Box;
import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationException;
import dev.colorize.model.convention.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java detector path against the boxes PyTorch computed for the stand-in detector. */
class DetectorTest {

  private static final String ELEMENT = "<models><model>[1] 'inst' <detector>";
  private static JsonNode expected;
  private static LabImage fixture;

  @BeforeAll
  static void load() throws Exception {
    expected = DetectorFixture.expected();
    fixture = DetectorFixture.lightness(expected);
  }

  private static DetectorConfig config(String file) {
    DetectorConfig c = new DetectorConfig(DetectorFixture.file(file).toString());
    c.device = "cpu";
    return c;
  }

  private static List<Box> referenceBoxes(JsonNode selection) {
    List<Box> boxes = new ArrayList<>();
    for (JsonNode b : selection.get("boxes")) {
      boxes.add(new Box(b.get("x").asInt(), b.get("y").asInt(), b.get("width").asInt(),
          b.get("height").asInt()));
    }
    return boxes;
  }

  @Test
  void inputIsTheGrayImageOnThreeChannelsInZeroToOne() {
    int[] gray = DetectorFixture.grayValues(expected);
    float[] input = Detector.input(fixture);
    assertEquals(3 * gray.length, input.length);
    for (int c = 0; c < 3; c++) {
      for (int p = 0; p < gray.length; p++) {
        assertEquals(gray[p] / 255f, input[c * gray.length + p], 0f, "channel " + c + " pixel " + p);
      }
    }
  }

  @Test
  void rawOutputsAndEverySelectionMatchPyTorch() throws Exception {
    try (Detector detector = Detector.open(config("detector.pt"), "cpu", ELEMENT)) {
      List<Detection> raw = detector.detect(fixture);
      JsonNode boxes = expected.get("boxes");
      JsonNode scores = expected.get("scores");
      assertEquals(boxes.size(), raw.size());
      for (int i = 0; i < raw.size(); i++) {
        Detection d = raw.get(i);
        float[] got = {d.x0(), d.y0(), d.x1(), d.y1()};
        for (int j = 0; j < 4; j++) {
          assertEquals(boxes.get(i).get(j).asDouble(), got[j], 1e-6, "box " + i + " corner " + j);
        }
        assertEquals(scores.get(i).asDouble(), d.score(), 1e-6, "score " + i);
      }
      int width = expected.get("width").asInt();
      int height = expected.get("height").asInt();
      for (JsonNode selection : expected.get("selections")) {
        double threshold = selection.get("scoreThreshold").asDouble();
        int topK = selection.get("topK").asInt();
        assertEquals(referenceBoxes(selection),
            Detector.select(raw, threshold, topK, width, height),
            "scoreThreshold " + threshold + ", topK " + topK);
      }
    }
  }

  @Test
  void configuredThresholdAndTopKApply() throws Exception {
    DetectorConfig c = config("detector.pt");
    c.scoreThreshold = 0.05;
    c.topK = 2;
    JsonNode selection = null;
    for (JsonNode s : expected.get("selections")) {
      if (s.get("scoreThreshold").asDouble() == 0.05 && s.get("topK").asInt() == 2) {
        selection = s;
      }
    }
    try (Detector detector = Detector.open(c, "auto", ELEMENT)) {
      List<Box> boxes = detector.boxes(fixture);
      assertEquals(referenceBoxes(selection), boxes);
      assertEquals(2, boxes.size(), "4 boxes pass 0.05, top-k keeps 2");
    }
  }

  @Test
  void matchingSha256Loads() throws Exception {
    DetectorConfig c = config("detector.pt");
    c.sha256 = expected.get("sha256").asText().toUpperCase();
    try (Detector detector = Detector.open(c, "cpu", ELEMENT)) {
      assertEquals(DetectorFixture.file("detector.pt").toAbsolutePath().normalize(),
          detector.file());
    }
  }

  @Test
  void sha256MismatchIsRefusedBeforeLoading() {
    DetectorConfig c = config("detector.pt");
    c.sha256 = "0".repeat(64);
    ColorizationException e = assertThrows(ColorizationException.class,
        () -> Detector.open(c, "cpu", ELEMENT));
    assertTrue(e.getMessage().startsWith(ELEMENT + "<sha256> does not match"), e.getMessage());
    assertTrue(e.getMessage().contains(expected.get("sha256").asText()), e.getMessage());
  }

  @Test
  void outputOutsideTheConventionFailsAtOpenWithTheShapes() {
    DetectorException e = assertThrows(DetectorException.class,
        () -> Detector.open(config("detector-bad-shape.pt"), "cpu", ELEMENT));
    assertTrue(e.getMessage().contains("returned boxes [6, 3] and scores [6]"), e.getMessage());
    assertTrue(e.getMessage().contains("expected boxes [K, 4]"), e.getMessage());
    assertEquals(DetectorFixture.file("detector-bad-shape.pt").toAbsolutePath().normalize(),
        e.file());
  }

  @Test
  void aFileThatIsNotTorchScriptIsALoadError(@TempDir Path dir) throws Exception {
    Path bogus = Files.writeString(dir.resolve("detector.pt"), "not a model");
    DetectorConfig c = new DetectorConfig(bogus.toString());
    DetectorException e = assertThrows(DetectorException.class,
        () -> Detector.open(c, "cpu", ELEMENT));
    assertTrue(e.getMessage().contains("cannot be loaded as TorchScript"), e.getMessage());
  }

  @Test
  void parseRejectsMissingOutputsMismatchedCountsAndNonFiniteValues() {
    Path file = Path.of("d.pt");
    Tensor boxes = Tensor.of("b", new float[] {0, 0, 4, 4, 1, 1, 2, 2}, 2, 4);
    DetectorException one = assertThrows(DetectorException.class,
        () -> Detector.parse(List.of(boxes), file));
    assertTrue(one.getMessage().contains("returned 1 output(s) [[2, 4]]"), one.getMessage());
    DetectorException count = assertThrows(DetectorException.class,
        () -> Detector.parse(List.of(boxes, Tensor.of("s", new float[] {1}, 1)), file));
    assertTrue(count.getMessage().contains("scores [1]"), count.getMessage());
    DetectorException nan = assertThrows(DetectorException.class, () -> Detector.parse(
        List.of(boxes, Tensor.of("s", new float[] {0.5f, Float.NaN}, 2)), file));
    assertTrue(nan.getMessage().contains("non-finite score NaN at [1]"), nan.getMessage());
    DetectorException inf = assertThrows(DetectorException.class, () -> Detector.parse(List.of(
        Tensor.of("b", new float[] {0, 0, Float.POSITIVE_INFINITY, 4}, 1, 4),
        Tensor.of("s", new float[] {0.5f}, 1)), file));
    assertTrue(inf.getMessage().contains("coordinate Infinity at [0, 2]"), inf.getMessage());
    assertEquals(List.of(), assertDoesNotFail(List.of(Tensor.of("b", new float[0], 0, 4),
        Tensor.of("s", new float[0], 0))), "K = 0 is a valid answer");
  }

  private static List<Detection> assertDoesNotFail(List<Tensor> outputs) {
    try {
      return Detector.parse(outputs, Path.of("d.pt"));
    } catch (DetectorException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void selectKeepsTheThresholdInclusiveOrdersByScoreStablyAndCutsAtTopK() {
    List<Detection> d = List.of(
        new Detection(0, 0, 10, 10, 0.5f),     // exactly at the threshold: kept
        new Detection(1, 1, 5, 5, 0.9f),
        new Detection(2, 2, 6, 6, 0.49f),      // below: dropped
        new Detection(3, 3, 9, 9, 0.9f),       // ties with the second: after it
        new Detection(-4.5f, 7.9f, 3.2f, 40f, 0.7f)); // clipped and truncated
    assertEquals(List.of(new Box(1, 1, 4, 4), new Box(3, 3, 6, 6), new Box(0, 7, 3, 13),
        new Box(0, 0, 10, 10)), Detector.select(d, 0.5, 8, 20, 20));
    assertEquals(List.of(new Box(1, 1, 4, 4), new Box(3, 3, 6, 6)),
        Detector.select(d, 0.5, 2, 20, 20));
    assertEquals(List.of(), Detector.select(d, 0.95, 8, 20, 20));
  }

  @Test
  void boxesEmptyAfterClippingDoNotTakeATopKPlace() {
    List<Detection> d = List.of(
        new Detection(30, 30, 40, 40, 0.99f),  // outside a 20 x 20 image
        new Detection(2.2f, 2.9f, 2.8f, 9f, 0.98f), // thinner than a pixel: empty
        new Detection(1, 1, 5, 5, 0.6f));
    assertNull(d.get(0).toBox(20, 20));
    assertNull(d.get(1).toBox(20, 20));
    assertEquals(List.of(new Box(1, 1, 4, 4)), Detector.select(d, 0.5, 1, 20, 20));
  }

  @Test
  void validateNamesTheOffendingElement(@TempDir Path dir) throws Exception {
    String file = Files.writeString(dir.resolve("d.pt"), "x").toString();
    assertEquals(ELEMENT + "<path>", element(new DetectorConfig(null)));
    assertEquals(ELEMENT + "<path>", element(new DetectorConfig(dir.resolve("no.pt").toString())));
    DetectorConfig sha = new DetectorConfig(file);
    sha.sha256 = "abc";
    assertEquals(ELEMENT + "<sha256>", element(sha));
    DetectorConfig device = new DetectorConfig(file);
    device.device = "tpu";
    assertEquals(ELEMENT + "<device>", element(device));
    for (double bad : new double[] {-0.1, 1.5, Double.NaN}) {
      DetectorConfig threshold = new DetectorConfig(file);
      threshold.scoreThreshold = bad;
      ConfigurationException e = assertThrows(ConfigurationException.class,
          () -> Detector.validate(threshold, ELEMENT));
      assertEquals(ELEMENT + "<scoreThreshold>", e.element());
      assertTrue(e.getMessage().contains("is " + bad + "; use a score between 0 and 1"),
          e.getMessage());
    }
    for (int bad : new int[] {0, 65}) {
      DetectorConfig topK = new DetectorConfig(file);
      topK.topK = bad;
      assertEquals(ELEMENT + "<topK>", element(topK));
    }
    DetectorConfig instances = new DetectorConfig(file);
    instances.instances = "dataset-only";
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Detector.validate(instances, ELEMENT));
    assertEquals(ELEMENT + "<instances> is 'dataset-only'; use auto, detector, both (auto: the"
        + " dataset's boxes when an image has any, else the detector's)", e.getMessage());
    Detector.validate(new DetectorConfig(file), ELEMENT); // defaults are valid
  }

  private static String element(DetectorConfig c) {
    return assertThrows(ConfigurationException.class, () -> Detector.validate(c, ELEMENT))
        .element();
  }
}
