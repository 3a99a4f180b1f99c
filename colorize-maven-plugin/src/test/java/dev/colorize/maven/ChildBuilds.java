package dev.colorize.maven;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the failsafe ITs that drive the real {@code mvn} share: Maven's launcher, the settings of
 * the child builds, the locations maven-failsafe-plugin passes as {@code colorize.it.*}
 * properties, and file helpers.
 */
final class ChildBuilds {

  private ChildBuilds() {}

  /** Maven's own launcher (the pom passes {@code maven.home}), else {@code mvn} from PATH. */
  static String mavenExecutable() {
    String home = System.getProperty("maven.home");
    if (home != null && !home.isBlank()) {
      Path mvn = Paths.get(home, "bin", "mvn");
      if (Files.isExecutable(mvn)) {
        return mvn.toString();
      }
    }
    return "mvn";
  }

  /** src/it/settings.xml pointing at the outer build's local repository. */
  static Path interpolatedSettings(Path target) throws IOException {
    String url = pathProperty("colorize.it.outerRepository").toUri().toString();
    String settings = Files.readString(pathProperty("colorize.it.settings"), StandardCharsets.UTF_8)
        .replace("@localRepositoryUrl@", url);
    Files.writeString(target, settings, StandardCharsets.UTF_8);
    return target;
  }

  static String read(Path log) throws IOException {
    return "--- " + log + " ---\n"
        + (Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no output)");
  }

  static Path emptyDirectory(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    return Files.createDirectories(dir);
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path path : all.toList()) {
        Path copy = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(path, copy);
        }
      }
    }
  }

  static String requiredProperty(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank() || value.startsWith("${")) {
      fail("system property " + name + " is not set: run this test through `mvn verify` in"
          + " colorize-maven-plugin (maven-failsafe-plugin passes it)");
    }
    return value;
  }

  static Path pathProperty(String name) {
    return Paths.get(requiredProperty(name)).toAbsolutePath().normalize();
  }

  /** A finished child build of a copy of the example project: where it ran and what it said. */
  record ExampleBuild(Path project, String output) {}

  /**
   * Copies {@code example-project/} (pom, data, models) under {@code colorize.it.work/<name>}
   * and runs {@code mvn -B -P<profile> verify} in it, failing the test on a timeout or a
   * non-zero exit with the build's output; the child is killed whatever happens.
   */
  static ExampleBuild runExampleProfile(String name, String profile, long timeoutSeconds)
      throws Exception {
    Path work = emptyDirectory(pathProperty("colorize.it.work").resolve(name));
    Path settings = interpolatedSettings(work.resolve("settings.xml"));
    Path example = pathProperty("colorize.it.example");
    Path project = work.resolve("example-project");
    Files.createDirectories(project);
    Files.copy(example.resolve("pom.xml"), project.resolve("pom.xml"));
    copyTree(example.resolve("data"), project.resolve("data"));
    copyTree(example.resolve("models"), project.resolve("models"));
    Path log = work.resolve(profile + ".log");
    List<String> command = List.of(mavenExecutable(), "-B", "-ntp", "-s", settings.toString(),
        "-Dmaven.repo.local=" + pathProperty("colorize.it.localRepository"), "-P" + profile,
        "verify");
    ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process build = builder.start();
    try {
      if (!build.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        fail("-P" + profile + " did not finish within " + timeoutSeconds + " s\n" + read(log));
      }
      String output = read(log);
      if (build.exitValue() != 0) {
        fail("-P" + profile + " failed with exit " + build.exitValue() + "\n" + output);
      }
      return new ExampleBuild(project, output);
    } finally {
      build.descendants().forEach(ProcessHandle::destroyForcibly);
      build.destroyForcibly();
    }
  }
}
