package dev.colorize.job.finetune;

import dev.colorize.config.DatasetConfig;
import dev.colorize.config.FinetuneConfig;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import dev.colorize.cli.ColorizeCli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Configurations and forked runs for the finetune tests. */
final class FinetuneFixtures {

  /** The example project's Korean-food sample data: colour follows structure and class. */
  static final Path FOOD = Path.of("../example-project/data/kfood").toAbsolutePath().normalize();

  private FinetuneFixtures() {}

  /** A tiny network trained briefly at 32 px on the food sample's training split. */
  static RunConfiguration configuration(Path work, String architecture, int epochs) {
    RunConfiguration c = new RunConfiguration();
    c.workDirectory = work.toString();
    c.chunkSize = 8;
    c.threads = 1;
    DatasetConfig food = new DatasetConfig("kfood", "aihub-food", FOOD.toString());
    food.fractions = "0.7,0.15,0.15";
    c.datasets.add(food);
    ModelConfig model = new ModelConfig(architecture + "-tiny", "builtin");
    model.options.put("architecture", architecture);
    model.options.put("size", "tiny");
    model.options.put("init", "random");
    c.models.add(model);
    FinetuneConfig f = new FinetuneConfig(model.name, "kfood");
    f.epochs = epochs;
    f.batchSize = 4;
    f.imageSize = 32;
    f.checkpointInterval = 4;
    f.seed = 5;
    c.finetune = f;
    return c;
  }

  /** An evaluate configuration over the sample data's held-out test split, without models. */
  static RunConfiguration evaluateOnTestSplit(Path work) {
    RunConfiguration evaluate = new RunConfiguration();
    evaluate.workDirectory = work.toString();
    evaluate.threads = 1;
    DatasetConfig test = new DatasetConfig("kfood-test", "aihub-food", FOOD.toString());
    test.fractions = "0.7,0.15,0.15";
    test.split = "test";
    evaluate.datasets.add(test);
    return evaluate;
  }

  /** Starts {@code colorize finetune} in a fresh JVM, as bin/colorize and the Maven goal do. */
  static Process fork(RunConfiguration config, Path configFile, Path log) throws Exception {
    config.write(configFile);
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-Dai.djl.offline=true",
        "-cp", System.getProperty("java.class.path"), ColorizeCli.class.getName(), "finetune",
        "--config", configFile.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    // The test JVM's instruction set (.ci/run: the self-check's choice for any model); unpadded
    // convolutions read uninitialised memory, which glibc's fill of fresh allocations hides
    // (docs/training.md).
    boolean builtin = config.models.stream().anyMatch(m -> m.name.equals(config.finetune.model)
        && m.engine.equals("builtin"));
    builder.environment().put("DNNL_MAX_CPU_ISA",
        System.getenv().getOrDefault("DNNL_MAX_CPU_ISA", "AVX"));
    if (builtin) {
      builder.environment().remove("MALLOC_PERTURB_");
    } else {
      builder.environment().put("MALLOC_PERTURB_", "255");
    }
    return builder.start();
  }

  /** Runs {@code colorize finetune} in a fresh JVM to its end; returns its exit code. */
  static int runToEnd(RunConfiguration config, Path configFile, Path log) throws Exception {
    Process child = fork(config, configFile, log);
    assertTrue(child.waitFor(240, TimeUnit.SECONDS), () -> "timed out\n" + read(log));
    return child.exitValue();
  }

  /** Runs {@code colorize finetune} in a fresh JVM to its end and asserts that it succeeded. */
  static void runSuccessfully(RunConfiguration config, Path configFile, Path log)
      throws Exception {
    assertEquals(0, runToEnd(config, configFile, log), () -> read(log));
  }

  /**
   * Runs {@code config} in a fresh JVM, kills it with SIGKILL once two training checkpoints are
   * committed, checks that {@code export} was not written yet, then runs the same configuration
   * to its end and checks that it resumed.
   */
  static void killMidTrainingThenResume(RunConfiguration config, Path configFile, Path log,
      Path export) throws Exception {
    Process child = fork(config, configFile, log);
    Path checkpoints = Path.of(config.workDirectory).resolve("runs")
        .resolve(FinetuneJob.identityOf(config)).resolve("train/checkpoints");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (checkpointCount(checkpoints) < 2) {
      assertTrue(child.isAlive(), () -> "ended before the kill\n" + read(log));
      assertTrue(System.nanoTime() < deadline, () -> "no checkpoint\n" + read(log));
      Thread.sleep(20);
    }
    child.destroyForcibly(); // SIGKILL
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    assertTrue(!Files.exists(export), "killed before the export");
    runSuccessfully(config, configFile, log);
    assertTrue(read(log).contains("resuming from"), read(log));
  }

  /**
   * The two export directories hold the same model file and the same curves, and their runs
   * kept the same validation images after each epoch, byte for byte.
   */
  static void assertSameExport(Path a, Path b, String modelFile) throws Exception {
    Path imagesA = validationImages(a);
    Path imagesB = validationImages(b);
    assertEquals(imagesA == null, imagesB == null, "both runs validated, or neither");
    List<Path> files = imagesA == null ? List.of() : files(imagesA);
    if (imagesA != null) {
      assertEquals(files, files(imagesB));
      assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().startsWith("step-")),
          "the runs kept validation images: " + files);
    }
    for (Path f : files) {
      assertArrayEquals(Files.readAllBytes(imagesA.resolve(f)),
          Files.readAllBytes(imagesB.resolve(f)), f.toString());
    }
    assertArrayEquals(Files.readAllBytes(a.resolve(modelFile)),
        Files.readAllBytes(b.resolve(modelFile)));
    assertEquals(Files.readAllLines(a.resolve("loss.csv")),
        Files.readAllLines(b.resolve("loss.csv")));
    assertEquals(Files.readAllLines(a.resolve("validation.csv")),
        Files.readAllLines(b.resolve("validation.csv")));
  }

  /** The validation images folder the export's finetune.json names; null without validation. */
  private static Path validationImages(Path export) throws Exception {
    var node = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(export.resolve("finetune.json").toFile()).get("validationImages");
    return node == null ? null : Path.of(node.asText());
  }

  /** The regular files under a folder, relative to it, sorted. */
  private static List<Path> files(Path folder) throws Exception {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile).map(folder::relativize).sorted().toList();
    }
  }

  private static long checkpointCount(Path checkpoints) throws Exception {
    if (!Files.isDirectory(checkpoints)) {
      return 0;
    }
    try (Stream<Path> list = Files.list(checkpoints)) {
      return list.filter(p -> p.getFileName().toString().startsWith("step-")).count();
    }
  }

  static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "(no log)";
    } catch (Exception e) {
      return "(unreadable log: " + e + ")";
    }
  }
}
