package dev.colorize.maven;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Ctrl-C on Maven: the JVM running {@link ForkedRun} shuts down and takes its fork with it. */
class ForkedRunShutdownTest {

  @Test
  void terminatingTheParentJvmTerminatesTheFork() throws Exception {
    String testClasses =
        Path.of(FakeCli.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    String mainClasses =
        Path.of(ForkedRun.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    Process maven = new ProcessBuilder(
        ForkConfiguration.javaExecutable(Path.of(System.getProperty("java.home"))).toString(),
        "-Xmx64m", "-cp", testClasses + File.pathSeparator + mainClasses,
        FakeMaven.class.getName(), testClasses)
        .redirectErrorStream(true).start();
    ProcessHandle child = null;
    try {
      BufferedReader out = new BufferedReader(
          new InputStreamReader(maven.getInputStream(), StandardCharsets.UTF_8));
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("sleeping pid=")) {
          child = ProcessHandle.of(Long.parseLong(line.substring("sleeping pid=".length())))
              .orElseThrow();
          break;
        }
      }
      assertTrue(child != null && child.isAlive(), "the fork did not start");

      maven.destroy(); // SIGTERM: runs shutdown hooks, as Ctrl-C (SIGINT) does
      assertTrue(maven.waitFor(30, TimeUnit.SECONDS), "the parent JVM did not exit");
      child.onExit().completeOnTimeout(child, 30, TimeUnit.SECONDS).get();
      assertFalse(child.isAlive(), "the fork outlived the JVM that started it");
    } finally {
      maven.destroyForcibly();
      if (child != null) {
        child.destroyForcibly();
      }
    }
  }
}
