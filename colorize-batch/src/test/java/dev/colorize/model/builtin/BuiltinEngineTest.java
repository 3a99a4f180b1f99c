package dev.colorize.model.builtin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.colorize.config.ConfigurationException;
import dev.colorize.config.ModelConfig;
import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationException;
import dev.colorize.model.ColorizationInput;
import dev.colorize.model.Colorizer;
import dev.colorize.model.ModelFiles;
import dev.colorize.model.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltinEngineTest {

  private static final String ELEMENT = "<models><model>[1] 'net' ";

  @TempDir Path dir;

  private static ModelConfig config(String path, Map<String, String> options) {
    ModelConfig config = new ModelConfig("net", BuiltinEngine.ID);
    config.path = path;
    config.device = "cpu";
    config.batchSize = 2;
    config.options.putAll(options);
    return config;
  }

  private static LabImage gray(int w, int h, int seed) {
    float[] l = new float[w * h];
    for (int i = 0; i < l.length; i++) {
      l[i] = ((i * 31 + seed * 17) % 97) * 100f / 96f;
    }
    return new LabImage(w, h, l, new float[w * h], new float[w * h]);
  }

  @Test
  void colorizesThroughTheRegistryWithASavedTinyCheckpoint() throws Exception {
    Path file = BuiltinCheckpointTest.saveTiny(dir.resolve("chromagan-tiny.colorize"), 150, 32);
    ModelConfig config = config(file.toString(),
        Map.of("architecture", "chromagan", "size", "tiny"));
    config.sha256 = ModelFiles.sha256(file);
    var engine = ModelRegistry.standard().engineFor(config, ELEMENT);
    assertInstanceOf(BuiltinEngine.class, engine);
    engine.validate(config, ELEMENT);

    LabImage atSize = gray(32, 32, 1);
    LabImage other = gray(40, 24, 2);
    List<LabImage> out;
    try (Colorizer colorizer = engine.open(config)) {
      assertEquals(2, colorizer.preferredBatchSize());
      out = colorizer.colorize(List.of(ColorizationInput.of(atSize), ColorizationInput.of(other)));
    }
    assertEquals(2, out.size());
    assertEquals(40, out.get(1).width());
    assertEquals(24, out.get(1).height());
    assertArrayEquals(other.l(), out.get(1).l());
    for (LabImage image : out) {
      for (int i = 0; i < image.a().length; i++) {
        assertTrue(Math.abs(image.a()[i]) <= 110f && Math.abs(image.b()[i]) <= 110f);
      }
    }

    // The 32x32 image needs no resizing: its a/b are exactly 110 * the network's output.
    float[] expected;
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      BuiltinCheckpoint.Loaded loaded = BuiltinCheckpoint.load(file, manager);
      float[] l = atSize.l().clone();
      for (int i = 0; i < l.length; i++) {
        l[i] /= 100f;
      }
      NDList result = loaded.network().forward(new ParameterStore(manager, false),
          new NDList(manager.create(l, new Shape(1, 1, 32, 32))), false);
      expected = result.get(0).mul(ChromaGanNetwork.AB_SCALE).toFloatArray();
    }
    float[] actualA = out.get(0).a();
    float[] actualB = out.get(0).b();
    float maxDiff = 0f;
    for (int i = 0; i < 32 * 32; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actualA[i]));
      maxDiff = Math.max(maxDiff, Math.abs(expected[32 * 32 + i] - actualB[i]));
    }
    assertTrue(maxDiff < 1e-3f, "builtin colorizer equals the direct forward, max diff " + maxDiff);
  }

  @Test
  void randomInitRunsWithoutACheckpoint() throws Exception {
    ModelConfig config = config(null, Map.of("architecture", "chromagan", "size", "tiny",
        "init", "random", "inputSize", "16", "numClasses", "3"));
    try (Colorizer colorizer = new BuiltinEngine().open(config)) {
      List<LabImage> out = colorizer.colorize(List.of(ColorizationInput.of(gray(20, 12, 3))));
      assertEquals(20, out.get(0).width());
      assertEquals(12, out.get(0).height());
    }
  }

  @Test
  void runsADeOldifyCheckpoint() throws Exception {
    Path file = dir.resolve("deoldify-tiny.colorize");
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      DeOldifyNetwork net = new DeOldifyNetwork(NetworkSize.TINY);
      net.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 1, 32, 32));
      BuiltinCheckpoint.save(file, new BuiltinCheckpoint.Header(Architecture.DEOLDIFY,
          NetworkSize.TINY, 1, 32), net);
    }
    ModelConfig config = config(file.toString(), Map.of("architecture", "deoldify",
        "size", "tiny", "inputSize", "24"));
    try (Colorizer colorizer = new BuiltinEngine().open(config)) {
      List<LabImage> out = colorizer.colorize(List.of(ColorizationInput.of(gray(30, 18, 4))));
      assertEquals(30, out.get(0).width());
      assertEquals(18, out.get(0).height());
    }
  }

  @Test
  void runsAnInstColorCheckpointWithAndWithoutBoxes() throws Exception {
    Path file = dir.resolve("instcolor-tiny.colorize");
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      InstColorNetwork net = new InstColorNetwork(NetworkSize.TINY);
      net.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 1, 32, 32));
      BuiltinCheckpoint.save(file, new BuiltinCheckpoint.Header(Architecture.INSTCOLOR,
          NetworkSize.TINY, 1, 32), net);
    }
    ModelConfig config = config(file.toString(), Map.of("architecture", "instcolor",
        "size", "tiny"));
    LabImage image = gray(40, 30, 5);
    List<dev.colorize.image.Box> boxes = List.of(new dev.colorize.image.Box(4, 5, 12, 10),
        new dev.colorize.image.Box(30, 20, 20, 20));   // the second is clipped to the image
    try (Colorizer colorizer = new BuiltinEngine().open(config)) {
      List<LabImage> out = colorizer.colorize(List.of(new ColorizationInput(image, boxes),
          ColorizationInput.of(image)));
      assertEquals(2, out.size());
      assertEquals(40, out.get(0).width());
      assertEquals(30, out.get(0).height());
      float change = 0f;
      for (int i = 0; i < 40 * 30; i++) {
        change = Math.max(change, Math.abs(out.get(0).a()[i] - out.get(1).a()[i]));
      }
      assertTrue(change > 0f, "boxes reach the instance branch");
    }
  }

  private void assertInvalid(ModelConfig config, String element, String... fragments) {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> new BuiltinEngine().validate(config, ELEMENT));
    assertEquals(ELEMENT + element, e.element());
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
  }

  @Test
  void validationNamesTheOffendingElement() throws Exception {
    Map<String, String> ok = Map.of("architecture", "chromagan", "size", "tiny");
    assertInvalid(config(null, Map.of("size", "tiny")), "<architecture>", "missing");
    assertInvalid(config(null, Map.of("architecture", "pix2pix", "size", "tiny")),
        "<architecture>", "'pix2pix'");
    assertInvalid(config(null, Map.of("architecture", "chromagan")), "<size>", "missing");
    assertInvalid(config(null, Map.of("architecture", "chromagan", "size", "huge")), "<size>",
        "'huge'");
    assertInvalid(config(null, ok), "<path>", "missing", "init");
    assertInvalid(config(dir.resolve("absent.colorize").toString(), ok), "<path>",
        "does not exist");
    Path foreign = Files.writeString(dir.resolve("foreign.pt"), "not a checkpoint");
    assertInvalid(config(foreign.toString(), ok), "<path>", "not a usable colorize builtin");
    Path tiny = BuiltinCheckpointTest.saveTiny(dir.resolve("tiny.colorize"), 4, 32);
    assertInvalid(config(tiny.toString(), Map.of("architecture", "chromagan", "size", "small")),
        "<path>", "chromagan tiny", "<size>small</size>");
    assertInvalid(config(tiny.toString(), Map.of("architecture", "chromagan", "size", "tiny",
        "numClasses", "4")), "<options><numClasses>", "checkpoint");
    assertInvalid(config(tiny.toString(), Map.of("architecture", "chromagan", "size", "tiny",
        "init", "random")), "<options><init>", "also set");
    assertInvalid(config(null, Map.of("architecture", "chromagan", "size", "tiny",
        "init", "zeros")), "<options><init>", "'zeros'");
    assertInvalid(config(null, Map.of("architecture", "chromagan", "size", "tiny",
        "init", "random", "inputSize", "30")), "<options><inputSize>", "multiple of 8");
    assertInvalid(config(null, Map.of("architecture", "chromagan", "size", "tiny",
        "init", "random", "inputSize", "big")), "<options><inputSize>", "'big'");
    assertInvalid(config(null, Map.of("architecture", "chromagan", "size", "tiny",
        "init", "random", "renderFactor", "35")), "<options><renderFactor>", "not a builtin");
    ModelConfig badDevice = config(tiny.toString(), ok);
    badDevice.device = "tpu";
    assertInvalid(badDevice, "<device>", "'tpu'");
    ModelConfig badBatch = config(tiny.toString(), ok);
    badBatch.batchSize = 0;
    assertInvalid(badBatch, "<batchSize>", "0");
    new BuiltinEngine().validate(config(tiny.toString(), ok), ELEMENT);
  }

  @Test
  void openingABadModelIsAColorizationExceptionNamingTheElement() throws Exception {
    Path tiny = BuiltinCheckpointTest.saveTiny(dir.resolve("tiny.colorize"), 4, 32);
    ModelConfig config = config(tiny.toString(),
        Map.of("architecture", "chromagan", "size", "tiny"));
    config.sha256 = "0".repeat(64);
    ColorizationException e = assertThrows(ColorizationException.class,
        () -> new BuiltinEngine().open(config));
    assertTrue(e.getMessage().contains("model 'net' <sha256>"), e.getMessage());
  }
}
