package dev.colorize.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.config.DatasetConfig;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The colorize goal's parameters -> CLI arguments, and its configuration errors. */
class ColorizeMojoTest {

  @TempDir Path project;
  private ColorizeMojo mojo;

  @BeforeEach
  void mojoAsMavenWouldConfigureIt() throws Exception {
    Files.createDirectories(project.resolve("photos"));
    Files.createDirectories(project.resolve("data/heritage"));
    mojo = new ColorizeMojo();
    mojo.basedir = project.toFile();
    mojo.workDirectory = project.resolve("target/colorize").toFile();
    mojo.imageSize = 256;
    mojo.resizePolicy = "stretch";
    mojo.chunkSize = 16;
    mojo.maxSkips = -1;
    mojo.maxSkipRatio = 0.5;
    mojo.models = new ArrayList<>(List.of(new ModelConfig("baseline", "gray")));
    mojo.datasets = new ArrayList<>(List.of(
        new DatasetConfig("heritage", "folder", "data/heritage")));
    mojo.model = "baseline";
    mojo.input = project.resolve("photos").toFile();
    mojo.output = project.resolve("target/colorized").toFile();
    mojo.outputFormat = "same";
  }

  private Path configFile() {
    return project.resolve("target/colorize/config/colorize.json");
  }

  @Test
  void aFolderRequestForksTheColorizeCommandWithAbsolutePaths() throws Exception {
    assertEquals(List.of("colorize", "--config", configFile().toString(), "--model", "baseline",
        "--input", project.resolve("photos").toString(),
        "--output", project.resolve("target/colorized").toString(),
        "--output-format", "same", "--max-pixels", "100000000"), mojo.cliArguments());
    RunConfiguration written = RunConfiguration.read(configFile());
    assertEquals("baseline", written.models.get(0).name);
    assertEquals(project.resolve("data/heritage").toString(), written.datasets.get(0).path);
  }

  @Test
  void aDatasetRequestNamesTheDataset() throws Exception {
    mojo.input = null;
    mojo.dataset = "heritage";
    mojo.outputFormat = "PNG";
    mojo.maxPixels = 5_000_000;
    List<String> args = mojo.cliArguments();
    assertEquals(List.of("--dataset", "heritage"), args.subList(5, 7));
    assertEquals(List.of("--output-format", "PNG", "--max-pixels", "5000000"),
        args.subList(9, 13));
  }

  @Test
  void eachBadSettingFailsTheBuildNamingItsElementAndWritesNothing() {
    mojo.model = "deoldify";
    assertFailure("<model> is 'deoldify', not a declared model; declare it in <models>"
        + " (declared: baseline)");

    mojo.model = "baseline";
    mojo.input = project.resolve("nowhere").toFile();
    assertFailure("<input> '" + project.resolve("nowhere") + "' is not an existing folder");

    mojo.input = null;
    assertFailure("<input> is not set; give the folder of photos (-Dcolorize.input=DIR) or a"
        + " declared dataset (-Dcolorize.dataset=NAME)");

    mojo.input = project.resolve("photos").toFile();
    mojo.output = project.resolve("photos/colour").toFile();
    MojoFailureException overlap = assertThrows(MojoFailureException.class, mojo::cliArguments);
    assertTrue(overlap.getMessage().startsWith("<output> '" + project.resolve("photos/colour")
        + "' overlaps"), overlap.getMessage());

    mojo.output = project.resolve("target/colorized").toFile();
    mojo.outputFormat = "gif";
    assertFailure("<outputFormat> is 'gif'; use same or png");
    assertTrue(Files.notExists(configFile()), "an invalid request must not be written");
  }

  @Test
  void theHintSaysHowToSetTheRequest() {
    mojo.model = null;
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::cliArguments);
    String[] lines = e.getMessage().split(System.lineSeparator());
    assertEquals(2, lines.length);
    assertTrue(lines[0].startsWith("<model> is not set;"), lines[0]);
    assertTrue(lines[1].contains("-Dcolorize.model=NAME -Dcolorize.input=DIR"), lines[1]);
    assertTrue(lines[1].contains("mvn colorize:help -Ddetail -Dgoal=colorize"), lines[1]);
  }

  private void assertFailure(String expectedFirstLine) {
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::cliArguments);
    assertEquals(expectedFirstLine, e.getMessage().split(System.lineSeparator())[0]);
  }
}
