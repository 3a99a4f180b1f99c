package dev.colorize.maven;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.maven.plugin.AbstractMojoExecutionException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

class CliExitTest {

  private static final String LINE = "/jdk/bin/java -cp a.jar dev.colorize.cli.ColorizeCli x";

  @Test
  void successIsNoException() {
    assertNull(CliExit.toException(0, "evaluate", LINE));
  }

  @Test
  void invalidConfigurationFailsTheBuild() {
    AbstractMojoExecutionException e = CliExit.toException(2, "evaluate", LINE);
    assertInstanceOf(MojoFailureException.class, e);
    assertTrue(e.getMessage().startsWith("colorize evaluate refused its configuration"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("Command line: " + LINE), e.getMessage());
  }

  @Test
  void aBusyWorkDirectoryFailsTheBuildNamingTheCause() {
    AbstractMojoExecutionException e = CliExit.toException(3, "prepare", LINE);
    assertInstanceOf(MojoFailureException.class, e);
    assertTrue(e.getMessage().contains("another colorize run is using the work directory"),
        e.getMessage());
  }

  @Test
  void aFailedJobIsAnExecutionErrorThatSaysARerunResumes() {
    AbstractMojoExecutionException e = CliExit.toException(1, "evaluate", LINE);
    assertInstanceOf(MojoExecutionException.class, e);
    assertTrue(e.getMessage().startsWith("colorize evaluate failed (exit code 1);"),
        e.getMessage());
    assertTrue(e.getMessage().contains("resumes from the last committed chunk"), e.getMessage());
    assertTrue(e.getMessage().endsWith("Command line: " + LINE), e.getMessage());
  }

  @Test
  void anyOtherCodeIsAnExecutionErrorWithTheCodeAndCommandLine() {
    for (int code : new int[] {137, 143, -1}) {
      AbstractMojoExecutionException e = CliExit.toException(code, "score", LINE);
      assertInstanceOf(MojoExecutionException.class, e);
      assertTrue(e.getMessage().startsWith("colorize score failed with exit code " + code + ";"),
          e.getMessage());
      assertTrue(e.getMessage().endsWith("Command line: " + LINE), e.getMessage());
    }
  }
}
