package dev.colorize.maven;

import static dev.colorize.maven.MavenLogOutput.levelOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.colorize.maven.MavenLogOutput.Level;
import org.junit.jupiter.api.Test;

class MavenLogOutputTest {

  @Test
  void plainLinesFollowTheirStream() {
    assertEquals(Level.INFO, levelOf("evaluate: 120/500 images, 35.2 img/s", false));
    assertEquals(Level.WARN, levelOf("<datasets><dataset>[1] <format> is 'x'", true));
  }

  @Test
  void slf4jSimpleLinesKeepTheirLevel() {
    assertEquals(Level.WARN, levelOf("[main] WARN dev.colorize.job.JobRunner - recovered", false));
    assertEquals(Level.ERROR, levelOf("[main] ERROR o.s.b.c.step.AbstractStep - boom", false));
    assertEquals(Level.INFO, levelOf("[main] INFO dev.colorize.job.JobRunner - started", true));
    assertEquals(Level.DEBUG, levelOf("DEBUG something", false));
  }

  @Test
  void levelWordsInsideTheMessageDoNotCount() {
    assertEquals(Level.INFO, levelOf("skipped 3 images: ERROR reading JPEG", false));
    assertEquals(Level.INFO, levelOf("WARNINGS: none", false));
  }
}
