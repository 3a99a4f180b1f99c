package dev.colorize.job.colorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colorize.cli.ColorizeCli;
import dev.colorize.config.ConfigurationException;
import dev.colorize.config.DatasetConfig;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import dev.colorize.image.Box;
import dev.colorize.image.CieLab;
import dev.colorize.image.LabImage;
import dev.colorize.image.RgbImage;
import dev.colorize.job.BatchInfrastructure;
import dev.colorize.job.JobRunner;
import dev.colorize.job.RepositorySettings;
import dev.colorize.job.WorkDirectoryLock;
import dev.colorize.parallel.Workers;
import dev.colorize.model.ColorizationException;
import dev.colorize.model.ColorizationInput;
import dev.colorize.model.Colorizer;
import dev.colorize.model.ColorizerEngine;
import dev.colorize.model.ModelRegistry;
import dev.colorize.report.CsvLine;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.batch.core.BatchStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The colorize job end to end: given a folder of photos (gray JPEGs, R = G = B PNGs, nested and
 * Hangul names, broken files), when it runs, then every usable photo is written at its own size
 * to the mirrored path and every other one is listed with its reason.
 */
class ColorizeJobTest {

  @TempDir Path dir;

  /** Gray one-channel JPEGs, an RGB R=G=B PNG, Hangul and nested names, and broken files. */
  private Path photoFolder() throws Exception {
    Path in = dir.resolve("photos");
    PhotoFixtures.write(in.resolve("1950s/family.jpg"),
        PhotoFixtures.jpeg(PhotoFixtures.oldPhoto(640, 480, 1)));
    PhotoFixtures.write(in.resolve("1950s/궁궐.JPG"),
        PhotoFixtures.jpeg(PhotoFixtures.oldPhoto(300, 500, 2)));
    PhotoFixtures.write(in.resolve("scan.png"),
        PhotoFixtures.png(PhotoFixtures.asRgb(PhotoFixtures.oldPhoto(257, 129, 3))));
    PhotoFixtures.write(in.resolve("tiny.png"),
        PhotoFixtures.png(PhotoFixtures.oldPhoto(40, 30, 4)));
    byte[] jpeg = PhotoFixtures.jpeg(PhotoFixtures.oldPhoto(200, 150, 5));
    PhotoFixtures.write(in.resolve("bad/truncated.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
    PhotoFixtures.write(in.resolve("bad/empty.jpg"), new byte[0]);
    PhotoFixtures.write(in.resolve("bad/text.png"),
        "not a picture".getBytes(StandardCharsets.UTF_8));
    PhotoFixtures.write(in.resolve("bad/huge.png"),
        PhotoFixtures.png(PhotoFixtures.oldPhoto(1200, 1000, 6)));
    return in;
  }

  private RunConfiguration configuration(Path work) {
    RunConfiguration config = new RunConfiguration();
    config.workDirectory = work.toString();
    config.imageSize = 64;
    config.chunkSize = 3;
    config.threads = 2;
    config.models = new ArrayList<>(List.of(new ModelConfig("baseline", "gray")));
    return config;
  }

  private static List<List<String>> rows(Path csv) throws Exception {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    return lines.stream().skip(1).filter(l -> !l.isEmpty()).map(CsvLine::parse).toList();
  }

  @Test
  void theGrayModelWritesEveryPhotoAtItsOwnSizeWithItsLightnessAndListsTheRest()
      throws Exception {
    Path in = photoFolder();
    Path out = dir.resolve("colour");
    Path config = dir.resolve("run.json");
    configuration(dir.resolve("work")).write(config);
    String[] args = {"colorize", "--config", config.toString(), "--model", "baseline",
        "--input", in.toString(), "--output", out.toString(), "--max-pixels", "1000000"};

    assertEquals(0, ColorizeCli.run(args));

    Map<String, int[]> sizes = Map.of("1950s/family.jpg", new int[] {640, 480},
        "1950s/궁궐.JPG", new int[] {300, 500}, "scan.png", new int[] {257, 129},
        "tiny.png", new int[] {40, 30});
    for (Map.Entry<String, int[]> e : sizes.entrySet()) {
      Path written = out.resolve(e.getKey());
      assertTrue(Files.isRegularFile(written), "missing " + written);
      RgbImage source = PhotoFixtures.decode(Files.readAllBytes(in.resolve(e.getKey())));
      RgbImage colour = PhotoFixtures.decode(Files.readAllBytes(written));
      assertEquals(e.getValue()[0], colour.width(), e.getKey());
      assertEquals(e.getValue()[1], colour.height(), e.getKey());
      double meanDifference = 0;
      for (int i = 0; i < source.rgb().length; i++) {
        int diff = Math.abs((source.rgb()[i] & 0xFF) - (colour.rgb()[i] & 0xFF));
        if (e.getKey().endsWith(".png")) {
          assertEquals(0, diff, e.getKey() + ": lossless output keeps the gray pixels");
        }
        meanDifference += diff;
      }
      meanDifference /= source.rgb().length;
      assertTrue(meanDifference < 1.0, e.getKey() + ": mean difference " + meanDifference
          + " after a JPEG quality 95 re-encode");
    }
    assertTrue(new String(Files.readAllBytes(out.resolve("1950s/family.jpg")), 0, 3,
        StandardCharsets.ISO_8859_1).startsWith("\u00ff\u00d8"), "JPEG in, JPEG out");

    Path reports = dir.resolve("work/colorize");
    List<List<String>> colorized = rows(reports.resolve("colorized.csv"));
    assertEquals(4, colorized.size());
    List<String> family = colorized.stream().filter(r -> r.get(2).equals("1950s/family.jpg"))
        .findFirst().orElseThrow();
    assertEquals(List.of("input", "baseline", "1950s/family.jpg",
        in.resolve("1950s/family.jpg").toString(), out.resolve("1950s/family.jpg").toString(),
        "640", "480", "1"), family.subList(0, 8));
    Map<String, String> reasons = rows(reports.resolve("skipped.csv")).stream()
        .collect(Collectors.toMap(r -> r.get(1), r -> r.get(4)));
    assertEquals(4, reasons.size(), reasons.toString());
    assertTrue(reasons.get("bad/truncated.jpg").startsWith("TRUNCATED"), reasons.toString());
    assertTrue(reasons.get("bad/empty.jpg").startsWith("EMPTY_FILE"), reasons.toString());
    assertTrue(reasons.get("bad/text.png").startsWith("NOT_AN_IMAGE"), reasons.toString());
    assertTrue(reasons.get("bad/huge.png").startsWith("TOO_LARGE"), reasons.toString());
    assertFalse(Files.exists(out.resolve("bad")), "nothing is written for a skipped photo");
    try (Stream<Path> files = Files.walk(out)) {
      assertEquals(List.of(), files.filter(p -> p.getFileName().toString()
          .endsWith(PhotoFiles.TEMP_SUFFIX)).toList(), "no temporary file is left");
    }

    JsonNode runJson = new ObjectMapper().readTree(reports.resolve("run.json").toFile());
    assertEquals("colorize", runJson.get("goal").asText());
    assertEquals("COMPLETED", runJson.get("status").asText());
    assertEquals(4, runJson.get("rows").get("colorized.csv").asInt());
    assertEquals(4, runJson.get("rows").get("skipped.csv").asInt());
    assertEquals(4, runJson.get("noChroma").asInt(), "the gray baseline has no chroma");
    assertEquals("baseline", runJson.get("configuration").get("model").asText());
    assertEquals("bilinear", runJson.get("configuration").get("upsampling").asText());

    // The same request again: already complete, nothing rewritten.
    long before = Files.getLastModifiedTime(out.resolve("scan.png")).toMillis();
    PrintStream saved = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, ColorizeCli.run(args));
    } finally {
      System.setOut(saved);
    }
    assertTrue(captured.toString(StandardCharsets.UTF_8).contains("already completed"),
        captured.toString(StandardCharsets.UTF_8));
    assertEquals(before, Files.getLastModifiedTime(out.resolve("scan.png")).toMillis());
  }

  @Test
  void pngOutputAppendsItsExtensionSoNoTwoSourcesCollide() throws Exception {
    Path in = dir.resolve("photos");
    PhotoFixtures.write(in.resolve("a.jpg"), PhotoFixtures.jpeg(PhotoFixtures.oldPhoto(80, 60, 1)));
    PhotoFixtures.write(in.resolve("a.png"), PhotoFixtures.png(PhotoFixtures.oldPhoto(70, 50, 2)));
    Path out = dir.resolve("out");
    Path config = dir.resolve("run.json");
    configuration(dir.resolve("work")).write(config);
    assertEquals(0, ColorizeCli.run("colorize", "--config", config.toString(), "--model",
        "baseline", "--input", in.toString(), "--output", out.toString(),
        "--output-format", "png"));
    assertEquals(80, PhotoFixtures.decode(Files.readAllBytes(out.resolve("a.jpg.png"))).width());
    assertEquals(70, PhotoFixtures.decode(Files.readAllBytes(out.resolve("a.png"))).width());
  }

  @Test
  void aDeclaredDatasetIsColorizedAndBadOptionsAreRefusedBeforeAnythingRuns() throws Exception {
    Path in = dir.resolve("archive");
    PhotoFixtures.write(in.resolve("tombs/t1.png"),
        PhotoFixtures.png(PhotoFixtures.oldPhoto(90, 60, 1)));
    RunConfiguration c = configuration(dir.resolve("work"));
    c.datasets = new ArrayList<>(List.of(new DatasetConfig("heritage", "folder", in.toString())));
    Path config = dir.resolve("run.json");
    c.write(config);
    assertEquals(0, ColorizeCli.run("colorize", "--config", config.toString(), "--model",
        "baseline", "--dataset", "heritage", "--output", dir.resolve("out").toString()));
    assertTrue(Files.isRegularFile(dir.resolve("out/tombs/t1.png")));
    assertEquals("heritage", rows(dir.resolve("work/colorize/colorized.csv")).get(0).get(0));

    assertEquals(2, ColorizeCli.run("colorize", "--config", config.toString(), "--model",
        "nope", "--dataset", "heritage", "--output", dir.resolve("out").toString()));
    assertEquals(2, ColorizeCli.run("colorize", "--config", config.toString(), "--model",
        "baseline", "--dataset", "heritage", "--output", dir.resolve("out").toString(),
        "--output-format", "gif"));
  }

  /** A test engine: constant chroma, a ramp, or a failure; records what the model saw. */
  private static final class FakeEngine implements ColorizerEngine {
    final String id;
    final List<ColorizationInput> seen = new CopyOnWriteArrayList<>();
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

    FakeEngine(String id) {
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public void validate(ModelConfig config, String element) {
      if (config.options.containsKey("bad")) {
        throw new ConfigurationException(element + "<options>", "has 'bad'");
      }
    }

    @Override
    public Colorizer open(ModelConfig config) {
      return batch -> {
        seen.addAll(batch);
        batchSizes.add(batch.size());
        if (id.equals("failing")) {
          throw new ColorizationException("bad output tensor shape [1, 3]");
        }
        if (id.equals("small-memory") && batch.size() > 1) {
          throw new ColorizationException("CUDA out of memory (fake device)");
        }
        List<LabImage> out = new ArrayList<>();
        for (ColorizationInput input : batch) {
          LabImage gray = input.gray();
          int n = gray.width() * gray.height();
          float[] a = new float[n];
          float[] b = new float[n];
          for (int i = 0; i < n; i++) {
            a[i] = id.equals("ramp") ? -20 + 40f * (i % gray.width()) / (gray.width() - 1) : 18;
            b[i] = -12;
          }
          out.add(new LabImage(gray.width(), gray.height(), gray.l(), a, b));
        }
        return out;
      };
    }
  }

  private JobRunner.Outcome runJob(RunConfiguration config, ColorizeRequest request,
      ModelRegistry registry) throws Exception {
    ColorizeRun run = ColorizeRun.resolve(config, request, registry);
    Path work = config.workPath();
    try (WorkDirectoryLock lock = WorkDirectoryLock.acquire(work);
        BatchInfrastructure infra = BatchInfrastructure.open(RepositorySettings.embedded(work));
        Workers workers = new Workers(config.threads)) {
      ColorizeJob job = new ColorizeJob(run, infra, registry, workers, System.out);
      return new JobRunner(infra).run(job.job(), job.parameters(), false);
    }
  }

  @Test
  void predictedChromaIsUpsampledAndJoinedWithTheOriginalLightness() throws Exception {
    Path in = dir.resolve("photos");
    BufferedImage photo = PhotoFixtures.oldPhoto(500, 300, 8);
    PhotoFixtures.write(in.resolve("p.png"), PhotoFixtures.png(photo));
    FakeEngine ramp = new FakeEngine("ramp");
    RunConfiguration config = configuration(dir.resolve("work"));
    config.models = new ArrayList<>(List.of(new ModelConfig("fake", "ramp")));
    JobRunner.Outcome outcome = runJob(config, new ColorizeRequest("fake", in, null,
        dir.resolve("out"), OutputFormat.SAME, 1_000_000), new ModelRegistry().register(ramp));
    assertEquals(BatchStatus.COMPLETED, outcome.status());

    LabImage input = ramp.seen.get(0).gray();
    assertEquals(64, input.width(), "the model sees the working size");
    assertEquals(64, input.height());
    LabImage out = CieLab.fromRgb(
        PhotoFixtures.decode(Files.readAllBytes(dir.resolve("out/p.png"))));
    assertEquals(500, out.width());
    double[] lab = new double[3];
    double worstL = 0;
    double worstA = 0;
    double worstB = 0;
    for (int y = 0; y < 300; y++) {
      for (int x = 0; x < 500; x++) {
        int v = photo.getRaster().getSample(x, y, 0);
        CieLab.rgbToLab(v, v, v, lab);
        int i = y * 500 + x;
        double sx = Math.max(0, Math.min(63, (x + 0.5) * 64 / 500 - 0.5));
        double expectedA = -20 + 40 * sx / 63;
        if (lab[0] > 25 && lab[0] < 90) { // away from black and white, where sRGB clips chroma
          worstL = Math.max(worstL, Math.abs(out.l()[i] - lab[0]));
          worstA = Math.max(worstA, Math.abs(out.a()[i] - expectedA));
          worstB = Math.max(worstB, Math.abs(out.b()[i] + 12));
        }
      }
    }
    assertTrue(worstL < 0.6, "the original full-resolution L is kept: worst " + worstL);
    assertTrue(worstA < 1.5, "a follows the bilinear upsampled ramp: worst " + worstA);
    assertTrue(worstB < 1.5, "b = -12 everywhere: worst " + worstB);
  }

  @Test
  void datasetInstanceBoxesReachTheModelAtTheWorkingSizeInTheModelsBatchSize()
      throws Exception {
    // An aihub-object dataset: its JSON boxes are instance boxes in full-resolution pixels.
    Path root = dir.resolve("objects");
    Path folder = root.resolve("유적건조물/1_유적건조물/1/P001_유적건조물_a_b_c_석탑");
    for (int i = 0; i < 5; i++) {
      String base = String.format("P001_%04d_0001", i);
      PhotoFixtures.write(folder.resolve(base + ".jpg"),
          PhotoFixtures.jpeg(PhotoFixtures.oldPhoto(320, 160, i)));
      Files.writeString(folder.resolve(base + ".json"),
          "{\"regions\":[{\"boxcorners\":[160,80,320,160],\"tags\":[\"석탑\"]}]}");
    }
    FakeEngine tint = new FakeEngine("tint");
    RunConfiguration config = configuration(dir.resolve("work"));
    ModelConfig model = new ModelConfig("fake", "tint");
    model.batchSize = 2;
    config.models = new ArrayList<>(List.of(model));
    config.datasets = new ArrayList<>(List.of(new DatasetConfig("objects", "aihub-object",
        root.toString())));
    JobRunner.Outcome outcome = runJob(config, new ColorizeRequest("fake", null, "objects",
        dir.resolve("out"), OutputFormat.PNG, 1_000_000), new ModelRegistry().register(tint));
    assertEquals(BatchStatus.COMPLETED, outcome.status());
    assertEquals(5, tint.seen.size());
    for (ColorizationInput input : tint.seen) {
      assertEquals(List.of(new Box(32, 32, 32, 32)), input.instances());
    }
    assertTrue(tint.batchSizes.stream().allMatch(n -> n <= 2), tint.batchSizes.toString());
    List<List<String>> written = rows(dir.resolve("work/colorize/colorized.csv"));
    assertEquals(5, written.size());
    assertTrue(written.stream().allMatch(r -> r.get(7).equals("0")), "coloured: no_chroma 0");
  }

  @Test
  void foodCropBoxesAreInstancesOnlyWithCropAsInstance() throws Exception {
    // The colorize goal always colorizes the whole photo; the crop box is given to the model as
    // an instance box with <cropAs>instance, and ignored otherwise.
    Path cls = dir.resolve("food/밥류/비빔밥");
    for (int i = 0; i < 2; i++) {
      PhotoFixtures.write(cls.resolve(String.format("Img_020_%04d.jpg", i)),
          PhotoFixtures.jpeg(PhotoFixtures.oldPhoto(320, 160, i)));
    }
    Files.writeString(cls.resolve("crop_area.properties"),
        "Img_020_0000=160,80,160,80\nImg_020_0001=160,80,160,80\n");
    for (String cropAs : new String[] {null, "instance"}) {
      FakeEngine tint = new FakeEngine("tint");
      RunConfiguration config = configuration(dir.resolve("work-" + cropAs));
      config.models = new ArrayList<>(List.of(new ModelConfig("fake", "tint")));
      DatasetConfig food = new DatasetConfig("food", "aihub-food", dir.resolve("food").toString());
      food.cropAs = cropAs;
      config.datasets = new ArrayList<>(List.of(food));
      JobRunner.Outcome outcome = runJob(config, new ColorizeRequest("fake", null, "food",
          dir.resolve("out-" + cropAs), OutputFormat.PNG, 1_000_000),
          new ModelRegistry().register(tint));
      assertEquals(BatchStatus.COMPLETED, outcome.status());
      assertEquals(2, tint.seen.size());
      List<Box> expected = cropAs == null ? List.of() : List.of(new Box(32, 32, 32, 32));
      for (ColorizationInput input : tint.seen) {
        assertEquals(64, input.gray().width(), "the whole photo at the working size");
        assertEquals(expected, input.instances(), "cropAs " + cropAs);
      }
    }
  }

  @Test
  void aModelFailureSkipsItsBatchWithTheReason() throws Exception {
    Path in = dir.resolve("photos");
    for (int i = 0; i < 3; i++) {
      PhotoFixtures.write(in.resolve("p" + i + ".png"),
          PhotoFixtures.png(PhotoFixtures.oldPhoto(50, 40, i)));
    }
    RunConfiguration config = configuration(dir.resolve("work"));
    config.models = new ArrayList<>(List.of(new ModelConfig("fake", "failing")));
    JobRunner.Outcome outcome = runJob(config, new ColorizeRequest("fake", in, null,
        dir.resolve("out"), OutputFormat.SAME, 1_000_000),
        new ModelRegistry().register(new FakeEngine("failing")));
    assertEquals(BatchStatus.COMPLETED, outcome.status());
    List<List<String>> skipped = rows(dir.resolve("work/colorize/skipped.csv"));
    assertEquals(3, skipped.size());
    assertEquals("colorize:fake", skipped.get(0).get(3));
    assertTrue(skipped.get(0).get(4).startsWith("MODEL_FAILED: bad output tensor shape [1, 3]"),
        skipped.get(0).get(4));
    assertFalse(Files.exists(dir.resolve("out/p0.png")));
  }

  @Test
  void anOutOfMemoryErrorHalvesTheBatchAndTheSinglePhotosSucceed() throws Exception {
    Path in = dir.resolve("photos");
    for (int i = 0; i < 4; i++) {
      PhotoFixtures.write(in.resolve("p" + i + ".png"),
          PhotoFixtures.png(PhotoFixtures.oldPhoto(50, 40, i)));
    }
    RunConfiguration config = configuration(dir.resolve("work"));
    config.chunkSize = 4;
    ModelConfig model = new ModelConfig("fake", "small-memory");
    model.batchSize = 4;
    config.models = new ArrayList<>(List.of(model));
    FakeEngine engine = new FakeEngine("small-memory");
    JobRunner.Outcome outcome = runJob(config, new ColorizeRequest("fake", in, null,
        dir.resolve("out"), OutputFormat.SAME, 1_000_000), new ModelRegistry().register(engine));
    assertEquals(BatchStatus.COMPLETED, outcome.status());
    assertEquals(4, rows(dir.resolve("work/colorize/colorized.csv")).size());
    assertEquals(0, rows(dir.resolve("work/colorize/skipped.csv")).size());
    assertEquals(4, engine.batchSizes.get(0), "first the configured batch");
    assertEquals(1, engine.batchSizes.get(engine.batchSizes.size() - 1), "then single photos");
  }

  @Test
  void aPhotoThatCannotBeWrittenIsSkippedAndTheOthersAreWritten() throws Exception {
    Path in = dir.resolve("photos");
    PhotoFixtures.write(in.resolve("blocked/a.png"),
        PhotoFixtures.png(PhotoFixtures.oldPhoto(50, 40, 1)));
    PhotoFixtures.write(in.resolve("free/b.png"),
        PhotoFixtures.png(PhotoFixtures.oldPhoto(50, 40, 2)));
    Path out = dir.resolve("out");
    PhotoFixtures.write(out.resolve("blocked"), new byte[] {1}); // a file where a folder must go
    Path config = dir.resolve("run.json");
    configuration(dir.resolve("work")).write(config);
    assertEquals(0, ColorizeCli.run("colorize", "--config", config.toString(), "--model",
        "baseline", "--input", in.toString(), "--output", out.toString()));
    assertTrue(Files.isRegularFile(out.resolve("free/b.png")));
    List<List<String>> skipped = rows(dir.resolve("work/colorize/skipped.csv"));
    assertEquals(1, skipped.size());
    assertEquals("write", skipped.get(0).get(3));
    assertTrue(skipped.get(0).get(4).startsWith("WRITE_FAILED: cannot write "
        + out.resolve("blocked/a.png")), skipped.get(0).get(4));
  }

  @Test
  void tooManySkipsFailTheJobAndTheRunSaysHowToResume() throws Exception {
    Path in = dir.resolve("photos");
    for (int i = 0; i < 4; i++) {
      PhotoFixtures.write(in.resolve("broken" + i + ".jpg"), new byte[0]);
    }
    RunConfiguration c = configuration(dir.resolve("work"));
    c.maxSkips = 2;
    Path config = dir.resolve("run.json");
    c.write(config);
    assertEquals(1, ColorizeCli.run("colorize", "--config", config.toString(), "--model",
        "baseline", "--input", in.toString(), "--output", dir.resolve("out").toString()));
  }
}
