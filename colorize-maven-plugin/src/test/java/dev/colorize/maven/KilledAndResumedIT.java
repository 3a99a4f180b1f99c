package dev.colorize.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The "killed hard and resumed" integration test of issue 3, through the real {@code mvn}: a
 * {@code mvn colorize:evaluate} whose forked colorize JVM gets SIGKILL mid-run fails; the same
 * command again resumes it and ends with the reports of an uninterrupted build of a copy of the
 * project, row for row; a third build finds the configuration already completed.
 *
 * <p>Run by maven-failsafe-plugin after maven-invoker-plugin has installed this plugin into
 * {@code target/local-repo}; the child builds use that repository and {@code src/it/settings.xml}
 * (the outer build's local repository first, then Maven Central), like the invoker's builds. The
 * pom passes the locations as {@code colorize.it.*} system properties. Everything, the logs of the
 * child builds included, stays under {@code target/failsafe-it/killed-and-resumed}.
 */
class KilledAndResumedIT {

  private static final String CLI_MAIN_CLASS = "dev.colorize.cli.ColorizeCli";
  private static final int CLASSES = 3;
  private static final int IMAGES_PER_CLASS = 100;
  private static final int IMAGES = CLASSES * IMAGES_PER_CLASS;
  /** Committed prepared rows that must exist before the kill: the run is well under way. */
  private static final int ROWS_BEFORE_KILL = 40;
  private static final long BUILD_TIMEOUT_SECONDS = 240;

  private final List<Process> builds = new ArrayList<>();

  @AfterEach
  void stopLeftoverBuilds() {
    // Only on a failed assertion can a build still run; never leave it (or its fork) behind.
    for (Process build : builds) {
      build.descendants().forEach(ProcessHandle::destroyForcibly);
      build.destroyForcibly();
    }
  }

  @Test
  void aBuildWhoseForkIsKilledHardResumesToTheResultOfAnUninterruptedBuild() throws Exception {
    Path work = ChildBuilds.emptyDirectory(ChildBuilds.pathProperty("colorize.it.work").resolve("killed-and-resumed"));
    Path settings = ChildBuilds.interpolatedSettings(work.resolve("settings.xml"));
    Path killed = fixture(work.resolve("killed"));
    writeImages(killed.resolve("images"));
    Path uninterrupted = work.resolve("uninterrupted");
    ChildBuilds.copyTree(killed, uninterrupted);

    // The same project, copied elsewhere, built without interruption; meanwhile:
    Path uninterruptedLog = work.resolve("uninterrupted.log");
    Process reference = startEvaluate(uninterrupted, settings, uninterruptedLog);

    // 1: SIGKILL the forked colorize JVM once preparation has committed some chunks.
    Path killedLog = work.resolve("1-killed.log");
    Process first = startEvaluate(killed, settings, killedLog);
    Path prepared = awaitPreparedRows(killed, first, killedLog);
    ProcessHandle fork = forkedCli(first, killedLog);
    assertTrue(fork.destroyForcibly(), "could not SIGKILL the fork " + fork.pid());
    fork.onExit().get(30, TimeUnit.SECONDS);
    assertFalse(fork.isAlive(), "the fork " + fork.pid() + " survived SIGKILL");
    long preparedAtKill = dataRows(prepared);
    assertTrue(preparedAtKill < IMAGES,
        "the kill came after preparation had finished (" + preparedAtKill + " rows)");
    int firstExit = await(first, killedLog);
    String firstLog = ChildBuilds.read(killedLog);
    assertNotEquals(0, firstExit, "a build whose fork was killed must fail\n" + firstLog);
    assertTrue(firstLog.contains("BUILD FAILURE"), firstLog);
    // SIGKILL: the JVM reports exit code 128 + 9; the Mojo names it and the command line.
    assertTrue(firstLog.contains("colorize evaluate failed with exit code 137"), firstLog);
    assertTrue(firstLog.contains("Command line: ") && firstLog.contains(CLI_MAIN_CLASS), firstLog);
    assertFalse(Files.exists(reports(killed).resolve("scores.csv")),
        "the killed run wrote final reports");

    // 2: the same command resumes the dead execution from its last committed chunk.
    Path resumedLog = work.resolve("2-resumed.log");
    String resumed = assertBuildSucceeds(killed, settings, resumedLog);
    assertTrue(resumed.contains("recovering"), "the dead execution was not recovered\n" + resumed);
    assertTrue(resumed.contains("Resuming colorize-evaluate"), "no resume\n" + resumed);
    assertTrue(resumed.contains("colorize evaluate: completed; results are in"), resumed);
    List<String> preparedRows = Files.readAllLines(prepared, StandardCharsets.UTF_8);
    assertEquals(1 + IMAGES, preparedRows.size(),
        "prepared rows after the resume (header + one per image, none twice)");
    assertEquals(preparedRows.size(), new HashSet<>(preparedRows).size(), "duplicate rows");

    assertSucceeded(reference, uninterrupted, uninterruptedLog);
    for (String report : List.of("scores.csv", "summary.csv")) {
      List<String> expected = Files.readAllLines(reports(uninterrupted).resolve(report));
      List<String> actual = Files.readAllLines(reports(killed).resolve(report));
      assertEquals(expected, actual, report + " of the resumed build");
    }
    assertEquals(1 + IMAGES, Files.readAllLines(reports(killed).resolve("scores.csv")).size(),
        "one scores row per image");

    // 3: nothing left to do.
    byte[] scores = Files.readAllBytes(reports(killed).resolve("scores.csv"));
    String again = assertBuildSucceeds(killed, settings, work.resolve("3-again.log"));
    assertTrue(again.contains("colorize evaluate: this configuration already completed"), again);
    assertTrue(Arrays.equals(scores,
        Files.readAllBytes(reports(killed).resolve("scores.csv"))), "scores.csv was rewritten");
  }

  // --- the child builds ---------------------------------------------------------------------

  private Process startEvaluate(Path project, Path settings, Path log) throws IOException {
    List<String> command = List.of(ChildBuilds.mavenExecutable(), "-B", "-ntp", "-s", settings.toString(),
        "-Dmaven.repo.local=" + ChildBuilds.pathProperty("colorize.it.localRepository"), "colorize:evaluate");
    ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    // The JDK of this build, not whichever one PATH finds first.
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    // Four short-lived Maven JVMs: the C1 compiler alone starts them about a quarter cheaper.
    builder.environment().merge("MAVEN_OPTS", "-XX:TieredStopAtLevel=1",
        (inherited, ours) -> inherited + " " + ours);
    Process build = builder.start();
    builds.add(build);
    return build;
  }

  private String assertBuildSucceeds(Path project, Path settings, Path log) throws Exception {
    return assertSucceeded(startEvaluate(project, settings, log), project, log);
  }

  private static String assertSucceeded(Process build, Path project, Path log) throws Exception {
    int exit = await(build, log);
    String output = ChildBuilds.read(log);
    assertEquals(0, exit, "mvn colorize:evaluate in " + project + " failed\n" + output);
    assertTrue(output.contains("BUILD SUCCESS"), output);
    return output;
  }

  private static int await(Process build, Path log) throws Exception {
    if (!build.waitFor(BUILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      fail("mvn did not finish within " + BUILD_TIMEOUT_SECONDS + " s\n" + ChildBuilds.read(log));
    }
    return build.exitValue();
  }

  /** Waits until the fork has committed {@link #ROWS_BEFORE_KILL} prepared rows. */
  private static Path awaitPreparedRows(Path project, Process build, Path log) throws Exception {
    Path runs = project.resolve("target/colorize/runs");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BUILD_TIMEOUT_SECONDS);
    while (true) {
      Optional<Path> prepared = preparedPart(runs);
      if (prepared.isPresent() && dataRows(prepared.get()) >= ROWS_BEFORE_KILL) {
        return prepared.get();
      }
      if (!build.isAlive()) {
        fail("the build ended (exit " + build.exitValue() + ") before " + ROWS_BEFORE_KILL
            + " rows were prepared\n" + ChildBuilds.read(log));
      }
      if (System.nanoTime() > deadline) {
        fail("no preparation progress within " + BUILD_TIMEOUT_SECONDS + " s\n" + ChildBuilds.read(log));
      }
      Thread.sleep(5);
    }
  }

  private static Optional<Path> preparedPart(Path runs) throws IOException {
    if (!Files.isDirectory(runs)) {
      return Optional.empty();
    }
    try (Stream<Path> identities = Files.list(runs)) {
      return identities.map(run -> run.resolve("parts/prepared-0.csv"))
          .filter(Files::isRegularFile).findFirst();
    }
  }

  /** The one forked colorize JVM below the mvn process. */
  private static ProcessHandle forkedCli(Process build, Path log) throws IOException {
    List<ProcessHandle> forks = build.descendants()
        .filter(handle -> commandLine(handle).contains(CLI_MAIN_CLASS)).toList();
    if (forks.size() != 1) {
      fail("expected one forked " + CLI_MAIN_CLASS + " below mvn (pid " + build.pid() + "), found "
          + forks.size() + "\n" + ChildBuilds.read(log));
    }
    return forks.get(0);
  }

  /**
   * The full command line: /proc first, because on Linux JDK 17's {@code Info.commandLine()}
   * stops at 4096 characters, before the main class of a fork with a long class path.
   */
  private static String commandLine(ProcessHandle handle) {
    Path proc = Paths.get("/proc", Long.toString(handle.pid()), "cmdline");
    try {
      if (Files.isReadable(proc)) {
        return new String(Files.readAllBytes(proc), StandardCharsets.UTF_8).replace('\0', ' ');
      }
    } catch (IOException e) {
      // The process has just exited; Info below is empty too.
    }
    return handle.info().commandLine().orElse("");
  }

  // --- fixture -------------------------------------------------------------------------------

  /** src/it/killed-and-resumed with this plugin's coordinates filled in, as the invoker would. */
  private static Path fixture(Path project) throws IOException {
    Files.createDirectories(project);
    String pom = Files.readString(ChildBuilds.pathProperty("colorize.it.projects")
        .resolve("killed-and-resumed/pom.xml"), StandardCharsets.UTF_8)
        .replace("@project.groupId@", "dev.colorize")
        .replace("@project.artifactId@", "colorize-maven-plugin")
        .replace("@project.version@", ChildBuilds.requiredProperty("colorize.it.pluginVersion"));
    Files.writeString(project.resolve("pom.xml"), pom, StandardCharsets.UTF_8);
    return project;
  }

  /** {@link #IMAGES} small colourful JPEGs, one folder per class; deterministic. */
  private static void writeImages(Path root) throws IOException {
    for (int c = 0; c < CLASSES; c++) {
      Path folder = Files.createDirectories(root.resolve("class" + c));
      for (int i = 0; i < IMAGES_PER_CLASS; i++) {
        Random random = new Random(c * 1000L + i);
        int width = 96 + (i % 3) * 16;
        int height = 80 + (i % 2) * 16;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.getHSBColor(random.nextFloat(), 0.6f, 0.8f));
        g.fillRect(0, 0, width, height);
        for (int shape = 0; shape < 8; shape++) {
          g.setColor(Color.getHSBColor(random.nextFloat(), 0.5f + random.nextFloat() / 2,
              0.3f + random.nextFloat() * 0.7f));
          g.fillOval(random.nextInt(width), random.nextInt(height), 8 + random.nextInt(width / 2),
              8 + random.nextInt(height / 2));
        }
        g.dispose();
        Path file = folder.resolve(String.format("img_%03d.jpg", i));
        if (!ImageIO.write(image, "jpg", file.toFile())) {
          throw new IOException("no JPEG writer for " + file);
        }
      }
    }
  }

  // --- files ---------------------------------------------------------------------------------

  private static Path reports(Path project) {
    return project.resolve("target/colorize/evaluate");
  }

  private static long dataRows(Path csv) {
    try (Stream<String> lines = Files.lines(csv, StandardCharsets.UTF_8)) {
      return Math.max(0, lines.count() - 1);
    } catch (IOException | UncheckedIOException e) {
      return 0; // being written; the next poll reads it
    }
  }
}
