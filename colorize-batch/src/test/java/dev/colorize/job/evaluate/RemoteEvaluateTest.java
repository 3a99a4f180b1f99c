package dev.colorize.job.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colorize.cli.ColorizeCli;
import dev.colorize.config.RemoteConfig;
import dev.colorize.config.RunConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote partitioning on a real PostgreSQL server, with worker JVMs started by the test: the
 * manager (this JVM) and the workers give the CSVs one JVM gives, also when a worker is killed
 * with SIGKILL mid-partition or cannot see the work directory. {@code .ci/run} starts the server
 * and sets {@code COLORIZE_TEST_POSTGRES_URL}; without it this class is reported as skipped.
 */
@EnabledIfEnvironmentVariable(named = "COLORIZE_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.*")
class RemoteEvaluateTest {

  private static final List<String> REPORTS =
      List.of("scores.csv", "summary.csv", "skipped.csv", "dataset-issues.csv");

  @TempDir Path dir;
  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void killWorkers() {
    children.forEach(Process::destroyForcibly);
  }

  /** The one-JVM reference: the same datasets and model on the embedded H2 default. */
  private Path reference(Path dataset, int chunkSize) throws IOException {
    Path work = dir.resolve("reference");
    Path file = dir.resolve("reference.json");
    EvaluateFixtures.configuration(work, dataset, chunkSize).write(file);
    assertEquals(0, ColorizeCli.run("evaluate", "--config", file.toString()));
    return work;
  }

  private RunConfiguration remote(Path work, Path dataset, int chunkSize, int partitions,
      int heartbeatSeconds) {
    RunConfiguration config = EvaluateFixtures.onServer(
        EvaluateFixtures.configuration(work, dataset, chunkSize),
        System.getenv("COLORIZE_TEST_POSTGRES_URL"), System.getenv("COLORIZE_TEST_POSTGRES_USER"),
        System.getenv("COLORIZE_TEST_POSTGRES_PASSWORD"));
    config.remote = new RemoteConfig(partitions, heartbeatSeconds);
    config.threads = 1;
    return config;
  }

  private Process worker(Path config, Path log, int idleSeconds) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, "-Xmx384m", "-Dcolorize.idleSeconds=" + idleSeconds,
        "-cp", System.getProperty("java.class.path"), ColorizeCli.class.getName(), "worker",
        "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    children.add(p);
    return p;
  }

  private static CompletableFuture<Integer> manager(Path config) {
    return CompletableFuture.supplyAsync(
        () -> ColorizeCli.run("evaluate", "--config", config.toString()));
  }

  private static void assertSameReports(Path reference, Path work) throws IOException {
    for (String report : REPORTS) {
      assertEquals(Files.readAllLines(reference.resolve("evaluate").resolve(report)),
          Files.readAllLines(work.resolve("evaluate").resolve(report)), report);
    }
    List<String> rows = Files.readAllLines(work.resolve("evaluate/scores.csv"));
    Set<String> ids = new HashSet<>();
    for (String row : rows.subList(1, rows.size())) {
      assertTrue(ids.add(row.substring(0, nthComma(row, 3))), "row twice: " + row);
    }
  }

  /** Position of the n-th comma: dataset, model and sample id lead each scores.csv row. */
  private static int nthComma(String row, int n) {
    int at = -1;
    for (int i = 0; i < n; i++) {
      at = row.indexOf(',', at + 1);
    }
    return at < 0 ? row.length() : at;
  }

  private static JsonNode runJson(Path work) throws IOException {
    return new ObjectMapper().readTree(work.resolve("evaluate/run.json").toFile());
  }

  private static String waitFor(Path log, Pattern pattern, Process alive, long seconds)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      String text = Files.exists(log) ? Files.readString(log) : "";
      Matcher m = pattern.matcher(text);
      if (m.find()) {
        return m.group(1);
      }
      assertTrue(alive.isAlive(), "worker ended before " + pattern + ":\n" + text);
      Thread.sleep(5);
    }
    throw new AssertionError("no " + pattern + " in " + seconds + " s:\n" + Files.readString(log));
  }

  @Test
  void twoWorkersStartedBeforeTheManagerGiveTheReportsOfOneJvm() throws Exception {
    Path dataset = EvaluateFixtures.folderDataset(dir.resolve("data"), 3, 12, true);
    Path reference = reference(dataset, 4);
    Path work = dir.resolve("remote");
    Path config = dir.resolve("remote.json");
    remote(work, dataset, 4, 4, 10).write(config);

    Process a = worker(config, dir.resolve("a.log"), 15);
    Process b = worker(config, dir.resolve("b.log"), 15);
    assertEquals(0, manager(config).get(300, TimeUnit.SECONDS));

    assertSameReports(reference, work);
    assertTrue(a.waitFor(120, TimeUnit.SECONDS) && b.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, a.exitValue(), Files.readString(dir.resolve("a.log")));
    assertEquals(0, b.exitValue(), Files.readString(dir.resolve("b.log")));
    JsonNode partitions = runJson(work).get("partitions");
    // prepare and score, four partitions each, every one run to the end by one of the two
    assertEquals(8, partitions.size(), partitions.toString());
    Set<String> workers = Set.of(a.pid() + "", b.pid() + "");
    for (JsonNode p : partitions) {
      assertEquals("COMPLETED", p.get("status").asText(), p.toString());
      String pid = p.get("worker").asText().replaceAll(".*:", "");
      assertTrue(workers.contains(pid), p.toString());
    }
    for (JsonNode step : runJson(work).get("steps")) {
      if (step.get("name").asText().contains(":partition")) {
        assertTrue(step.has("worker"), step.toString());
      }
    }
  }

  @Test
  void aWorkerKilledMidPartitionIsReplacedAndNoRowIsLostOrTwice() throws Exception {
    Path dataset = EvaluateFixtures.folderDataset(dir.resolve("data"), 3, 40, false);
    Path reference = reference(dataset, 2);
    Path work = dir.resolve("remote");
    Path config = dir.resolve("remote.json");
    remote(work, dataset, 2, 2, 10).write(config);

    CompletableFuture<Integer> manager = manager(config);
    Path logA = dir.resolve("a.log");
    Process a = worker(config, logA, 60);
    String partition = waitFor(logA, Pattern.compile("running prepare-0-photos:partition(\\d)"),
        a, 120);
    Path parts = work.resolve("runs").resolve(remote(work, dataset, 2, 2, 10).identity())
        .resolve("parts");
    Path part = parts.resolve("prepared-0.p" + partition + ".csv");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(part) || Files.readAllLines(part).size() < 7) {
      assertTrue(a.isAlive(), "worker ended before the kill:\n" + Files.readString(logA));
      assertTrue(System.nanoTime() < deadline, Files.readString(logA));
      Thread.sleep(2);
    }
    a.destroyForcibly(); // SIGKILL: no shutdown hook, no last update
    assertTrue(a.waitFor(30, TimeUnit.SECONDS));
    assertFalse(Files.readString(logA).contains("prepare-0-photos:partition" + partition
        + " COMPLETED"), "killed after its partition ended:\n" + Files.readString(logA));

    Path logB = dir.resolve("b.log");
    Process b = worker(config, logB, 60); // started after the manager
    assertEquals(0, manager.get(300, TimeUnit.SECONDS), Files.readString(logB));

    assertSameReports(reference, work);
    JsonNode partitions = runJson(work).get("partitions");
    String killed = "prepare-0-photos:partition" + partition;
    boolean failedOnA = false;
    boolean completedOnB = false;
    for (JsonNode p : partitions) {
      String worker = p.get("worker").asText();
      if (p.get("step").asText().equals(killed)) {
        failedOnA |= worker.endsWith(":" + a.pid()) && p.get("status").asText().equals("FAILED");
        completedOnB |= worker.endsWith(":" + b.pid())
            && p.get("status").asText().equals("COMPLETED");
      }
    }
    assertTrue(failedOnA && completedOnB, partitions.toString());
    assertTrue(b.isAlive(), "the replacement worker is still waiting for work");
    // The resent partition resumed after A's last committed chunk: it read fewer than its 60.
    for (JsonNode step : runJson(work).get("steps")) {
      if (step.get("name").asText().equals(killed)) {
        assertTrue(step.get("read").asLong() < 60, step.toString());
      }
    }
  }

  @Test
  void aWorkerThatDoesNotSeeTheWorkDirectoryLeavesItsPartitionToAnother() throws Exception {
    Path dataset = EvaluateFixtures.folderDataset(dir.resolve("data"), 2, 6, false);
    Path reference = reference(dataset, 4);
    Path work = dir.resolve("remote");
    Path config = dir.resolve("remote.json");
    remote(work, dataset, 4, 2, 10).write(config);
    // Same configuration (identity), but this worker's work directory is a local folder.
    Path blindConfig = dir.resolve("blind.json");
    remote(dir.resolve("elsewhere"), dataset, 4, 2, 10).write(blindConfig);

    CompletableFuture<Integer> manager = manager(config);
    Process blind = worker(blindConfig, dir.resolve("blind.log"), 60);
    assertTrue(blind.waitFor(120, TimeUnit.SECONDS), "the blind worker did not give up");
    String said = Files.readString(dir.resolve("blind.log"));
    assertEquals(4, blind.exitValue(), said);
    assertTrue(said.contains("this worker does not see " + dir.resolve("elsewhere")), said);
    assertTrue(said.contains("on a shared file system"), said);

    worker(config, dir.resolve("good.log"), 10);
    assertEquals(0, manager.get(300, TimeUnit.SECONDS));
    assertSameReports(reference, work);
  }

  @Test
  void aWorkerStoppedWithCtrlCEndsAfterItsChunkAndItsPartitionGoesToAnother() throws Exception {
    Path dataset = EvaluateFixtures.folderDataset(dir.resolve("data"), 3, 40, false);
    Path reference = reference(dataset, 2);
    Path work = dir.resolve("remote");
    Path config = dir.resolve("remote.json");
    remote(work, dataset, 2, 2, 30).write(config);

    CompletableFuture<Integer> manager = manager(config);
    Path logA = dir.resolve("a.log");
    Process a = worker(config, logA, 60);
    String partition = waitFor(logA, Pattern.compile("running prepare-0-photos:partition(\\d)"),
        a, 120);
    a.destroy(); // SIGTERM, as Ctrl-C: the shutdown hook stops the partition after its chunk
    assertTrue(a.waitFor(60, TimeUnit.SECONDS));
    String said = Files.readString(logA);
    // A JVM ended by SIGTERM exits 128 + 15 once its shutdown hooks are done, whatever main
    // returns; the hook waited for the partition to stop after its chunk (the line below).
    assertEquals(143, a.exitValue(), said);
    assertTrue(said.contains("prepare-0-photos:partition" + partition + " STOPPED"), said);
    assertTrue(said.contains("stopped; ran 1 partitions"), said);

    worker(config, dir.resolve("b.log"), 15);
    // Well within heartbeatSeconds 30: a stopped worker is not waited for.
    assertEquals(0, manager.get(300, TimeUnit.SECONDS), Files.readString(dir.resolve("b.log")));
    assertSameReports(reference, work);
    boolean stoppedOnA = false;
    for (JsonNode p : runJson(work).get("partitions")) {
      stoppedOnA |= p.get("step").asText().equals("prepare-0-photos:partition" + partition)
          && p.get("worker").asText().endsWith(":" + a.pid())
          && p.get("status").asText().equals("STOPPED");
    }
    assertTrue(stoppedOnA, runJson(work).get("partitions").toString());
  }
}
