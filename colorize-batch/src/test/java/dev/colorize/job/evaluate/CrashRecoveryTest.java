package dev.colorize.job.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.cli.ColorizeCli;
import dev.colorize.config.RunConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the forked evaluate JVM with SIGKILL at several points, re-runs it, and checks that the
 * reports equal those of an uninterrupted run, row for row.
 */
class CrashRecoveryTest {

  @TempDir Path dir;

  private static Process fork(Path config, Path log) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp",
        System.getProperty("java.class.path"), ColorizeCli.class.getName(), "evaluate",
        "--config", config.toString()));
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
  }

  private static long dataLines(Path csv) throws Exception {
    if (!Files.exists(csv)) {
      return 0;
    }
    try (var lines = Files.lines(csv)) {
      return Math.max(0, lines.count() - 1);
    }
  }

  /** Waits until {@code ready} holds, then kills the child hard; fails if it ended first. */
  private static void killWhen(Process child, Predicate<Void> ready, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!ready.test(null)) {
      assertTrue(child.isAlive(), "the run ended before the planned kill:\n" + Files.readString(log));
      assertTrue(System.nanoTime() < deadline, "no progress:\n" + Files.readString(log));
      Thread.sleep(5);
    }
    assertTrue(child.isAlive(), "the run ended before the planned kill");
    child.destroyForcibly();
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
  }

  @Test
  void killedTwiceThenResumedGivesTheUninterruptedReports() throws Exception {
    Path dataset = EvaluateFixtures.folderDataset(dir.resolve("data"), 4, 50, true);

    Path referenceWork = dir.resolve("reference");
    RunConfiguration reference = EvaluateFixtures.configuration(referenceWork, dataset, 4);
    reference.write(dir.resolve("reference.json"));
    assertEquals(0, ColorizeCli.run("evaluate", "--config", dir.resolve("reference.json").toString()));

    Path work = dir.resolve("crashed");
    RunConfiguration crashed = EvaluateFixtures.configuration(work, dataset, 4);
    Path config = dir.resolve("crashed.json");
    crashed.write(config);
    Path log = dir.resolve("child.log");
    Path parts = work.resolve("runs").resolve(crashed.identity()).resolve("parts");

    // 1: mid-way through preparing the dataset.
    Process first = fork(config, log);
    killWhen(first, v -> uncheckedLines(parts.resolve("prepared-0.csv")) >= 40, log);
    long preparedAtKill = dataLines(parts.resolve("prepared-0.csv"));
    assertTrue(preparedAtKill < 200, "prepare was interrupted, " + preparedAtKill + " rows");

    // 2: the resumed run, mid-way through scoring.
    Process second = fork(config, log);
    killWhen(second, v -> uncheckedLines(parts.resolve("scores-0-0.csv")) >= 40, log);
    assertTrue(dataLines(parts.resolve("scores-0-0.csv")) < 201, "scoring was interrupted");

    // 3: runs to the end, in this JVM.
    assertEquals(0, ColorizeCli.run("evaluate", "--config", config.toString()));
    for (String report : List.of("scores.csv", "summary.csv")) {
      assertEquals(Files.readAllLines(referenceWork.resolve("evaluate").resolve(report)),
          Files.readAllLines(work.resolve("evaluate").resolve(report)), report);
    }
    assertEquals(Files.readAllLines(referenceWork.resolve("evaluate/skipped.csv")).size(),
        Files.readAllLines(work.resolve("evaluate/skipped.csv")).size());
    String childLog = Files.readString(log);
    assertTrue(childLog.contains("Resuming colorize-evaluate") || childLog.contains("recovering"),
        childLog);
  }

  @Test
  void aSecondRunOnTheSameWorkDirectoryRefusesAndCorruptsNothing() throws Exception {
    Path dataset = EvaluateFixtures.folderDataset(dir.resolve("data"), 2, 100, false);
    Path work = dir.resolve("work");
    RunConfiguration config = EvaluateFixtures.configuration(work, dataset, 4);
    Path file = dir.resolve("run.json");
    config.write(file);
    Path log = dir.resolve("child.log");
    Path parts = work.resolve("runs").resolve(config.identity()).resolve("parts");

    Process child = fork(file, log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (uncheckedLines(parts.resolve("prepared-0.csv")) < 8) {
      assertTrue(child.isAlive() && System.nanoTime() < deadline, Files.readString(log));
      Thread.sleep(5);
    }
    assertEquals(3, ColorizeCli.run("evaluate", "--config", file.toString()),
        "the second run refuses while the first holds the work directory");
    assertTrue(child.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, child.exitValue(), Files.readString(log));
    assertEquals(200, dataLines(work.resolve("evaluate/scores.csv")));
  }

  private static long uncheckedLines(Path csv) {
    try {
      return dataLines(csv);
    } catch (Exception e) {
      return 0;
    }
  }
}
