package dev.colorize.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** colorize:report forwards the run folder, absolute, and names a missing one. */
class ReportMojoTest {

  @TempDir Path dir;

  @Test
  void forwardsTheRunFolderResolvedAgainstTheProject() throws Exception {
    Files.createDirectories(dir.resolve("target/colorize/evaluate"));
    ReportMojo mojo = new ReportMojo();
    mojo.basedir = dir.toFile();
    mojo.run = Path.of("target/colorize/evaluate").toFile();
    assertEquals(List.of("report", "--run", dir.resolve("target/colorize/evaluate").toString()),
        mojo.cliArguments());
  }

  @Test
  void aMissingFolderFailsTheBuildNamingTheParameter() {
    ReportMojo mojo = new ReportMojo();
    mojo.basedir = dir.toFile();
    mojo.run = dir.resolve("nowhere").toFile();
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::cliArguments);
    assertTrue(e.getMessage().startsWith("<run> '" + dir.resolve("nowhere")
        + "' is not an existing folder"), e.getMessage());
    mojo.run = null;
    assertTrue(assertThrows(MojoFailureException.class, mojo::cliArguments).getMessage()
        .startsWith("<run> is not set"));
  }
}
