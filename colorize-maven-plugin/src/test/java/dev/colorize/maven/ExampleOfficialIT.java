package dev.colorize.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The example project's {@code official} profile through the real {@code mvn -Pofficial verify}
 * on a copy of {@code example-project/}: {@code colorize:official-weights} writes a seeded
 * DeOldify artistic generator in the published layout and format, which the {@code official}
 * engine evaluates, {@code colorize:finetune} fine-tunes and exports as a published-format
 * {@code .pth}, which evaluates again, and {@code compare} puts both runs side by side.
 */
class ExampleOfficialIT {

  private static final long BUILD_TIMEOUT_SECONDS = 1200;

  private Process build;

  @AfterEach
  void stopLeftoverBuild() {
    if (build != null) {
      build.descendants().forEach(ProcessHandle::destroyForcibly);
      build.destroyForcibly();
    }
  }

  @Test
  void evaluatesFineTunesAndComparesAnOfficialDeOldifyFileColorizeWroteItself() throws Exception {
    Path work = ChildBuilds.emptyDirectory(
        ChildBuilds.pathProperty("colorize.it.work").resolve("example-official"));
    Path settings = ChildBuilds.interpolatedSettings(work.resolve("settings.xml"));
    Path example = ChildBuilds.pathProperty("colorize.it.example");
    Path project = work.resolve("example-project");
    Files.createDirectories(project);
    Files.copy(example.resolve("pom.xml"), project.resolve("pom.xml"));
    ChildBuilds.copyTree(example.resolve("data"), project.resolve("data"));
    ChildBuilds.copyTree(example.resolve("models"), project.resolve("models"));

    Path log = work.resolve("official.log");
    List<String> command = List.of(ChildBuilds.mavenExecutable(), "-B", "-ntp", "-s",
        settings.toString(), "-Dmaven.repo.local="
            + ChildBuilds.pathProperty("colorize.it.localRepository"), "-Pofficial", "verify");
    ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    build = builder.start();
    if (!build.waitFor(BUILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      fail("the official profile did not finish within " + BUILD_TIMEOUT_SECONDS + " s\n"
          + ChildBuilds.read(log));
    }
    String output = ChildBuilds.read(log);
    assertEquals(0, build.exitValue(), output);

    assertTrue(Files.size(project.resolve("target/models/ColorizeArtistic_gen.pth")) > 250_000_000L,
        "the seeded generator has the published file's size");
    Path official = project.resolve("target/colorize/official");
    Path export = official.resolve("finetune/finetune/deoldify-artistic/deoldify-artistic.pth");
    assertTrue(Files.isRegularFile(export), output);
    String comparison = Files.readString(official.resolve("comparison.csv"));
    assertTrue(comparison.contains("pretrained,kfood-test,deoldify-artistic,")
        && comparison.contains("finetuned,kfood-test,deoldify-artistic-finetuned,"), comparison);
    JsonNode run = new ObjectMapper().readTree(
        official.resolve("finetuned/evaluate/run.json").toFile());
    boolean named = false;
    for (JsonNode step : run.get("steps")) {
      named |= step.path("model").asText().startsWith("DeOldify artistic generator");
    }
    assertTrue(named, "run.json names the recognised network: " + run.get("steps"));
  }
}
