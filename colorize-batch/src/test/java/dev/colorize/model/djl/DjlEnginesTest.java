package dev.colorize.model.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import dev.colorize.config.ConfigurationException;
import dev.colorize.config.ModelConfig;
import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationException;
import dev.colorize.model.ColorizationInput;
import dev.colorize.model.Colorizer;
import dev.colorize.model.ColorizerEngine;
import dev.colorize.model.ModelFiles;
import dev.colorize.model.ModelRegistry;
import dev.colorize.model.convention.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DjlEnginesTest {

  private static final String ELEMENT = "<models><model>[1] 'standin' ";

  @TempDir Path dir;

  private static ColorizerEngine engine(String id) {
    return id.equals(OnnxEngine.ID) ? new OnnxEngine() : new TorchScriptEngine();
  }

  private static ModelConfig config(String engineId, String convention, Path file) {
    ModelConfig config = new ModelConfig("standin", engineId);
    config.convention = convention;
    config.path = file.toString();
    config.device = "cpu";
    return config;
  }

  static Stream<Arguments> standIns() {
    List<Arguments> args = new ArrayList<>();
    for (String engine : List.of(TorchScriptEngine.ID, OnnxEngine.ID)) {
      for (String model : List.of("lab", "chromagan", "deoldify", "instcolor")) {
        args.add(Arguments.of(engine, model));
      }
    }
    return args.stream();
  }

  /**
   * DJL runs the committed stand-in on every case the script wrote (the convention's default
   * sizes, a small case, InstColor without instances) and gets the numbers PyTorch computed.
   */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("standIns")
  void rawOutputsMatchPyTorch(String engineId, String model) throws Exception {
    JsonNode expected = StandIns.expected(model);
    ModelConfig config =
        config(engineId, model, StandIns.file(model, StandIns.extension(engineId)));
    try (DjlColorizer colorizer = (DjlColorizer) engine(engineId).open(config)) {
      assertEquals(Device.cpu(), colorizer.device());
      for (JsonNode testCase : expected.get("cases")) {
        List<Tensor> outputs = colorizer.run(StandIns.inputs(testCase));
        JsonNode specs = testCase.get("outputs");
        assertEquals(specs.size(), outputs.size());
        for (int k = 0; k < outputs.size(); k++) {
          assertMatches(specs.get(k), outputs.get(k), engineId,
              model + " " + testCase.get("name").asText());
        }
      }
    }
  }

  private static void assertMatches(JsonNode spec, Tensor actual, String engineId, String where) {
    String what = where + " " + spec.get("name").asText();
    assertArrayEquals(StandIns.shape(spec.get("shape")), actual.shape(), what);
    if (engineId.equals(OnnxEngine.ID)) {
      assertEquals(spec.get("name").asText(), actual.name(), "ONNX outputs keep the graph's names");
    }
    float[] data = actual.data();
    JsonNode index = spec.get("index");
    JsonNode value = spec.get("value");
    for (int i = 0; i < index.size(); i++) {
      double want = value.get(i).asDouble();
      assertEquals(want, data[index.get(i).asInt()], 2e-6 + 1e-5 * Math.abs(want),
          what + "[" + index.get(i).asInt() + "]");
    }
    double sum = 0;
    double sumAbs = 0;
    for (float v : data) {
      sum += v;
      sumAbs += Math.abs(v);
    }
    double tolerance = 1e-5 * data.length;
    assertEquals(spec.get("sum").asDouble(), sum, tolerance, what + " sum");
    assertEquals(spec.get("sumAbs").asDouble(), sumAbs, tolerance, what + " sum of |x|");
  }

  /**
   * Through the Colorizer API with the lab convention: L planes whose scaled values are exactly the
   * script's input, so a and b must be PyTorch's ab outputs times abScale.
   */
  @ParameterizedTest
  @ValueSource(strings = {TorchScriptEngine.ID, OnnxEngine.ID})
  void labEndToEndGivesPyTorchChroma(String engineId) throws Exception {
    JsonNode expected = StandIns.testCase(StandIns.expected("lab"), "signature");
    Tensor input = StandIns.inputs(expected).get(0);
    int n = (int) input.dim(0);
    int h = (int) input.dim(2);
    int w = (int) input.dim(3);
    List<ColorizationInput> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] l = new float[h * w];
      for (int p = 0; p < l.length; p++) {
        l[p] = ((i * h * w + p) * 37L % 101); // L 0..100; L * 0.01 - 0.5 is the script's input
      }
      batch.add(ColorizationInput.of(
          new LabImage(w, h, l, new float[l.length], new float[l.length])));
    }
    ModelConfig config =
        config(engineId, "lab", StandIns.file("lab", StandIns.extension(engineId)));
    config.options = Map.of("lScale", "0.01", "lOffset", "-0.5", "abScale", "100");
    config.batchSize = 2;
    List<LabImage> out;
    try (Colorizer colorizer = engine(engineId).open(config)) {
      assertEquals(2, colorizer.preferredBatchSize());
      out = colorizer.colorize(batch);
    }
    JsonNode ab = expected.get("outputs").get(0);
    JsonNode values = ab.get("value");
    assertEquals(n * 2 * h * w, values.size(), "the lab expectation stores every value");
    assertEquals(n, out.size());
    for (int i = 0; i < n; i++) {
      LabImage image = out.get(i);
      assertEquals(w, image.width());
      assertEquals(h, image.height());
      assertArrayEquals(batch.get(i).gray().l(), image.l(), "L is the input's");
      for (int p = 0; p < h * w; p++) {
        double a = 100 * values.get((i * 2) * h * w + p).asDouble();
        double b = 100 * values.get((i * 2 + 1) * h * w + p).asDouble();
        assertEquals(a, image.a()[p], 1e-3, "a of image " + i + " pixel " + p);
        assertEquals(b, image.b()[p], 1e-3, "b of image " + i + " pixel " + p);
      }
    }
  }

  @Test
  void matchingSha256Loads() throws Exception {
    Path file = StandIns.file("lab", "pt");
    ModelConfig config = config(TorchScriptEngine.ID, "lab", file);
    config.sha256 = ModelFiles.sha256(file).toUpperCase(java.util.Locale.ROOT);
    try (Colorizer colorizer = new TorchScriptEngine().open(config)) {
      assertInstanceOf(DjlColorizer.class, colorizer);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {TorchScriptEngine.ID, OnnxEngine.ID})
  void sha256MismatchIsRefusedBeforeLoading(String engineId) throws Exception {
    Path original = StandIns.file("lab", StandIns.extension(engineId));
    Path copy = dir.resolve(original.getFileName());
    byte[] bytes = Files.readAllBytes(original);
    Files.write(copy, bytes);
    String declared = ModelFiles.sha256(original);
    // A changed file: same size, one byte different.
    bytes[bytes.length / 2] ^= 1;
    Files.write(copy, bytes);
    ModelConfig config = config(engineId, "lab", copy);
    config.sha256 = declared;
    ColorizationException e = assertThrows(ColorizationException.class,
        () -> engine(engineId).open(config));
    assertTrue(e.getMessage().startsWith("model 'standin' <sha256>"), e.getMessage());
    assertTrue(e.getMessage().contains(copy + " has sha256 " + ModelFiles.sha256(copy)
        + ", the POM declares " + declared), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {TorchScriptEngine.ID, OnnxEngine.ID})
  void missingFileIsAConfigurationErrorAndCannotOpen(String engineId) {
    ModelConfig config = config(engineId, "lab", dir.resolve("absent.model"));
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> engine(engineId).validate(config, ELEMENT));
    assertEquals(ELEMENT + "<path>", e.element());
    assertTrue(e.getMessage().contains("absent.model' does not exist"), e.getMessage());
    ColorizationException open = assertThrows(ColorizationException.class,
        () -> engine(engineId).open(config));
    assertTrue(open.getMessage().contains("absent.model' does not exist"), open.getMessage());
  }

  @Test
  void validateNamesTheOffendingElement() throws Exception {
    Path file = StandIns.file("lab", "pt");
    ColorizerEngine engine = new TorchScriptEngine();

    ModelConfig noConvention = config(TorchScriptEngine.ID, null, file);
    assertEquals(ELEMENT + "<convention>", assertThrows(ConfigurationException.class,
        () -> engine.validate(noConvention, ELEMENT)).element());

    ModelConfig unknown = config(TorchScriptEngine.ID, "pix2pix", file);
    ConfigurationException u = assertThrows(ConfigurationException.class,
        () -> engine.validate(unknown, ELEMENT));
    assertTrue(u.getMessage().contains("'pix2pix', not a known convention; use one of: "),
        u.getMessage());

    ModelConfig badOption = config(TorchScriptEngine.ID, "lab", file);
    badOption.options = Map.of("lScale", "zero");
    ConfigurationException o = assertThrows(ConfigurationException.class,
        () -> engine.validate(badOption, ELEMENT));
    assertEquals(ELEMENT + "<options><lScale>", o.element());

    ModelConfig badDevice = config(TorchScriptEngine.ID, "lab", file);
    badDevice.device = "cuda:0";
    assertEquals(ELEMENT + "<device>", assertThrows(ConfigurationException.class,
        () -> engine.validate(badDevice, ELEMENT)).element());

    ModelConfig badSha = config(TorchScriptEngine.ID, "lab", file);
    badSha.sha256 = "md5:1234";
    assertEquals(ELEMENT + "<sha256>", assertThrows(ConfigurationException.class,
        () -> engine.validate(badSha, ELEMENT)).element());

    ModelConfig badBatch = config(TorchScriptEngine.ID, "lab", file);
    badBatch.batchSize = 0;
    assertEquals(ELEMENT + "<batchSize>", assertThrows(ConfigurationException.class,
        () -> engine.validate(badBatch, ELEMENT)).element());

    ModelConfig directory = config(TorchScriptEngine.ID, "lab", dir);
    assertEquals(ELEMENT + "<path>", assertThrows(ConfigurationException.class,
        () -> engine.validate(directory, ELEMENT)).element());
  }

  @Test
  void gpuTheEngineDoesNotSeeIsAClearError() {
    ModelConfig config = config(OnnxEngine.ID, "lab", StandIns.file("lab", "onnx"));
    config.device = "gpu:64";
    ColorizationException e = assertThrows(ColorizationException.class,
        () -> new OnnxEngine().open(config));
    // "sees no GPU" here; "sees only N GPU(s)" on a CUDA machine.
    assertTrue(e.getMessage().contains("'gpu:64' was requested but the OnnxRuntime engine sees "),
        e.getMessage());
    assertTrue(e.getMessage().contains("docs/gpu.md"), e.getMessage());
  }

  @Test
  void autoDeviceLoadsWhereTheEngineSays() throws Exception {
    ModelConfig config = config(TorchScriptEngine.ID, "lab", StandIns.file("lab", "pt"));
    config.device = "auto";
    int gpus = ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount();
    try (DjlColorizer colorizer = (DjlColorizer) new TorchScriptEngine().open(config)) {
      assertEquals(gpus > 0 ? Device.gpu(0) : Device.cpu(), colorizer.device());
    }
  }

  /** Users name weights as they like (.pth, .torchscript, no extension); the engine decides. */
  @ParameterizedTest
  @ValueSource(strings = {TorchScriptEngine.ID, OnnxEngine.ID})
  void anyFileNameLoads(String engineId) throws Exception {
    Path renamed = dir.resolve("weights.v2.bin");
    Files.copy(StandIns.file("lab", StandIns.extension(engineId)), renamed);
    JsonNode testCase = StandIns.testCase(StandIns.expected("lab"), "signature");
    try (DjlColorizer colorizer =
        (DjlColorizer) engine(engineId).open(config(engineId, "lab", renamed))) {
      assertMatches(testCase.get("outputs").get(0),
          colorizer.run(StandIns.inputs(testCase)).get(0), engineId, "renamed lab");
    }
  }

  @Test
  void wrongFileFormatIsALoadError() {
    // An ONNX file declared as TorchScript.
    ModelConfig config = config(TorchScriptEngine.ID, "lab", StandIns.file("lab", "onnx"));
    ColorizationException e = assertThrows(ColorizationException.class,
        () -> new TorchScriptEngine().open(config));
    assertTrue(e.getMessage().startsWith("model 'standin' cannot load "), e.getMessage());
    assertTrue(e.getMessage().contains("with DJL PyTorch on cpu()"), e.getMessage());
  }

  @Test
  void wrongInputShapeFailsTheBatchWithTheShapes() throws Exception {
    ModelConfig config = config(OnnxEngine.ID, "lab", StandIns.file("lab", "onnx"));
    try (DjlColorizer colorizer = (DjlColorizer) new OnnxEngine().open(config)) {
      Tensor threeChannels = Tensor.of("input", new float[2 * 3 * 4 * 4], 2, 3, 4, 4);
      ColorizationException e = assertThrows(ColorizationException.class,
          () -> colorizer.run(List.of(threeChannels)));
      assertTrue(e.getMessage().startsWith("model 'standin' failed on inputs [input [2, 3, 4, 4]]"),
          e.getMessage());
    }
  }

  @Test
  void standardRegistryHasBothEngines() {
    assertTrue(ModelRegistry.standard().engineIds().containsAll(List.of("torchscript", "onnx")));
  }
}
