package dev.colorize.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.config.ConfigurationException;
import dev.colorize.config.DatasetConfig;
import dev.colorize.config.FeatureModelConfig;
import dev.colorize.config.JdbcConfig;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RemoteConfig;
import dev.colorize.config.RunConfiguration;
import dev.colorize.metric.ImageScores;
import dev.colorize.model.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code <remote>} in the plan: accepted on PostgreSQL, refused where workers cannot share. */
class RemotePlanTest {

  @TempDir Path dir;
  private final RunPlanner planner = new RunPlanner(ModelRegistry.standard(), ImageScores.COLUMNS);
  private RunConfiguration config;

  @BeforeEach
  void remoteOnPostgres() throws Exception {
    Files.createDirectories(dir.resolve("food"));
    config = new RunConfiguration();
    config.workDirectory = dir.resolve("work").toString();
    config.datasets.add(new DatasetConfig("food", "folder", dir.resolve("food").toString()));
    config.models.add(new ModelConfig("baseline", "gray"));
    config.jdbc = new JdbcConfig();
    config.jdbc.url = "jdbc:postgresql://db:5432/colorize";
    config.remote = new RemoteConfig(64, 30);
  }

  private String failure() {
    return assertThrows(ConfigurationException.class, () -> planner.plan(config, true))
        .getMessage();
  }

  @Test
  void thePlanCarriesTheRemoteSettingsThroughJson() throws Exception {
    config.remote = new RemoteConfig(8, 12);
    RunPlan plan = planner.plan(config, true);
    assertEquals(new RemotePlan(8, 12), plan.remote());
    assertTrue(plan.isRemote());
    RunPlan read = RunPlan.fromJson(plan.toJson());
    assertEquals(plan, read);
    assertEquals(2400, read.remote().heartbeatIntervalMillis(), "five beats per allowed silence");
  }

  @Test
  void withoutRemoteThePlanRunsInOneJvm() {
    config.remote = null;
    RunPlan plan = planner.plan(config, true);
    assertNull(plan.remote());
    assertFalse(plan.isRemote());
  }

  @Test
  void remoteDoesNotChangeTheIdentity() {
    String remote = config.identity();
    config.remote = null;
    assertEquals(remote, config.identity(), "the same results wherever they are computed");
  }

  @Test
  void theEmbeddedH2DefaultIsRefusedInOneSentence() {
    config.jdbc = null;
    assertEquals("<remote> needs a shared database server, but <jdbc> is the embedded H2"
        + " default, which only one JVM opens; set <jdbc><url> to a PostgreSQL database that"
        + " every worker reaches (docs/scale-out.md)", failure());
  }

  @Test
  void anH2UrlIsRefused() {
    config.jdbc.url = "jdbc:h2:file:/tmp/x";
    String message = failure();
    assertTrue(message.startsWith("<remote> needs a shared database server, but <jdbc> is"
        + " 'jdbc:h2:file:/tmp/x'"), message);
  }

  @Test
  void aServerOtherThanPostgresqlIsRefused() {
    config.jdbc.url = "jdbc:mysql://db/colorize";
    assertTrue(failure().startsWith("<jdbc><url> is 'jdbc:mysql://db/colorize'; <remote> runs"),
        failure());
  }

  @Test
  void partitionsAndHeartbeatAreChecked() {
    config.remote = new RemoteConfig(0, 30);
    assertEquals("<remote><partitions> is 0; use 1 to 100000 partitions per step (default 64)",
        failure());
    config.remote = new RemoteConfig(4, 1);
    assertEquals("<remote><heartbeatSeconds> is 1; use 2 to 86400 seconds (default 30)",
        failure());
  }

  @Test
  void fidIsRefusedUntilItsStatisticsAreMerged() throws Exception {
    Path weights = Files.writeString(dir.resolve("inception.pt"), "x");
    config.featureModel = new FeatureModelConfig(weights.toString());
    assertTrue(failure().startsWith("<remote> cannot compute FID yet"), failure());
  }
}
