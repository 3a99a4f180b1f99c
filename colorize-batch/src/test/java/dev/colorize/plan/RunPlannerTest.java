package dev.colorize.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.config.ConfigurationException;
import dev.colorize.config.DatasetConfig;
import dev.colorize.config.DetectorConfig;
import dev.colorize.config.FeatureModelConfig;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import dev.colorize.model.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunPlannerTest {

  @TempDir Path dir;
  private final RunPlanner validator =
      new RunPlanner(ModelRegistry.standard(), List.of("psnr", "ssim"));
  private RunConfiguration config;

  @BeforeEach
  void validConfiguration() throws Exception {
    Files.createDirectories(dir.resolve("food"));
    config = new RunConfiguration();
    config.workDirectory = dir.resolve("work").toString();
    config.datasets.add(new DatasetConfig("food", "aihub-food", dir.resolve("food").toString()));
    config.models.add(new ModelConfig("baseline", "gray"));
  }

  private String failure(Consumer<RunConfiguration> change) {
    change.accept(config);
    return assertThrows(ConfigurationException.class, () -> validator.plan(config, true))
        .getMessage();
  }

  @Test
  void acceptsAValidConfiguration() {
    validator.plan(config, true);
  }

  @Test
  void unknownFormatNamesTheElementAndTheChoices() {
    String message = failure(c -> c.datasets.get(0).format = "aihub-foods");
    assertEquals("<datasets><dataset>[1] 'food' <format> is 'aihub-foods', not a known dataset"
        + " format; use one of: aihub-food, aihub-object, folder, manifest", message);
  }

  @Test
  void missingPathIsNamed() {
    String message = failure(c -> c.datasets.get(0).path = dir.resolve("nope").toString());
    assertTrue(message.startsWith("<datasets><dataset>[1] 'food' <path> '"), message);
    assertTrue(message.endsWith("nope' is not an existing folder"), message);
  }

  @Test
  void duplicateNamesAreRefused() {
    String datasets = failure(c -> c.datasets.add(
        new DatasetConfig("food", "folder", dir.resolve("food").toString())));
    assertTrue(datasets.contains("'food' is used by two datasets"), datasets);
    config.datasets.remove(1);
    String models = failure(c -> c.models.add(new ModelConfig("baseline", "gray")));
    assertTrue(models.contains("'baseline' is used by two models"), models);
  }

  @Test
  void unknownEngineListsKnownEngines() {
    String message = failure(c -> c.models.get(0).engine = "deoldify");
    assertEquals("<models><model>[1] 'baseline' <engine> is 'deoldify', not a known model engine;"
        + " use one of: " + String.join(", ", ModelRegistry.standard().engineIds()), message);
    assertTrue(message.contains("use one of: gray"), message);
  }

  @Test
  void scalarSettingsAreChecked() {
    assertTrue(failure(c -> c.resizePolicy = "fit").startsWith("<resizePolicy> is 'fit'"));
    config.resizePolicy = "pad";
    assertTrue(failure(c -> c.imageSize = 8).startsWith("<imageSize> is 8"));
    config.imageSize = 256;
    assertTrue(failure(c -> c.maxSkipRatio = 2).startsWith("<maxSkipRatio> is 2.0"));
    config.maxSkipRatio = 0.5;
    assertTrue(failure(c -> c.metrics.add("fid")).startsWith("<metrics><metric> is 'fid'"));
  }

  @Test
  void saveImagesIsOneOfThreeAndOnlyTheDefaultKeepsTheIdentity() {
    assertEquals("<saveImages> is 'some'; use one of: report, all, none (default report)",
        failure(c -> c.saveImages = "some"));
    config.saveImages = null;
    String identity = config.identity();
    config.saveImages = "report";
    assertEquals(identity, config.identity(), "report is the default");
    config.saveImages = "none";
    String none = config.identity();
    assertNotEquals(identity, none, "a run that kept no image cannot serve a gallery");
    config.saveImages = "all";
    assertNotEquals(identity, config.identity());
    assertNotEquals(none, config.identity());
  }

  @Test
  void aMissingFeatureModelFileIsRefusedBeforeAnythingRuns() {
    String message = failure(c -> c.featureModel =
        new FeatureModelConfig(dir.resolve("inception.pt").toString()));
    assertTrue(message.startsWith("<featureModel>"), message);
    assertTrue(message.contains("inception.pt"), message);
  }

  @Test
  void badSplitIsReportedOnItsElement() {
    String message = failure(c -> c.datasets.get(0).split = "holdout");
    assertTrue(message.startsWith("<datasets><dataset>[1] 'food' "), message);
    assertTrue(message.contains("holdout"), message);
  }

  @Test
  void identityFollowsResultsNotPlumbing() throws Exception {
    String identity = config.identity();
    config.threads = 7;
    config.chunkSize = 99;
    config.workDirectory = "/elsewhere";
    config.rerun = true;
    assertEquals(identity, config.identity(), "plumbing does not change the job instance");
    config.imageSize = 128;
    assertNotEquals(identity, config.identity());
  }

  @Test
  void jsonRoundTripKeepsHangulAndIdentity() throws Exception {
    config.datasets.get(0).name = "한식";
    Path file = dir.resolve("run.json");
    config.write(file);
    RunConfiguration back = RunConfiguration.read(file);
    assertEquals("한식", back.datasets.get(0).name);
    assertEquals(config.identity(), back.identity());
  }

  @Test
  void cropAsIsCheckedAndOnlyFoodHasCropBoxes() throws Exception {
    config.datasets.get(0).cropAs = "instance";
    validator.plan(config, true);
    config.datasets.get(0).cropAs = "Region";
    validator.plan(config, true);
    assertEquals("<datasets><dataset>[1] 'food' <cropAs> is 'box'; use region or instance"
        + " (instance: keep the whole image and give the crop box to instance-aware models)",
        failure(c -> c.datasets.get(0).cropAs = "box"));
    Files.createDirectories(dir.resolve("objects"));
    config.datasets.get(0).cropAs = null;
    DatasetConfig objects = new DatasetConfig("objects", "aihub-object",
        dir.resolve("objects").toString());
    objects.cropAs = "instance";
    assertEquals("<datasets><dataset>[2] 'objects' <cropAs> is 'instance', but only aihub-food"
        + " datasets have crop boxes, not 'aihub-object'; remove <cropAs>",
        failure(c -> c.datasets.add(objects)));
  }

  @Test
  void aModelsDetectorIsCheckedWithTheModel() throws Exception {
    Path weights = Files.writeString(dir.resolve("inst.pt"), "x");
    ModelConfig inst = new ModelConfig("inst", "torchscript");
    inst.convention = "instcolor";
    inst.path = weights.toString();
    inst.detector = new DetectorConfig(weights.toString());
    config.models.add(inst);
    validator.plan(config, true);
    assertEquals("<models><model>[2] 'inst' <detector><scoreThreshold> is 1.5; use a score"
        + " between 0 and 1 (InstColor uses 0.7)",
        failure(c -> c.models.get(1).detector.scoreThreshold = 1.5));
    inst.detector.scoreThreshold = 0.7;
    String path = failure(c -> c.models.get(1).detector.path = null);
    assertTrue(path.startsWith("<models><model>[2] 'inst' <detector><path> is missing"), path);
    assertTrue(config.toJson().contains("\"detector\""));
    assertTrue(!new RunConfiguration().toJson().contains("cropAs")
        && !new RunConfiguration().toJson().contains("detector"), "unset: left out");
  }

  @Test
  void anUndeclaredDetectorFileIsPartOfTheIdentityADeclaredOneByItsSha256() throws Exception {
    Path detector = Files.writeString(dir.resolve("detector.pt"), "first weights");
    ModelConfig inst = new ModelConfig("inst", "torchscript");
    inst.detector = new DetectorConfig(detector.toString());
    config.models.add(inst);
    String before = config.identity();
    Files.writeString(detector, "other weights, same path");
    String after = config.identity();
    assertNotEquals(before, after, "a rewritten detector is another run");
    inst.detector.sha256 = "ab".repeat(32);
    String declared = config.identity();
    Files.writeString(detector, "third weights");
    assertEquals(declared, config.identity(), "a declared sha256 stands for the file");
  }
}
