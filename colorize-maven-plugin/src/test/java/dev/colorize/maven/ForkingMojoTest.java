package dev.colorize.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classpath taken from the plugin's artifacts, and the score goal's arguments. */
class ForkingMojoTest {

  @TempDir Path dir;

  @Test
  void classpathKeepsJarArtifactsInOrderAndDropsPomsThePluginAndUnresolvedOnes() {
    ScoreMojo mojo = new ScoreMojo();
    Artifact unresolved = TestArtifacts.jar(new File("/repo/c.jar"));
    unresolved.setFile(null);
    mojo.pluginArtifacts = List.of(
        TestArtifacts.artifact("maven-plugin", true, new File("/repo/colorize-maven-plugin.jar")),
        TestArtifacts.jar(new File("/repo/colorize-batch.jar")),
        TestArtifacts.artifact("pom", false, new File("/repo/parent.pom")),
        unresolved,
        TestArtifacts.jar(new File("/repo/opencv-linux-x86_64.jar")));
    assertEquals(List.of(Path.of("/repo/colorize-batch.jar"),
        Path.of("/repo/opencv-linux-x86_64.jar")), mojo.classpath());
  }

  @Test
  void scoreForwardsAbsolutePathsAndTheSize() throws Exception {
    ScoreMojo mojo = scoreMojo();
    assertEquals(List.of("score",
        "--truth", dir.resolve("truth").toString(),
        "--pred", dir.resolve("pred").toString(),
        "--out", dir.resolve("out/scores.csv").toString(),
        "--size", "128",
        "--threads", "2"), mojo.cliArguments());
  }

  @Test
  void scoreNamesAMissingOrAbsentInput() throws Exception {
    ScoreMojo mojo = scoreMojo();
    mojo.truth = null;
    MojoFailureException unset = assertThrows(MojoFailureException.class, mojo::cliArguments);
    assertTrue(unset.getMessage().startsWith("<truth> is not set;"), unset.getMessage());
    assertTrue(unset.getMessage().contains("-Dcolorize.truth="), unset.getMessage());

    mojo = scoreMojo();
    mojo.pred = dir.resolve("nowhere").toFile();
    MojoFailureException absent = assertThrows(MojoFailureException.class, mojo::cliArguments);
    assertEquals("<pred> '" + dir.resolve("nowhere") + "' is not an existing folder.",
        absent.getMessage());

    mojo = scoreMojo();
    mojo.size = 8;
    MojoFailureException size = assertThrows(MojoFailureException.class, mojo::cliArguments);
    assertTrue(size.getMessage().startsWith("<size> is 8;"), size.getMessage());
  }

  private ScoreMojo scoreMojo() throws Exception {
    ScoreMojo mojo = new ScoreMojo();
    mojo.truth = Files.createDirectories(dir.resolve("truth")).toFile();
    mojo.pred = Files.createDirectories(dir.resolve("pred")).toFile();
    mojo.out = dir.resolve("out/scores.csv").toFile();
    mojo.size = 128;
    mojo.threads = 2;
    return mojo;
  }
}
