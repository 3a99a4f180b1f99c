package dev.colorize.job.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.colorize.config.DatasetConfig;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import dev.colorize.image.Box;
import dev.colorize.job.BatchInfrastructure;
import dev.colorize.job.JobRunner;
import dev.colorize.job.RepositorySettings;
import dev.colorize.parallel.Workers;
import dev.colorize.metric.ImageScores;
import dev.colorize.model.ColorizationInput;
import dev.colorize.model.Colorizer;
import dev.colorize.model.ColorizerEngine;
import dev.colorize.model.GrayEngine;
import dev.colorize.model.ModelRegistry;
import dev.colorize.model.convention.InstColorConvention;
import dev.colorize.model.convention.Tensor;
import dev.colorize.plan.RunPlanner;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;

/**
 * AI Hub object boxes, and food crop boxes with {@code <cropAs>instance}, reach the model, mapped
 * into the prepared image's coordinates.
 */
class InstanceBoxesTest {

  @TempDir Path dir;

  /** Records every input it sees; predicts no chroma. */
  static final class CapturingEngine implements ColorizerEngine {
    final List<ColorizationInput> seen = new CopyOnWriteArrayList<>();

    @Override
    public String id() {
      return "capture";
    }

    @Override
    public void validate(ModelConfig config, String element) {}

    @Override
    public Colorizer open(ModelConfig config) {
      Colorizer gray = new GrayEngine().open(config);
      return batch -> {
        seen.addAll(batch);
        return gray.colorize(batch);
      };
    }
  }

  @Test
  void objectBoxesAreMappedThroughTheStretchToThePreparedSquare() throws Exception {
    Path object = dir.resolve("data/유적건조물/1_유적건조물/1/HF000001_유적건조물_a_b_c_석탑");
    EvaluateFixtures.writeJpeg(object.resolve("HF000001_0001_0001.jpg"), 400, 200, 1);
    // Reversed corners: the reader swaps them.
    Files.writeString(object.resolve("HF000001_0001_0001.json"),
        "{\"regions\":[{\"boxcorners\":[300,150,100,50],\"tags\":[\"탑\"]}]}");

    RunConfiguration config = new RunConfiguration();
    config.workDirectory = dir.resolve("work").toString();
    config.datasets = new ArrayList<>(List.of(
        new DatasetConfig("objects", "aihub-object", dir.resolve("data").toString())));
    config.models = new ArrayList<>(List.of(new ModelConfig("capture", "capture")));
    CapturingEngine engine = new CapturingEngine();
    ModelRegistry registry = ModelRegistry.standard().register(engine);
    try (BatchInfrastructure infra = BatchInfrastructure.open(
            RepositorySettings.embedded(config.workPath()));
        Workers workers = new Workers(1)) {
      EvaluateJob jobs = new EvaluateJob(
          new RunPlanner(registry, ImageScores.COLUMNS).plan(config, true), infra, registry, workers,
          new PrintStream(OutputStream.nullOutputStream()));
      var outcome = new JobRunner(infra).run(jobs.job(), jobs.parameters(), false);
      assertEquals(BatchStatus.COMPLETED, outcome.status());
    }
    assertEquals(1, engine.seen.size());
    // 400x200 stretched to 256x256: x * 0.64, y * 1.28.
    assertEquals(List.of(new Box(64, 64, 128, 128)), engine.seen.get(0).instances());
  }

  /** Runs evaluate on one 400x200 food image whose crop_area entry is x,y,w,h = 100,50,200,100. */
  private CapturingEngine evaluateFood(String cropAs) throws Exception {
    Path cls = dir.resolve("food/밥류/비빔밥");
    EvaluateFixtures.writeJpeg(cls.resolve("Img_020_0001.jpg"), 400, 200, 2);
    Files.writeString(cls.resolve("crop_area.properties"), "Img_020_0001=100,50,200,100\n");
    RunConfiguration config = new RunConfiguration();
    config.workDirectory = dir.resolve("work").toString();
    DatasetConfig food = new DatasetConfig("food", "aihub-food", dir.resolve("food").toString());
    food.cropAs = cropAs;
    config.datasets = new ArrayList<>(List.of(food));
    config.models = new ArrayList<>(List.of(new ModelConfig("capture", "capture")));
    CapturingEngine engine = new CapturingEngine();
    ModelRegistry registry = ModelRegistry.standard().register(engine);
    try (BatchInfrastructure infra = BatchInfrastructure.open(
            RepositorySettings.embedded(config.workPath()));
        Workers workers = new Workers(1)) {
      EvaluateJob jobs = new EvaluateJob(
          new RunPlanner(registry, ImageScores.COLUMNS).plan(config, true), infra, registry, workers,
          new PrintStream(OutputStream.nullOutputStream()));
      var outcome = new JobRunner(infra).run(jobs.job(), jobs.parameters(), false);
      assertEquals(BatchStatus.COMPLETED, outcome.status());
      try (CSVParser rows = CSVParser.parse(jobs.layout().preparedList(0),
          StandardCharsets.UTF_8,
          CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
        List<CSVRecord> records = rows.getRecords();
        assertEquals(1, records.size());
        // In the source's coordinates, as the prepared list keeps every box.
        assertEquals(cropAs == null ? "" : "100,50,200,100", records.get(0).get("instances"));
      }
    }
    assertEquals(1, engine.seen.size());
    return engine;
  }

  @Test
  void foodCropAsRegionCropsAndGivesNoInstance() throws Exception {
    ColorizationInput input = evaluateFood(null).seen.get(0);
    assertEquals(List.of(), input.instances());
  }

  @Test
  void foodCropAsInstancePreparesTheWholeImageAndTheBoxReachesInstColor() throws Exception {
    ColorizationInput input = evaluateFood("instance").seen.get(0);
    // The whole 400x200 image stretched to 256x256: x * 0.64, y * 1.28.
    assertEquals(List.of(new Box(64, 64, 128, 128)), input.instances());
    InstColorConvention instColor = new InstColorConvention();
    Map<String, String> options = Map.of("size", "16");
    assertEquals(input.instances(), instColor.selectInstances(input, options));
    Tensor boxes = instColor.inputs(List.of(input), options).get(2);
    assertEquals("[1, 4]", boxes.shapeString());
    assertArrayEquals(new float[] {0.25f, 0.25f, 0.75f, 0.75f}, boxes.data());
  }
}
