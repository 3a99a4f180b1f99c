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
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class SavedModelEngineTest {

  private static final String ELEMENT = "<models><model> 'stand-in' ";

  @TempDir
  static Path shared;
  private static Path model;
  private static Path chromaGan;

  @TempDir
  Path temp;

  private final SavedModelEngine engine = new SavedModelEngine();

  @BeforeAll
  static void exportStandIn() throws IOException {
    model = StandInSavedModel.export(shared.resolve("stand-in"), 1);
    chromaGan = StandInSavedModel.export(shared.resolve("chromagan-stand-in"), 3);
  }

  @Test
  void chromaGanConventionRunsTheKerasSignatureWithoutOptions() throws Exception {
    List<ColorizationInput> batch = List.of(randomGray(256, 256, 11), randomGray(320, 240, 12));
    ModelConfig config = new ModelConfig("chromagan", SavedModelEngine.ID);
    config.convention = "chromagan";
    config.path = chromaGan.toString();
    try (Colorizer colorizer = engine.open(config)) {
      List<LabImage> actual = colorizer.colorize(batch);

      Convention chroma = Conventions.byId("chromagan");
      Tensor fed = chroma.inputs(batch, Map.of()).get(0);
      assertArrayEquals(new long[] {2, 224, 224, 3}, fed.shape());
      List<LabImage> expected = chroma.outputs(List.of(
          new Tensor("ab_out", new long[] {2, 224, 224, 2}, StandInSavedModel.ab(fed.data(), 2, 3)),
          new Tensor("class_out", new long[] {2, 1000},
              StandInSavedModel.classes(fed.data(), 2, 3))), batch, Map.of());
      for (int i = 0; i < batch.size(); i++) {
        assertEquals(batch.get(i).gray().width(), actual.get(i).width());
        assertArrayEquals(batch.get(i).gray().l(), actual.get(i).l());
        assertArrayEquals(expected.get(i).a(), actual.get(i).a(), 1e-3f, "a of image " + i);
        assertArrayEquals(expected.get(i).b(), actual.get(i).b(), 1e-3f, "b of image " + i);
      }
      assertTrue(maxAbs(actual.get(1).a()) > 20, "a spans " + maxAbs(actual.get(1).a()));
    }
  }

  @Test
  void colorizesLikeTheSameComputationInPlainJava() throws Exception {
    List<ColorizationInput> batch = List.of(randomGray(256, 256, 1), randomGray(256, 256, 2),
        randomGray(300, 200, 3));
    ModelConfig config = config(model);
    try (Colorizer colorizer = engine.open(config)) {
      assertEquals(3, colorizer.preferredBatchSize());
      List<LabImage> actual = colorizer.colorize(batch);

      Convention lab = Conventions.byId("lab");
      Tensor fed = lab.inputs(batch, config.options).get(0);
      assertArrayEquals(new long[] {3, 224, 224, 1}, fed.shape());
      float[] ab = StandInSavedModel.ab(fed.data(), 3, 1);
      float[] classes = StandInSavedModel.classes(fed.data(), 3, 1);
      List<LabImage> expected = lab.outputs(List.of(
          new Tensor("class_out", new long[] {3, 1000}, classes),
          new Tensor("ab_out", new long[] {3, 224, 224, 2}, ab)), batch, config.options);

      assertEquals(3, actual.size());
      for (int i = 0; i < 3; i++) {
        LabImage got = actual.get(i);
        LabImage want = expected.get(i);
        assertEquals(batch.get(i).gray().width(), got.width());
        assertEquals(batch.get(i).gray().height(), got.height());
        assertArrayEquals(batch.get(i).gray().l(), got.l());
        assertArrayEquals(want.a(), got.a(), 1e-3f, "a of image " + i);
        assertArrayEquals(want.b(), got.b(), 1e-3f, "b of image " + i);
      }
      // The stand-in's chroma is far from gray: the comparison above is not between zeros.
      assertTrue(maxAbs(actual.get(0).a()) > 20, "a spans " + maxAbs(actual.get(0).a()));
      // A second call on the same session gives the same numbers (nothing leaks between calls).
      assertArrayEquals(actual.get(0).a(), colorizer.colorize(batch.subList(0, 1)).get(0).a(),
          1e-5f);
    }
  }

  @Test
  void everyFloatOutputReachesTheConventionUnderItsSignatureName() throws Exception {
    List<ColorizationInput> batch = List.of(randomGray(256, 256, 7), randomGray(256, 256, 8));
    Recording recording = new Recording(Integer.MAX_VALUE);
    try (Colorizer colorizer = new SavedModelEngine(id -> recording).open(config(model))) {
      recording.inputs.clear(); // the load-time probe
      colorizer.colorize(batch);
    }
    List<Tensor> outputs = recording.outputs.get(0);
    assertEquals(List.of(StandInSavedModel.AB, StandInSavedModel.CLASS),
        outputs.stream().map(Tensor::name).sorted().toList());
    Tensor classes = outputs.stream()
        .filter(t -> t.name().equals(StandInSavedModel.CLASS)).findFirst().orElseThrow();
    assertArrayEquals(new long[] {2, 1000}, classes.shape());
    float[] fed = recording.inputs.get(0).get(0).data();
    assertArrayEquals(StandInSavedModel.classes(fed, 2, 1), classes.data(), 1e-5f);
  }

  @Test
  void outputNamesSelectAndRenameOutputs() throws Exception {
    Recording recording = new Recording(Integer.MAX_VALUE);
    ModelConfig config = config(model);
    config.options.put("outputNames", "ab=" + StandInSavedModel.AB);
    try (Colorizer colorizer = new SavedModelEngine(id -> recording).open(config)) {
      colorizer.colorize(List.of(randomGray(64, 64, 9)));
    }
    List<Tensor> outputs = recording.outputs.get(0);
    assertEquals(1, outputs.size());
    assertEquals("ab", outputs.get(0).name());
    assertArrayEquals(new long[] {1, 224, 224, 2}, outputs.get(0).shape());
  }

  @Test
  void batchesLargerThanTheConventionTakesAreSliced() throws Exception {
    Recording recording = new Recording(2);
    List<ColorizationInput> batch = List.of(randomGray(32, 32, 1), randomGray(32, 32, 2),
        randomGray(32, 32, 3));
    try (Colorizer colorizer = new SavedModelEngine(id -> recording).open(config(model))) {
      recording.inputs.clear(); // the load-time probe
      assertEquals(2, colorizer.preferredBatchSize());
      assertEquals(3, colorizer.colorize(batch).size());
    }
    assertEquals(List.of(2L, 1L),
        recording.inputs.stream().map(fed -> fed.get(0).dim(0)).toList());
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
  void tensorFlowErrorAtRunTimeIsAColorizationFailureOfThatBatch() throws Exception {
    // A model whose input has no declared shape passes the load-time check and then fails
    // inside TensorFlow: 224 x 224 values cannot be reshaped to rows of 5.
    Path broken = temp.resolve("broken");
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> input = tf.placeholder(TFloat32.class);
      var rows = tf.reshape(input, tf.constant(new long[] {-1, 5}));
      try (Session session = new Session(graph)) {
        SavedModelBundle.exporter(broken.toString()).withSession(session).withSignature(
            Signature.builder().input("x", input).output("y", rows).build()).export();
      }
    }
    try (Colorizer colorizer = engine.open(config(broken))) {
      ColorizationException e = assertThrows(ColorizationException.class,
          () -> colorizer.colorize(List.of(randomGray(64, 64, 1))));
      assertTrue(e.getMessage().startsWith("TensorFlow failed on a batch of 1 images"),
          e.getMessage());
      // The session survives a failed batch.
      assertThrows(ColorizationException.class,
          () -> colorizer.colorize(List.of(randomGray(64, 64, 2))));
    }
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
  void unknownOutputNameIsRefusedListingTheOutputs() {
    ModelConfig config = config(model);
    config.options.put("outputNames", "ab_out,probabilities");
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> engine.open(config));
    assertEquals("<models><model> 'stand-in' <options><outputNames>", e.element());
    assertTrue(e.getMessage().contains("'probabilities'")
        && e.getMessage().contains(StandInSavedModel.CLASS), e.getMessage());
  }

  @Test
  void conventionOptionsAndIdsAreCheckedAsConfiguration() {
    ModelConfig unknownOption = config(model);
    unknownOption.options.put("renderFactor", "35");
    assertEquals(ELEMENT + "<options><renderFactor>", assertThrows(
        ConfigurationException.class, () -> engine.validate(unknownOption, ELEMENT)).element());
    ModelConfig unknownConvention = config(model);
    unknownConvention.convention = "pix2pix";
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> engine.validate(unknownConvention, ELEMENT));
    assertEquals(ELEMENT + "<convention>", e.element());
    assertTrue(e.getMessage().contains("lab"), e.getMessage());
    ModelConfig zeroThreads = config(model);
    zeroThreads.options.put("threads", "0");
    assertEquals(ELEMENT + "<options><threads>", assertThrows(
        ConfigurationException.class, () -> engine.validate(zeroThreads, ELEMENT)).element());
  }

  @Test
  void inputExportedForAnotherSizeIsRefusedAtLoadTime() {
    ModelConfig config = config(model);
    config.options.put("size", "256");
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> engine.open(config));
    assertEquals("<models><model> 'stand-in' <convention>", e.element());
    assertTrue(e.getMessage().contains("[1, 256, 256, 1]")
        && e.getMessage().contains("[-1, 224, 224, 1]"), e.getMessage());
  }

  @Test
  void inputsOptionBindsByNameAndRejectsAnUnknownInput() throws Exception {
    ModelConfig config = config(model);
    config.options.put("inputNames", StandInSavedModel.INPUT);
    try (Colorizer colorizer = engine.open(config)) {
      assertEquals(1, colorizer.colorize(List.of(randomGray(64, 64, 4))).size());
    }
    config.options.put("inputNames", "gray");
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> engine.open(config));
    assertTrue(e.element().endsWith("<options><inputNames>"), e.element());
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
  void cpuDeviceWithOneThreadRunsAndClosedColorizerRefusesWork() throws Exception {
    ModelConfig config = config(model);
    config.device = "cpu";
    config.options.put("threads", "1");
    Colorizer colorizer = engine.open(config);
    assertEquals(1, colorizer.colorize(List.of(randomGray(16, 16, 6))).size());
    colorizer.close();
    colorizer.close();
    assertThrows(IllegalStateException.class,
        () -> colorizer.colorize(List.of(randomGray(16, 16, 6))));
  }

  /** The {@code lab} convention set up for the stand-in: L/100 in, ab = 255 v - 128 out. */
  private static ModelConfig config(Path path) {
    ModelConfig config = new ModelConfig("stand-in", SavedModelEngine.ID);
    config.convention = "lab";
    config.path = path.toString();
    config.batchSize = 3;
    config.options.putAll(Map.of("size", "224", "layout", "nhwc", "lScale", "0.01",
        "abScale", "255", "abOffset", "-128"));
    return config;
  }

  /** The lab convention, recording what the engine feeds and fetches. */
  private static final class Recording implements Convention {
    final Convention lab = Conventions.byId("lab");
    final int maxBatch;
    final List<List<Tensor>> inputs = new ArrayList<>();
    final List<List<Tensor>> outputs = new ArrayList<>();

    Recording(int maxBatch) {
      this.maxBatch = maxBatch;
    }

    @Override
    public String id() {
      return "recording";
    }

    @Override
    public void validate(Map<String, String> options) {
      lab.validate(options);
    }

    @Override
    public int maxBatchSize(Map<String, String> options) {
      return maxBatch;
    }

    @Override
    public List<Tensor> inputs(List<ColorizationInput> batch, Map<String, String> options)
        throws ColorizationException {
      List<Tensor> fed = lab.inputs(batch, options);
      inputs.add(fed);
      return fed;
    }

    @Override
    public List<LabImage> outputs(List<Tensor> fetched, List<ColorizationInput> batch,
        Map<String, String> options) throws ColorizationException {
      outputs.add(fetched);
      return lab.outputs(fetched, batch, options);
    }
  }

  private static float maxAbs(float[] values) {
    float max = 0;
    for (float v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
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
