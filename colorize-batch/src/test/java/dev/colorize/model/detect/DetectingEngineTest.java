package dev.colorize.model.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.colorize.config.ConfigurationException;
import dev.colorize.config.DetectorConfig;
import dev.colorize.config.ModelConfig;
import dev.colorize.image.Box;
import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationException;
import dev.colorize.model.ColorizationInput;
import dev.colorize.model.Colorizer;
import dev.colorize.model.ColorizerEngine;
import dev.colorize.model.ModelRegistry;
import java.net.URL;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A model with a {@code <detector>}: checks, and the detector's boxes reaching the model. */
class DetectingEngineTest {

  private static final String ELEMENT = "<models><model>[1] 'inst' ";
  /** The stand-in's boxes at the default threshold 0.5 and top-k 8 (reference selection). */
  private static final List<Box> DETECTED = List.of(new Box(19, 3, 13, 12));
  private static final Box DATASET_BOX = new Box(0, 16, 24, 16);
  private static JsonNode expected;
  private static LabImage fixture;
  private final ModelRegistry registry = ModelRegistry.standard();

  @BeforeAll
  static void load() throws Exception {
    expected = DetectorFixture.expected();
    fixture = DetectorFixture.lightness(expected);
  }

  private static ModelConfig instColor(String instances) throws Exception {
    URL url = DetectingEngineTest.class.getResource("/models/instcolor.pt");
    ModelConfig m = new ModelConfig("inst", "torchscript");
    m.convention = "instcolor";
    m.path = Path.of(url.toURI()).toString();
    m.device = "cpu";
    m.options.put("size", "16");
    m.detector = new DetectorConfig(DetectorFixture.file("detector.pt").toString());
    m.detector.instances = instances;
    return m;
  }

  @Test
  void theReferenceSelectionIsWhatTheseTestsExpect() {
    for (JsonNode s : expected.get("selections")) {
      if (s.get("scoreThreshold").asDouble() == 0.5 && s.get("topK").asInt() == 8) {
        JsonNode b = s.get("boxes").get(0);
        assertEquals(1, s.get("boxes").size());
        assertEquals(DETECTED.get(0), new Box(b.get("x").asInt(), b.get("y").asInt(),
            b.get("width").asInt(), b.get("height").asInt()));
      }
    }
  }

  @Test
  void registryWrapsOnlyModelsWithADetector() throws Exception {
    ModelConfig m = instColor("auto");
    ColorizerEngine wrapped = registry.engineFor(m, ELEMENT);
    assertInstanceOf(DetectingEngine.class, wrapped);
    assertEquals("torchscript", wrapped.id());
    m.detector = null;
    assertFalse(registry.engineFor(m, ELEMENT) instanceof DetectingEngine);
    wrapped.validate(instColor("both"), ELEMENT);
  }

  @Test
  void aDetectorOnAModelThatIgnoresInstancesIsAConfigurationError() throws Exception {
    ModelConfig m = instColor("auto");
    m.convention = "chromagan";
    m.options.clear();
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> registry.engineFor(m, ELEMENT).validate(m, ELEMENT));
    assertEquals(ELEMENT + "<detector>", e.element());
    assertTrue(e.getMessage().contains("convention 'chromagan', which ignores instance boxes"),
        e.getMessage());
    ModelConfig builtin = instColor("auto");
    builtin.engine = "builtin";
    builtin.convention = null;
    builtin.options.clear();
    builtin.options.put("architecture", "instcolor");
    assertTrue(DetectingEngine.usesInstances(builtin), "builtin instcolor takes boxes");
  }

  @Test
  void aBuiltinInstColorNetworkRunsWithADetector() throws Exception {
    ModelConfig builtin = new ModelConfig("inst", "builtin");
    builtin.device = "cpu";
    builtin.options.put("architecture", "instcolor");
    builtin.options.put("size", "tiny");
    builtin.options.put("init", "random");
    builtin.detector = new DetectorConfig(DetectorFixture.file("detector.pt").toString());
    ColorizerEngine engine = registry.engineFor(builtin, ELEMENT);
    engine.validate(builtin, ELEMENT);
    try (Colorizer c = engine.open(builtin)) {
      assertEquals(DETECTED,
          ((DetectingColorizer) c).withInstances(ColorizationInput.of(fixture)).instances());
      LabImage out = c.colorize(List.of(ColorizationInput.of(fixture))).get(0);
      assertEquals(fixture.width(), out.width());
      assertEquals(fixture.height(), out.height());
    }
  }

  @Test
  void detectorSettingsAreCheckedThroughTheModel() throws Exception {
    ModelConfig m = instColor("auto");
    m.detector.topK = 0;
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> registry.engineFor(m, ELEMENT).validate(m, ELEMENT));
    assertEquals(ELEMENT + "<detector><topK>", e.element());
  }

  @Test
  void detectorSha256MismatchFailsTheModelsOpen() throws Exception {
    ModelConfig m = instColor("auto");
    m.detector.sha256 = "1".repeat(64);
    ColorizationException e = assertThrows(ColorizationException.class,
        () -> registry.engineFor(m, ELEMENT).open(m));
    assertTrue(e.getMessage().startsWith("model 'inst' <detector><sha256> does not match"),
        e.getMessage());
  }

  @Test
  void autoUsesTheDetectorOnlyForImagesWithoutDatasetBoxes() throws Exception {
    ModelConfig m = instColor("auto");
    try (Colorizer c = registry.engineFor(m, ELEMENT).open(m)) {
      DetectingColorizer d = assertInstanceOf(DetectingColorizer.class, c);
      assertEquals(DETECTED, d.withInstances(ColorizationInput.of(fixture)).instances());
      assertEquals(List.of(DATASET_BOX), d.withInstances(
          new ColorizationInput(fixture, List.of(DATASET_BOX))).instances());
    }
  }

  @Test
  void detectorAndBothSources() throws Exception {
    ColorizationInput withDatasetBox = new ColorizationInput(fixture, List.of(DATASET_BOX));
    ModelConfig detector = instColor("detector");
    try (Colorizer c = registry.engineFor(detector, ELEMENT).open(detector)) {
      assertEquals(DETECTED, ((DetectingColorizer) c).withInstances(withDatasetBox).instances());
    }
    ModelConfig both = instColor("both");
    try (Colorizer c = registry.engineFor(both, ELEMENT).open(both)) {
      assertEquals(List.of(DATASET_BOX, DETECTED.get(0)),
          ((DetectingColorizer) c).withInstances(withDatasetBox).instances());
    }
  }

  @Test
  void theModelColorizesWithTheDetectorsBoxes() throws Exception {
    ModelConfig m = instColor("auto");
    ModelConfig plain = instColor("auto");
    plain.detector = null;
    LabImage detected;
    LabImage given;
    LabImage none;
    try (Colorizer c = registry.engineFor(m, ELEMENT).open(m)) {
      detected = c.colorize(List.of(ColorizationInput.of(fixture))).get(0);
    }
    try (Colorizer c = registry.engineFor(plain, ELEMENT).open(plain)) {
      given = c.colorize(List.of(new ColorizationInput(fixture, DETECTED))).get(0);
      none = c.colorize(List.of(ColorizationInput.of(fixture))).get(0);
    }
    assertTrue(Arrays.equals(given.a(), detected.a()) && Arrays.equals(given.b(), detected.b()),
        "the detector's boxes are what the model received");
    assertNotEquals(Arrays.toString(none.a()), Arrays.toString(detected.a()),
        "the instance branch changed the colours");
  }

  @Test
  void instanceSourcesCombine() {
    List<Box> dataset = List.of(DATASET_BOX);
    assertSame(InstanceSource.AUTO, InstanceSource.fromId(null));
    assertSame(InstanceSource.BOTH, InstanceSource.fromId(" Both "));
    assertFalse(InstanceSource.AUTO.needsDetector(dataset));
    assertTrue(InstanceSource.AUTO.needsDetector(List.of()));
    assertTrue(InstanceSource.DETECTOR.needsDetector(dataset));
    assertEquals(dataset, InstanceSource.AUTO.combine(dataset, null));
    assertEquals(DETECTED, InstanceSource.AUTO.combine(List.of(), DETECTED));
    assertEquals(DETECTED, InstanceSource.DETECTOR.combine(dataset, DETECTED));
    assertEquals(List.of(DATASET_BOX, DETECTED.get(0)),
        InstanceSource.BOTH.combine(dataset, DETECTED));
    assertThrows(IllegalArgumentException.class, () -> InstanceSource.fromId("dataset"));
  }
}
