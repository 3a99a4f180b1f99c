package dev.colorize.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.config.DatasetConfig;
import dev.colorize.config.JdbcConfig;
import dev.colorize.config.RemoteConfig;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parameters as Maven injects them -> the RunConfiguration the CLI reads. */
class RunConfigurationMappingTest {

  @TempDir Path project;
  private EvaluateMojo mojo;

  @BeforeEach
  void mojoAsMavenWouldConfigureIt() throws Exception {
    Files.createDirectories(project.resolve("data/kfood"));
    mojo = new EvaluateMojo();
    mojo.basedir = project.toFile();
    mojo.workDirectory = project.resolve("target/colorize").toFile();
    mojo.imageSize = 256;
    mojo.resizePolicy = "stretch";
    mojo.chunkSize = 16;
    mojo.threads = 0;
    mojo.maxSkips = -1;
    mojo.maxSkipRatio = 0.5;
    DatasetConfig food = new DatasetConfig("food", "aihub-food", "data/kfood");
    food.split = "test";
    food.limit = 40;
    mojo.datasets = new ArrayList<>(List.of(food));
    ModelConfig gray = new ModelConfig("baseline", "gray");
    gray.options.put("renderFactor", "35");
    gray.path = "models/none";
    mojo.models = new ArrayList<>(List.of(gray));
  }

  @Test
  void scalarSettingsAreCopied() {
    mojo.imageSize = 224;
    mojo.resizePolicy = "center-crop";
    mojo.chunkSize = 8;
    mojo.threads = 3;
    mojo.maxSkips = 10;
    mojo.maxSkipRatio = 0.25;
    mojo.rerun = true;
    RunConfiguration c = mojo.runConfiguration();
    assertEquals(project.resolve("target/colorize").toString(), c.workDirectory);
    assertEquals(224, c.imageSize);
    assertEquals("center-crop", c.resizePolicy);
    assertEquals(8, c.chunkSize);
    assertEquals(3, c.threads);
    assertEquals(10, c.maxSkips);
    assertEquals(0.25, c.maxSkipRatio);
    assertTrue(c.rerun);
    assertNull(c.jdbc, "no JDBC settings means the embedded H2 default");
  }

  @Test
  void saveImagesIsCopiedAndBlankMeansTheDefault() {
    mojo.saveImages = " all ";
    assertEquals("all", mojo.runConfiguration().saveImages);
    mojo.saveImages = "";
    assertNull(mojo.runConfiguration().saveImages, "blank: the default, report");
  }

  @Test
  void featureModelIsCopiedWithAnAbsolutePath() {
    assertNull(mojo.runConfiguration().featureModel, "no <featureModel>: no FID");
    mojo.featureModel = new dev.colorize.config.FeatureModelConfig("models/inception.pt");
    mojo.featureModel.batchSize = 4;
    var f = mojo.runConfiguration().featureModel;
    assertEquals(project.resolve("models/inception.pt").toString(), f.path);
    assertEquals(4, f.batchSize);
    assertEquals("models/inception.pt", mojo.featureModel.path, "the POM object is unchanged");
  }

  @Test
  void datasetAndModelPathsBecomeAbsoluteWithoutChangingThePomObjects() {
    RunConfiguration c = mojo.runConfiguration();
    DatasetConfig d = c.datasets.get(0);
    assertEquals(project.resolve("data/kfood").toString(), d.path);
    assertEquals("food", d.name);
    assertEquals("aihub-food", d.format);
    assertEquals("test", d.split);
    assertEquals(40, d.limit);
    assertEquals("0.8,0.1,0.1", d.fractions);
    ModelConfig m = c.models.get(0);
    assertEquals(project.resolve("models/none").toString(), m.path);
    assertEquals(Map.of("renderFactor", "35"), m.options);
    assertEquals("auto", m.device);

    assertEquals("data/kfood", mojo.datasets.get(0).path);
    assertEquals("models/none", mojo.models.get(0).path);
  }

  @Test
  void absolutePathsAndMissingOptionsArePassedThrough() {
    mojo.datasets.get(0).path = "/srv/aihub/kfood";
    mojo.models.get(0).options = null;
    RunConfiguration c = mojo.runConfiguration();
    assertEquals("/srv/aihub/kfood", c.datasets.get(0).path);
    assertEquals(Map.of(), c.models.get(0).options);
  }

  @Test
  void metricsAreTrimmedAndBlankEntriesDropped() {
    mojo.metrics = Arrays.asList(" psnr", "ssim ", "", null);
    assertEquals(List.of("psnr", "ssim"), mojo.runConfiguration().metrics);
  }

  @Test
  void remoteIsCopiedIntoTheConfiguration() {
    assertNull(mojo.runConfiguration().remote, "no <remote> means one JVM");
    mojo.remote = new RemoteConfig(16, 45);
    RemoteConfig c = mojo.runConfiguration().remote;
    assertEquals(16, c.partitions);
    assertEquals(45, c.heartbeatSeconds);
    assertNotSame(mojo.remote, c, "the POM's object is copied, never changed");
  }

  @Test
  void jdbcUserPropertiesOverrideThePomElement() {
    JdbcConfig pom = new JdbcConfig();
    pom.url = "jdbc:postgresql://db/colorize";
    pom.user = "pom-user";
    pom.password = "pom-secret";
    mojo.jdbc = pom;
    mojo.jdbcUser = "cli-user";
    mojo.jdbcPassword = " ";
    JdbcConfig c = mojo.runConfiguration().jdbc;
    assertEquals("jdbc:postgresql://db/colorize", c.url);
    assertEquals("cli-user", c.user);
    assertEquals("pom-secret", c.password);

    mojo.jdbc = null;
    mojo.jdbcUser = null;
    mojo.jdbcUrl = "jdbc:postgresql://ci/colorize";
    assertEquals("jdbc:postgresql://ci/colorize", mojo.runConfiguration().jdbc.url);
  }

  @Test
  void aValidConfigurationIsWrittenWhereTheCliArgumentsPointAndReadsBack() throws Exception {
    List<String> args = mojo.cliArguments();
    Path file = project.resolve("target/colorize/config/evaluate.json");
    assertEquals(List.of("evaluate", "--config", file.toString()), args);
    RunConfiguration read = RunConfiguration.read(file);
    assertEquals(mojo.runConfiguration().toJson(), read.toJson());
    assertEquals(mojo.runConfiguration().identity(), read.identity());
  }

  @Test
  void anUnknownFormatFailsTheBuildWithTheValidatorsSentenceAndAHint() {
    mojo.datasets.get(0).format = "jpeg";
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::cliArguments);
    String[] lines = e.getMessage().split(System.lineSeparator());
    assertEquals("<datasets><dataset>[1] 'food' <format> is 'jpeg', not a known dataset format;"
        + " use one of: aihub-food, aihub-object, folder, manifest", lines[0]);
    assertEquals(2, lines.length);
    assertTrue(lines[1].contains("mvn colorize:help -Ddetail -Dgoal=evaluate"), lines[1]);
    assertTrue(Files.notExists(project.resolve("target/colorize/config/evaluate.json")),
        "an invalid configuration must not be written");
  }

  @Test
  void anUnknownMetricIsNamed() {
    mojo.metrics = List.of("psnr", "fid2");
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::cliArguments);
    assertTrue(e.getMessage().startsWith("<metrics><metric> is 'fid2', not a known metric"),
        e.getMessage());
  }

  @Test
  void evaluateNeedsModelsButPrepareDoesNot() throws Exception {
    mojo.models = null;
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::cliArguments);
    assertTrue(e.getMessage().startsWith("<models> is empty"), e.getMessage());

    PrepareMojo prepare = new PrepareMojo();
    prepare.basedir = mojo.basedir;
    prepare.workDirectory = mojo.workDirectory;
    prepare.imageSize = 256;
    prepare.resizePolicy = "stretch";
    prepare.chunkSize = 16;
    prepare.maxSkipRatio = 0.5;
    prepare.datasets = mojo.datasets;
    List<String> args = prepare.cliArguments();
    assertEquals("prepare", args.get(0));
    assertTrue(Files.isRegularFile(project.resolve("target/colorize/config/prepare.json")));
  }

  @Test
  void skipReturnsBeforeValidatingOrForking() throws Exception {
    mojo.datasets = null; // would fail validation
    mojo.skip = true;
    mojo.execute();
    assertTrue(Files.notExists(project.resolve("target/colorize")));
  }

  @Test
  void theForkUsesTheDefaultHeapUnlessJvmArgsAreGiven() throws Exception {
    assertEquals(List.of("-Xmx2g"), forkFor(List.of("x")).jvmArgs());
    mojo.jvmArgs = List.of("-Xmx6g");
    mojo.environment = Map.of("CUDA_VISIBLE_DEVICES", "1");
    ForkConfiguration fork = forkFor(List.of("x"));
    assertEquals(List.of("-Xmx6g"), fork.jvmArgs());
    assertEquals("1", fork.environment().get("CUDA_VISIBLE_DEVICES"));
    assertEquals(project, fork.workingDirectory());
  }

  @Test
  void aBadEnvironmentNameFailsTheBuildNamingTheElement() {
    mojo.environment = Map.of("CUDA=0", "1");
    MojoFailureException e = assertThrows(MojoFailureException.class, () -> forkFor(List.of()));
    assertEquals("<environment> environment variable name 'CUDA=0' is not valid.",
        e.getMessage());
  }

  @Test
  void noPluginArtifactsIsAnExecutionError() {
    mojo.pluginArtifacts = List.of();
    MojoExecutionException e =
        assertThrows(MojoExecutionException.class, () -> mojo.forkConfiguration(List.of()));
    assertTrue(e.getMessage().contains("${plugin.artifacts}"), e.getMessage());
  }

  private ForkConfiguration forkFor(List<String> args) throws Exception {
    // The plugin's artifacts are not known outside Maven: stand one in.
    mojo.pluginArtifacts = List.of(TestArtifacts.jar(new File("/repo/colorize-batch.jar")));
    return mojo.forkConfiguration(args);
  }

  @Test
  void detectorAndCropAsAreCopiedWithAnAbsolutePath() {
    ModelConfig inst = new ModelConfig("inst", "torchscript");
    inst.convention = "instcolor";
    inst.detector = new dev.colorize.config.DetectorConfig("models/detector.pt");
    inst.detector.sha256 = "ab".repeat(32);
    inst.detector.device = "cpu";
    inst.detector.scoreThreshold = 0.7;
    inst.detector.topK = 4;
    inst.detector.instances = "both";
    mojo.models.add(inst);
    mojo.datasets.get(0).cropAs = "instance";
    RunConfiguration c = mojo.runConfiguration();
    assertNull(c.models.get(0).detector, "no <detector>: none");
    var d = c.models.get(1).detector;
    assertEquals(project.resolve("models/detector.pt").toString(), d.path);
    assertEquals("ab".repeat(32), d.sha256);
    assertEquals("cpu", d.device);
    assertEquals(0.7, d.scoreThreshold);
    assertEquals(4, d.topK);
    assertEquals("both", d.instances);
    assertEquals("models/detector.pt", inst.detector.path, "the POM object is unchanged");
    assertEquals("instance", c.datasets.get(0).cropAs);
  }
}
