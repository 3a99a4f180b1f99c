package dev.colorize.metric.fid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colorize.config.FeatureModelConfig;
import dev.colorize.metric.FrechetDistance;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FidReportTest {

  @TempDir Path dir;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);

  private static float[][] features(long seed, int n, int d, float shift) {
    Random random = new Random(seed);
    float[][] rows = new float[n][d];
    for (float[] row : rows) {
      for (int j = 0; j < d; j++) {
        row[j] = (float) random.nextGaussian() + shift;
      }
    }
    return rows;
  }

  private static final List<FidReport.Part> PARTS = List.of(
      new FidReport.Part(0, 0, "food", "gray"), new FidReport.Part(0, 1, "food", "tint"),
      new FidReport.Part(1, 0, "objects", "gray"));

  @Test
  void withoutAFeatureModelEveryPartHasTheReasonAndNoNumber() throws Exception {
    FidReport report = FidReport.notConfigured(PARTS, out);
    List<FidResult> results = report.compute();
    assertEquals(3, results.size());
    for (FidResult result : results) {
      assertNull(result.fid());
      assertEquals(FidReport.NOT_CONFIGURED, result.reason());
    }
    assertEquals("FID not computed: no <featureModel> configured (FID needs the Inception feature"
        + " network; declare its TorchScript file)" + System.lineSeparator(),
        log.toString(StandardCharsets.UTF_8));
    report.write(dir, results);
    JsonNode json = new ObjectMapper().readTree(dir.resolve("fid.json").toFile());
    assertFalse(json.get("computed").asBoolean());
    assertEquals(FidReport.NOT_CONFIGURED, json.get("reason").asText());
    assertTrue(json.get("results").get(0).get("fid").isNull());
  }

  @Test
  void eachModelIsComparedWithItsDatasetsGroundTruth() throws Exception {
    FidAccumulator food0 = new FidAccumulator(dir, 0, 0, 6, true);
    food0.add(features(1, 30, 6, 0), features(2, 40, 6, 0.5f));
    food0.save(40);
    FidAccumulator food1 = new FidAccumulator(dir, 0, 1, 6, false);
    food1.add(features(3, 35, 6, 2), null);
    food1.save(40);
    FidAccumulator objects0 = new FidAccumulator(dir, 1, 0, 6, true);
    objects0.add(features(4, 1, 6, 0), features(5, 1, 6, 0));
    objects0.save(1);

    FeatureModelConfig model = new FeatureModelConfig("/models/standin.pt");
    model.dimension = 6;
    FidReport report = FidReport.of(model, dir, PARTS, out);
    List<FidResult> results = report.compute();

    assertEquals(FrechetDistance.of(food0.predictions(), food0.truths()), results.get(0).fid(), 0);
    assertEquals(FrechetDistance.of(food1.predictions(), food0.truths()), results.get(1).fid(), 0);
    assertTrue(results.get(1).fid() > results.get(0).fid() + 5, "the shifted model is further");
    assertEquals(35, results.get(1).predictions());
    assertEquals(40, results.get(1).groundTruth());
    assertNull(results.get(2).fid());
    assertEquals("FID needs at least 2 predictions and 2 ground-truth images, have 1 and 1",
        results.get(2).reason());
    String logged = log.toString(StandardCharsets.UTF_8);
    assertTrue(logged.contains("FID food x tint: "), logged);
    assertTrue(logged.contains("(35 predictions vs 40 ground-truth images)"), logged);
    assertTrue(logged.contains("FID not computed for objects x gray: FID needs at least 2"), logged);

    report.write(dir, results);
    JsonNode json = new ObjectMapper().readTree(dir.resolve("fid.json").toFile());
    assertTrue(json.get("computed").asBoolean());
    assertEquals(6, json.get("featureModel").get("dimension").asInt());
    assertTrue(json.get("featureModel").get("note").asText().contains("a stand-in"));
    assertEquals(results.get(1).fid(), json.get("results").get(1).get("fid").asDouble(), 0);
    assertTrue(json.get("results").get(2).get("reason").asText().startsWith("FID needs"));
  }

  @Test
  void aMissingStepOrReferenceIsAReasonNotAFailure() throws Exception {
    FidAccumulator food1 = new FidAccumulator(dir, 0, 1, 4, false);
    food1.add(features(3, 5, 4, 0), null);
    food1.save(5);
    FeatureModelConfig model = new FeatureModelConfig("/models/standin.pt");
    model.dimension = 4;
    List<FidResult> results = FidReport.of(model, dir, PARTS, out).compute();
    assertEquals("no feature statistics were committed for this dataset x model",
        results.get(0).reason());
    assertEquals("no ground-truth feature statistics were committed for this dataset",
        results.get(1).reason());
    assertEquals(5, results.get(1).predictions());
  }
}
