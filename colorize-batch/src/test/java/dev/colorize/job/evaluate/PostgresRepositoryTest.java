package dev.colorize.job.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.cli.ColorizeCli;
import dev.colorize.config.RunConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job repository on a real PostgreSQL server: evaluate, kill -9, resume. {@code .ci/run}
 * installs and starts the server and sets {@code COLORIZE_TEST_POSTGRES_URL}; without it this
 * class is reported as skipped (disabled), never silently passed.
 */
@EnabledIfEnvironmentVariable(named = "COLORIZE_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.*")
class PostgresRepositoryTest {

  @TempDir Path dir;

  private RunConfiguration onPostgres(Path work, Path dataset) {
    return EvaluateFixtures.onServer(EvaluateFixtures.configuration(work, dataset, 4),
        System.getenv("COLORIZE_TEST_POSTGRES_URL"), System.getenv("COLORIZE_TEST_POSTGRES_USER"),
        System.getenv("COLORIZE_TEST_POSTGRES_PASSWORD"));
  }

  @Test
  void evaluateKilledAndResumedOnPostgresEqualsAnUninterruptedH2Run() throws Exception {
    Path dataset = EvaluateFixtures.folderDataset(dir.resolve("data"), 3, 50, true);
    Path referenceWork = dir.resolve("reference");
    EvaluateFixtures.configuration(referenceWork, dataset, 4).write(dir.resolve("h2.json"));
    assertEquals(0, ColorizeCli.run("evaluate", "--config", dir.resolve("h2.json").toString()));

    Path work = dir.resolve("pg");
    RunConfiguration config = onPostgres(work, dataset);
    Path file = dir.resolve("pg.json");
    config.write(file);
    Path log = dir.resolve("child.log");
    Path prepared = work.resolve("runs").resolve(config.identity()).resolve("parts")
        .resolve("prepared-0.csv");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "-Xmx512m", "-cp",
        System.getProperty("java.class.path"), ColorizeCli.class.getName(), "evaluate", "--config",
        file.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(prepared) || Files.readAllLines(prepared).size() < 30) {
      assertTrue(child.isAlive(), "ended before the kill:\n" + Files.readString(log));
      assertTrue(System.nanoTime() < deadline, Files.readString(log));
      Thread.sleep(5);
    }
    child.destroyForcibly();
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    assertTrue(!Files.exists(work.resolve("repository")), "no H2 file: the server holds the state");

    assertEquals(0, ColorizeCli.run("evaluate", "--config", file.toString()));
    for (String report : List.of("scores.csv", "summary.csv")) {
      assertEquals(Files.readAllLines(referenceWork.resolve("evaluate").resolve(report)),
          Files.readAllLines(work.resolve("evaluate").resolve(report)), report);
    }
    assertTrue(Files.readString(work.resolve("evaluate/run.json")).contains("jdbc:postgresql"));
  }
}
