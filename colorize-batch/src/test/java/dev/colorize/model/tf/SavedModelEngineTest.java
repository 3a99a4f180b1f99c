package dev.colorize.model.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.config.ConfigurationException;
import dev.colorize.config.ModelConfig;
import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationException;
import dev.colorize.model.ColorizationInput;
import dev.colorize.model.Colorizer;
import dev.colorize.model.ModelRegistry;
import dev.colorize.model.convention.Convention;
import dev.colorize.model.convention.Conventions;
import dev.colorize.model.convention.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedModelEngineTest {

  private static final String ELEMENT = "<models><model> 'stand-in' ";

  @TempDir
  static Path shared;
  private static Path model;

  @TempDir
  Path temp;

  private final SavedModelEngine engine = new SavedModelEngine(id ->
      id.equals(TiledLightnessConvention.ID) ? new TiledLightnessConvention()
          : Conventions.byId(id));

  @BeforeAll
  static void exportStandIn() throws IOException {
    model = StandInSavedModel.export(shared.resolve("stand-in"));
  }

  @Test
  void colorizesLikeTheSameComputationInPlainJava() throws Exception {
    List<ColorizationInput> batch = List.of(randomGray(256, 256, 1), randomGray(256, 256, 2),
        randomGray(300, 200, 3));
    try (Colorizer colorizer = engine.open(config(model))) {
      assertEquals(3, colorizer.preferredBatchSize());
      List<LabImage> actual = colorizer.colorize(batch);

      Convention convention = new TiledLightnessConvention();
      Tensor fed = convention.inputs(batch, Map.of()).get(0);
      float[] ab = StandInSavedModel.ab(fed.data(), batch.size());
      float[] classes = StandInSavedModel.classes(fed.data(), batch.size());
      List<LabImage> expected = convention.outputs(List.of(
          new Tensor("ab", new long[] {3, 224, 224, 2}, ab),
          new Tensor("class", new long[] {3, 1000}, classes)), batch, Map.of());

      assertEquals(3, actual.size());
      for (int i = 0; i < 3; i++) {
        LabImage got = actual.get(i);
        LabImage want = expected.get(i);
        assertEquals(want.width(), got.width());
        assertEquals(want.height(), got.height());
        assertArrayEquals(batch.get(i).gray().l(), got.l());
        assertArrayEquals(want.a(), got.a(), 1e-3f, "a of image " + i);
        assertArrayEquals(want.b(), got.b(), 1e-3f, "b of image " + i);
      }
      // A second batch on the same session gives the same numbers (nothing leaks between calls).
      assertArrayEquals(actual.get(0).a(), colorizer.colorize(batch.subList(0, 1)).get(0).a(),
          1e-5f);
    }
  }

  @Test
  void classOutputReachesTheConventionAsTheSameDistribution() throws Exception {
    List<ColorizationInput> batch = List.of(randomGray(256, 256, 7), randomGray(256, 256, 8));
    List<List<Tensor>> seen = new ArrayList<>();
    TiledLightnessConvention tiled = new TiledLightnessConvention();
    Convention recording = new Convention() {
      @Override
      public String id() {
        return "recording";
      }

      @Override
      public List<Tensor> inputs(List<ColorizationInput> images, Map<String, String> options) {
        return tiled.inputs(images, options);
      }

      @Override
      public List<LabImage> outputs(List<Tensor> outputs, List<ColorizationInput> images,
          Map<String, String> options) {
        seen.add(outputs);
        return tiled.outputs(outputs, images, options);
      }
    };
    SavedModelEngine recordingEngine = new SavedModelEngine(id -> recording);
    try (Colorizer colorizer = recordingEngine.open(config(model))) {
      colorizer.colorize(batch);
    }
    Tensor classes = seen.get(0).get(1);
    assertEquals(StandInSavedModel.CLASS, classes.name());
    assertArrayEquals(new long[] {2, 1000}, classes.shape());
    float[] fed = tiled.inputs(batch, Map.of()).get(0).data();
    assertArrayEquals(StandInSavedModel.classes(fed, 2), classes.data(), 1e-5f);
    assertArrayEquals(new long[] {2, 224, 224, 2}, seen.get(0).get(0).shape());
  }

  @Test
  void isRegisteredInTheStandardRegistry() {
    ModelConfig config = config(model);
    assertTrue(ModelRegistry.standard().engineFor(config, ELEMENT) instanceof SavedModelEngine);
  }

  @Test
  void missingDirectoryIsAConfigurationErrorNamingThePath() {
    ModelConfig config = config(temp.resolve("nowhere"));
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> engine.validate(config, ELEMENT));
    assertEquals(ELEMENT + "<path>", e.element());
    assertTrue(e.getMessage().contains("nowhere") && e.getMessage().contains("does not exist"),
        e.getMessage());
  }

  @Test
  void directoryWithoutSavedModelPbIsRejectedBeforeLoading() throws IOException {
    Path empty = Files.createDirectories(temp.resolve("empty"));
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> engine.validate(config(empty), ELEMENT));
    assertTrue(e.getMessage().contains("no saved_model.pb"), e.getMessage());
  }

  @Test
  void kerasH5FileGetsTheConversionHint() throws IOException {
    Path h5 = Files.write(temp.resolve("ChromaGAN.h5"), new byte[] {1, 2, 3});
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> engine.validate(config(h5), ELEMENT));
    assertTrue(e.getMessage().contains("is a file")
        && e.getMessage().contains("export_chromagan_savedmodel.md"), e.getMessage());
  }

  @Test
  void corruptSavedModelIsAColorizationErrorNamingTheDirectory() throws IOException {
    Path corrupt = Files.createDirectories(temp.resolve("corrupt"));
    Files.writeString(corrupt.resolve("saved_model.pb"), "not a protocol buffer");
    ColorizationException e = assertThrows(ColorizationException.class,
        () -> engine.open(config(corrupt)));
    assertTrue(e.getMessage().contains(corrupt.toString()), e.getMessage());
  }

  @Test
  void unknownSignatureListsTheAvailableOnes() {
    ModelConfig config = config(model);
    config.options.put("signature", "predict");
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> engine.open(config));
    assertEquals("<models><model> 'stand-in' <options><signature>", e.element());
    assertTrue(e.getMessage().contains("'predict'")
        && e.getMessage().contains("[serving_default]"), e.getMessage());
  }

  @Test
  void severalOutputsWithoutTheOutputsOptionAreRefusedWithTheirNames() {
    ModelConfig config = config(model);
    config.options.remove("outputs");
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> engine.open(config));
    assertTrue(e.element().endsWith("<options><outputs>"), e.element());
    assertTrue(e.getMessage().contains(StandInSavedModel.AB)
        && e.getMessage().contains(StandInSavedModel.CLASS), e.getMessage());
  }

  @Test
  void unknownOutputNameIsRefused() {
    ModelConfig config = config(model);
    config.options.put("outputs", "ab_out,probabilities");
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> engine.open(config));
    assertTrue(e.getMessage().contains("'probabilities'"), e.getMessage());
  }

  @Test
  void inputsOptionBindsByNameAndRejectsAnUnknownInput() throws Exception {
    ModelConfig config = config(model);
    config.options.put("inputs", StandInSavedModel.INPUT);
    try (Colorizer colorizer = engine.open(config)) {
      assertEquals(1, colorizer.colorize(List.of(randomGray(64, 64, 4))).size());
    }
    config.options.put("inputs", "gray");
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> engine.open(config));
    assertTrue(e.element().endsWith("<options><inputs>"), e.element());
    assertTrue(e.getMessage().contains(StandInSavedModel.INPUT), e.getMessage());
  }

  @Test
  void matchingSha256LoadsAndAMismatchIsRefusedWithBothDigests() throws Exception {
    ModelConfig config = config(model);
    config.sha256 = SavedModelDigest.of(model);
    try (Colorizer colorizer = engine.open(config)) {
      assertEquals(1, colorizer.colorize(List.of(randomGray(32, 32, 5))).size());
    }
    config.sha256 = "0".repeat(64);
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> engine.open(config));
    assertEquals("<models><model> 'stand-in' <sha256>", e.element());
    assertTrue(e.getMessage().contains(SavedModelDigest.of(model))
        && e.getMessage().contains("0".repeat(64)), e.getMessage());
  }

  @Test
  void malformedSha256IsAConfigurationError() {
    ModelConfig config = config(model);
    config.sha256 = "abc";
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> engine.validate(config, ELEMENT));
    assertEquals(ELEMENT + "<sha256>", e.element());
  }

  @Test
  void missingConventionAndBadBatchSizeAreConfigurationErrors() {
    ModelConfig noConvention = config(model);
    noConvention.convention = null;
    assertEquals(ELEMENT + "<convention>", assertThrows(ConfigurationException.class,
        () -> engine.validate(noConvention, ELEMENT)).element());
    ModelConfig zeroBatch = config(model);
    zeroBatch.batchSize = 0;
    assertEquals(ELEMENT + "<batchSize>", assertThrows(ConfigurationException.class,
        () -> engine.validate(zeroBatch, ELEMENT)).element());
  }

  @Test
  void gpuOnTheCpuBuildIsAConfigurationError() {
    ModelConfig config = config(model);
    config.device = "gpu:0";
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> engine.open(config));
    assertEquals("<models><model> 'stand-in' <device>", e.element());
  }

  @Test
  void cpuDeviceRunsAndClosedColorizerRefusesWork() throws Exception {
    ModelConfig config = config(model);
    config.device = "cpu";
    Colorizer colorizer = engine.open(config);
    assertEquals(1, colorizer.colorize(List.of(randomGray(16, 16, 6))).size());
    colorizer.close();
    colorizer.close();
    assertThrows(IllegalStateException.class,
        () -> colorizer.colorize(List.of(randomGray(16, 16, 6))));
  }

  private static ModelConfig config(Path path) {
    ModelConfig config = new ModelConfig("stand-in", SavedModelEngine.ID);
    config.convention = TiledLightnessConvention.ID;
    config.path = path.toString();
    config.batchSize = 3;
    config.options.put("outputs", StandInSavedModel.AB + "," + StandInSavedModel.CLASS);
    return config;
  }

  private static ColorizationInput randomGray(int width, int height, long seed) {
    Random random = new Random(seed);
    int n = width * height;
    float[] l = new float[n];
    for (int i = 0; i < n; i++) {
      l[i] = 100 * random.nextFloat();
    }
    return ColorizationInput.of(new LabImage(width, height, l, new float[n], new float[n]));
  }
}
