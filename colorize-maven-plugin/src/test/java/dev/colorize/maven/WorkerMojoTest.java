package dev.colorize.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.config.DatasetConfig;
import dev.colorize.config.JdbcConfig;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RemoteConfig;
import dev.colorize.config.RunConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** colorize:worker forks {@code colorize worker} on the same configuration the manager runs. */
class WorkerMojoTest {

  @TempDir Path project;
  private WorkerMojo worker;

  @BeforeEach
  void workerOfARemoteRun() throws Exception {
    Files.createDirectories(project.resolve("data/photos"));
    worker = new WorkerMojo();
    configure(worker);
    worker.workerGoal = "evaluate";
  }

  private void configure(AbstractRunMojo mojo) {
    mojo.basedir = project.toFile();
    mojo.workDirectory = project.resolve("target/colorize").toFile();
    mojo.imageSize = 256;
    mojo.resizePolicy = "stretch";
    mojo.chunkSize = 16;
    mojo.maxSkips = -1;
    mojo.maxSkipRatio = 0.5;
    mojo.datasets = new ArrayList<>(List.of(new DatasetConfig("photos", "folder", "data/photos")));
    mojo.models = new ArrayList<>(List.of(new ModelConfig("gray", "gray")));
    mojo.jdbc = new JdbcConfig();
    mojo.jdbc.url = "jdbc:postgresql://db:5432/colorize";
    mojo.remote = new RemoteConfig(8, 30);
  }

  @Test
  void forksTheWorkerCommandWithGoalAndIdleTime() throws Exception {
    worker.idleSeconds = 120L;
    List<String> args = worker.cliArguments();
    Path file = project.resolve("target/colorize/config/worker.json");
    assertEquals(List.of("worker", "--config", file.toString(), "--goal", "evaluate",
        "--idle-seconds", "120"), args);
    assertEquals(8, RunConfiguration.read(file).remote.partitions);
  }

  @Test
  void theWorkerPlansTheManagersIdentity() {
    EvaluateMojo manager = new EvaluateMojo();
    configure(manager);
    manager.saveImages = "all";
    worker.saveImages = "all";
    assertEquals(manager.runConfiguration().identity(), worker.runConfiguration().identity());
  }

  @Test
  void withoutRemoteTheGoalIsRefused() {
    worker.remote = null;
    String message = assertThrows(MojoFailureException.class, worker::cliArguments).getMessage();
    assertTrue(message.startsWith("colorize:worker needs <remote>"), message);
  }

  @Test
  void onH2TheGoalIsRefusedInOneSentence() {
    worker.jdbc = null;
    String message = assertThrows(MojoFailureException.class, worker::cliArguments).getMessage();
    assertTrue(message.startsWith("<remote> needs a shared database server"), message);
  }

  @Test
  void anUnknownManagerGoalIsRefused() {
    worker.workerGoal = "finetune";
    String message = assertThrows(MojoFailureException.class, worker::cliArguments).getMessage();
    assertTrue(message.contains("use evaluate or prepare"), message);
  }
}
