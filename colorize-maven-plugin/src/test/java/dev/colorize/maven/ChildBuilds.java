package dev.colorize.maven;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
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
}
