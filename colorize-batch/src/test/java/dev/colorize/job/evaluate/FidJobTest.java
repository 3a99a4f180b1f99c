package dev.colorize.job.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colorize.cli.CliRun;
import dev.colorize.cli.ColorizeCli;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import dev.colorize.image.LabImage;
import dev.colorize.job.BatchInfrastructure;
import dev.colorize.job.JobRunner;
import dev.colorize.job.ReportAssembler;
import dev.colorize.job.RepositorySettings;
import dev.colorize.job.WorkDirectoryLock;
import dev.colorize.parallel.Workers;
import dev.colorize.metric.ImageScores;
import dev.colorize.metric.fid.FidAccumulator;
import dev.colorize.metric.fid.StandInModels;
import dev.colorize.model.ColorizationInput;
import dev.colorize.model.Colorizer;
import dev.colorize.model.ColorizerEngine;
import dev.colorize.model.ModelRegistry;
import dev.colorize.plan.RunPlanner;
import dev.colorize.report.CsvLine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;

/**
 * FID in the evaluate job, with the committed 64-d stand-in of the Inception network (a 2048-d
 * Frechet distance takes about a minute; the 2048-d convention is tested in
 * FeatureExtractorTest). The FID values are plumbing checks, not image quality.
 */
class FidJobTest {

  @TempDir Path dir;
  private Path dataset;

  @BeforeEach
  void dataset() throws Exception {
    dataset = EvaluateFixtures.folderDataset(dir.resolve("data"), 2, 12, false);
  }

  private CliRun.Result evaluate(RunConfiguration config) throws Exception {
    Path file = dir.resolve("config-" + config.identity() + ".json");
    config.write(file);
    return CliRun.run("evaluate", "--config", file.toString());
  }

  private static List<List<String>> summary(Path work) throws Exception {
    return Files.readAllLines(work.resolve("evaluate/summary.csv")).stream().map(CsvLine::parse)
        .toList();
  }

  private RunConfiguration twoModels(Path work, boolean withFid) {
    RunConfiguration config = EvaluateFixtures.configuration(work, dataset, 4);
    config.models.add(new ModelConfig("gray-again", "gray"));
    if (withFid) {
      config.featureModel = StandInModels.config(64);
    }
    return config;
  }

  @Test
  void withAFeatureModelEachDatasetAndModelGetsItsFidInTheOverallRow() throws Exception {
    Path work = dir.resolve("work");
    CliRun.Result run = evaluate(twoModels(work, true));
    assertEquals(0, run.exit(), run.err() + run.out());

    List<List<String>> summary = summary(work);
    List<String> header = summary.get(0);
    assertEquals("fid", header.get(header.size() - 1));
    int fid = header.size() - 1;
    List<List<String>> overall = summary.stream().skip(1)
        .filter(r -> r.get(2).equals(ReportAssembler.ALL_CLASSES)).toList();
    assertEquals(2, overall.size());
    double gray = Double.parseDouble(overall.get(0).get(fid));
    assertTrue(gray > 0, "gray predictions are far from colour truth: " + gray);
    assertEquals(overall.get(0).get(fid), overall.get(1).get(fid),
        "same predictions, same shared ground truth, same FID");
    assertTrue(summary.stream().skip(1).filter(r -> !r.get(2).equals(ReportAssembler.ALL_CLASSES))
        .allMatch(r -> r.get(fid).isEmpty()), "per-class rows have no FID");
    assertTrue(run.out().contains("FID photos x gray: "), run.out());
    assertTrue(run.out().contains("(24 predictions vs 24 ground-truth images)"), run.out());

    JsonNode json = new ObjectMapper().readTree(work.resolve("evaluate/run.json").toFile());
    JsonNode section = json.get("fid");
    assertTrue(section.get("computed").asBoolean(), section.toString());
    assertEquals(64, section.get("featureModel").get("dimension").asInt());
    assertEquals(gray, section.get("results").get(0).get("fid").asDouble(), 1e-6);
    assertEquals("gray-again", section.get("results").get(1).get("model").asText());
  }

  @Test
  void withoutAFeatureModelThereIsNoNumberAndTheReasonIsLoggedAndRecorded() throws Exception {
    Path work = dir.resolve("work");
    CliRun.Result run = evaluate(twoModels(work, false));
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("FID not computed: no <featureModel> configured (FID needs the"
        + " Inception feature network; declare its TorchScript file)"), run.out());
    List<List<String>> summary = summary(work);
    int fid = summary.get(0).indexOf("fid");
    assertEquals(summary.get(0).size() - 1, fid);
    assertTrue(summary.stream().skip(1).allMatch(r -> r.get(fid).isEmpty()), summary.toString());
    JsonNode section = new ObjectMapper().readTree(work.resolve("evaluate/run.json").toFile())
        .get("fid");
    assertFalse(section.get("computed").asBoolean());
    assertEquals("no <featureModel> configured (FID needs the Inception feature network; declare"
        + " its TorchScript file)", section.get("reason").asText());
    assertTrue(section.get("results").get(0).get("fid").isNull());
    try (var files = Files.walk(work)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("fid-")),
          "no feature statistics without a feature model");
    }
  }

  @Test
  void anInvalidFeatureModelIsRefusedWithItsElement() throws Exception {
    RunConfiguration config = twoModels(dir.resolve("work"), true);
    config.featureModel.path = dir.resolve("missing.pt").toString();
    CliRun.Result run = evaluate(config);
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("<featureModel><path> '" + config.featureModel.path
        + "' does not exist"), run.err());
  }

  /** Gray predictions, but the call numbered {@code failOnCall} throws. */
  private static final class FlakyEngine implements ColorizerEngine {
    final AtomicInteger calls = new AtomicInteger();
    volatile int failOnCall = -1;

    @Override
    public String id() {
      return "flaky";
    }

    @Override
    public void validate(ModelConfig config, String element) {}

    @Override
    public Colorizer open(ModelConfig config) {
      return batch -> {
        if (calls.incrementAndGet() == failOnCall) {
          throw new IllegalStateException("planned failure at call " + failOnCall);
        }
        List<LabImage> out = new ArrayList<>();
        for (ColorizationInput input : batch) {
          out.add(input.gray().withoutChroma());
        }
        return out;
      };
    }
  }

  private BatchStatus run(RunConfiguration config, FlakyEngine engine) throws Exception {
    Path work = config.workPath();
    PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    try (WorkDirectoryLock lock = WorkDirectoryLock.acquire(work);
        BatchInfrastructure infra = BatchInfrastructure.open(RepositorySettings.embedded(work));
        Workers workers = new Workers(2)) {
      ModelRegistry registry = ModelRegistry.standard().register(engine);
      EvaluateJob jobs = new EvaluateJob(
          new RunPlanner(registry, ImageScores.COLUMNS).plan(config, true), infra, registry,
          workers, log);
      return new JobRunner(infra).run(jobs.job(), jobs.parameters(), false).status();
    }
  }

  private RunConfiguration flakyConfiguration(Path work) {
    RunConfiguration config = EvaluateFixtures.configuration(work, dataset, 4);
    config.models = new ArrayList<>(List.of(new ModelConfig("flaky", "flaky"),
        new ModelConfig("gray", "gray")));
    config.featureModel = StandInModels.config(64);
    // A model failure is recorded as a skip (AdaptiveBatches); with no skips allowed it fails the
    // step, rolling back the chunk, which is the failure this test resumes from.
    config.maxSkips = 0;
    return config;
  }

  @Test
  void aFailedThenResumedRunHasTheFeatureStatisticsOfAnUninterruptedOne() throws Exception {
    Path referenceWork = dir.resolve("reference");
    RunConfiguration reference = flakyConfiguration(referenceWork);
    assertEquals(BatchStatus.COMPLETED, run(reference, new FlakyEngine()));

    Path work = dir.resolve("resumed");
    RunConfiguration config = flakyConfiguration(work);
    FlakyEngine flaky = new FlakyEngine();
    flaky.failOnCall = 4; // chunks of 4 images, one call each: 3 chunks committed
    assertEquals(BatchStatus.FAILED, run(config, flaky));
    Path parts = work.resolve("runs").resolve(config.identity()).resolve("parts");
    assertTrue(Files.exists(FidAccumulator.checkpoint(parts, 0, 0, 12)),
        "the third commit's checkpoint is there");
    assertEquals(12, FidAccumulator.committed(parts, 0, 0).predictions().count());

    FlakyEngine healthy = new FlakyEngine();
    assertEquals(BatchStatus.COMPLETED, run(config, healthy));
    assertEquals(3, healthy.calls.get(), "only the 12 uncommitted images were colorized again");

    Path referenceParts = referenceWork.resolve("runs").resolve(reference.identity())
        .resolve("parts");
    for (int m = 0; m < 2; m++) {
      FidAccumulator.Checkpoint expected = FidAccumulator.committed(referenceParts, 0, m);
      FidAccumulator.Checkpoint actual = FidAccumulator.committed(parts, 0, m);
      assertEquals(24, actual.predictions().count());
      assertArrayEquals(Files.readAllBytes(expected.file()), Files.readAllBytes(actual.file()),
          "model " + m + ": the same statistics, bit for bit");
    }
    assertEquals(summary(referenceWork), summary(work));
    assertFalse(summary(work).get(1).get(summary(work).get(0).size() - 1).isEmpty());
  }

  private static long scoreRows(Path csv) {
    try (var lines = Files.lines(csv)) {
      return Math.max(0, lines.count() - 1);
    } catch (Exception e) {
      return 0;
    }
  }

  @Test
  void aRunKilledWhileScoringResumesToTheFidOfAnUninterruptedRun() throws Exception {
    Path data = EvaluateFixtures.folderDataset(dir.resolve("more"), 2, 20, false);
    RunConfiguration reference = EvaluateFixtures.configuration(dir.resolve("reference"), data, 4);
    reference.featureModel = StandInModels.config(64);
    assertEquals(0, evaluate(reference).exit());

    RunConfiguration config = EvaluateFixtures.configuration(dir.resolve("killed"), data, 4);
    config.featureModel = StandInModels.config(64);
    Path file = dir.resolve("killed.json");
    config.write(file);
    Path parts = config.workPath().resolve("runs").resolve(config.identity()).resolve("parts");
    Path log = dir.resolve("child.log");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "-Xmx512m", "-Dai.djl.offline=true", "-cp",
        System.getProperty("java.class.path"), ColorizeCli.class.getName(), "evaluate", "--config",
        file.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (scoreRows(parts.resolve("scores-0-0.csv")) < 12) {
      assertTrue(child.isAlive(), "the run ended before the kill:\n" + Files.readString(log));
      assertTrue(System.nanoTime() < deadline, "no progress:\n" + Files.readString(log));
      Thread.sleep(5);
    }
    child.destroyForcibly(); // SIGKILL, possibly between a checkpoint and its commit
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    assertTrue(scoreRows(parts.resolve("scores-0-0.csv")) < 40, "killed while scoring");
    assertTrue(FidAccumulator.committed(parts, 0, 0).predictions().count() >= 12,
        "the killed run had checkpointed FID statistics, which the resumed one restores");

    CliRun.Result resumed = evaluate(config);
    assertEquals(0, resumed.exit(), resumed.err());
    assertEquals(summary(reference.workPath()), summary(config.workPath()),
        "summary.csv, FID included, equals the uninterrupted run's");
    Path referenceParts = reference.workPath().resolve("runs").resolve(reference.identity())
        .resolve("parts");
    assertArrayEquals(Files.readAllBytes(FidAccumulator.committed(referenceParts, 0, 0).file()),
        Files.readAllBytes(FidAccumulator.committed(parts, 0, 0).file()));
  }
}
