package dev.colorize.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.colorize.config.DatasetConfig;
import dev.colorize.config.DetectorConfig;
import dev.colorize.config.FeatureModelConfig;
import dev.colorize.config.FileDigests;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import dev.colorize.dataset.CropAs;
import dev.colorize.dataset.DatasetFormat;
import dev.colorize.dataset.SplitFilter;
import dev.colorize.dataset.SplitFractions;
import dev.colorize.image.ResizePolicy;
import dev.colorize.metric.ImageScores;
import dev.colorize.model.ModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plan written as JSON and read back is the same plan: what a worker JVM will rebuild. */
class RunPlanJsonTest {

  @TempDir Path dir;

  @Test
  void jsonRebuildsAnEqualPlan() throws Exception {
    RunPlan plan = new RunPlanner(ModelRegistry.standard(), ImageScores.COLUMNS)
        .plan(everySetting(), true);

    RunPlan read = RunPlan.fromJson(plan.toJson());

    assertEquals(plan, read);
    assertEquals(plan.toJson(), read.toJson());
    assertEquals(plan.layout(), read.layout());
    assertEquals(plan.prepareOptions(), read.prepareOptions());
  }

  @Test
  void thePlanHoldsTheResolvedSettings() throws Exception {
    RunConfiguration config = everySetting();
    RunPlan plan = new RunPlanner(ModelRegistry.standard(), ImageScores.COLUMNS)
        .plan(config, true);

    assertEquals(config.identity(), plan.identity());
    assertEquals(dir.resolve("work"), plan.workDirectory());
    assertEquals(ResizePolicy.PAD, plan.resizePolicy());
    assertEquals(List.of("psnr", "ssim"), plan.metrics(), "canonical order");
    assertEquals(SaveImages.NONE, plan.saveImages());

    DatasetPlan food = plan.datasets().get(0);
    assertEquals(CropAs.INSTANCE, food.cropAs());
    assertEquals(DatasetFormat.AIHUB_FOOD, food.spec().format());
    DatasetPlan listed = plan.datasets().get(1);
    assertEquals(CropAs.REGION, listed.cropAs());
    assertEquals(dir.resolve("listed/list.csv"), listed.spec().manifest());
    assertEquals(SplitFilter.TEST, listed.spec().splitFilter());
    assertEquals(new SplitFractions(0.7, 0.2, 0.1), listed.spec().fractions());
    assertEquals(10, listed.spec().limit());

    assertNull(plan.models().get(0).weightsDigest(), "gray has no weights file");
    assertEquals(FileDigests.sha256(dir.resolve("inst.pt")), plan.models().get(1).weightsDigest());
  }

  @Test
  void thePlanDoesNotShareTheConfigurationsObjects() throws Exception {
    RunConfiguration config = everySetting();
    RunPlan plan = new RunPlanner(ModelRegistry.standard(), ImageScores.COLUMNS)
        .plan(config, true);
    String before = plan.toJson();

    config.models.get(1).options.put("renderFactor", "10");
    config.featureModel.batchSize = 1;
    plan.models().get(1).declaration().batchSize = 99;

    assertEquals(before, plan.toJson());
    assertNotSame(plan.models().get(1).declaration(), plan.models().get(1).declaration());
  }

  @Test
  void aPrepareRunPlansNoModels() throws Exception {
    RunConfiguration config = everySetting();
    config.models.get(1).path = dir.resolve("absent.pt").toString(); // not checked by prepare
    RunPlan plan = new RunPlanner(ModelRegistry.standard(), ImageScores.COLUMNS)
        .plan(config, false);

    assertEquals(List.of(), plan.models());
    assertNull(plan.featureModel());
    assertEquals(plan, RunPlan.fromJson(plan.toJson()));
  }

  @Test
  void aDerivedPlanMayPrepareTheSameSplitTwice() throws Exception {
    RunPlan plan = new RunPlanner(ModelRegistry.standard(), ImageScores.COLUMNS)
        .plan(everySetting(), true);
    DatasetPlan all = plan.datasets().get(0);

    RunPlan derived = plan.withDatasets("0123456789abcdef", 64, List.of(all, all));

    assertEquals(List.of(all, all), derived.datasets());
    assertEquals(64, derived.imageSize());
    assertEquals(plan.models(), derived.models());
    assertEquals(plan.layout().workDirectory(), derived.layout().workDirectory());
    assertEquals(derived, RunPlan.fromJson(derived.toJson()));
  }

  @Test
  void anUnknownPropertyIsRefused() throws Exception {
    RunPlan plan = new RunPlanner(ModelRegistry.standard(), ImageScores.COLUMNS)
        .plan(everySetting(), true);
    String json = plan.toJson().replaceFirst("\\{", "{\"partitions\": 4,");

    assertThrows(IOException.class, () -> RunPlan.fromJson(json));
  }

  /** A valid configuration that sets every setting the plan carries away from its default. */
  private RunConfiguration everySetting() throws IOException {
    Files.createDirectories(dir.resolve("food"));
    Files.createDirectories(dir.resolve("listed"));
    Files.writeString(dir.resolve("listed/list.csv"), "path\n");
    Path weights = Files.writeString(dir.resolve("inst.pt"), "stand-in weights");
    Path inception = Files.writeString(dir.resolve("inception.pt"), "stand-in inception");
    RunConfiguration config = new RunConfiguration();
    config.workDirectory = dir.resolve("work").toString();
    config.imageSize = 128;
    config.resizePolicy = "pad";
    config.chunkSize = 4;
    config.threads = 2;
    config.maxSkips = 7;
    config.maxSkipRatio = 0.25;
    DatasetConfig food = new DatasetConfig("food", "aihub-food", dir.resolve("food").toString());
    food.cropAs = "instance";
    config.datasets.add(food);
    DatasetConfig listed = new DatasetConfig("listed", "manifest",
        dir.resolve("listed").toString());
    listed.manifest = "list.csv";
    listed.split = "test";
    listed.fractions = "0.7,0.2,0.1";
    listed.limit = 10;
    listed.perClassLimit = 3;
    config.datasets.add(listed);
    config.models.add(new ModelConfig("gray", "gray"));
    ModelConfig inst = new ModelConfig("inst", "torchscript");
    inst.convention = "instcolor";
    inst.path = weights.toString();
    inst.batchSize = 2;
    inst.device = "cpu";
    inst.detector = new DetectorConfig(weights.toString());
    config.models.add(inst);
    config.metrics.addAll(List.of("ssim", "psnr"));
    config.featureModel = new FeatureModelConfig(inception.toString());
    config.featureModel.dimension = 64;
    config.saveImages = "none";
    return config;
  }
}
