package dev.colorize.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The example project's whole experiment through the real {@code mvn -Pexperiment verify}, on a
 * copy of {@code example-project/}: evaluate pretrained, fine-tune the three builtin networks,
 * evaluate the fine-tuned ones on the held-out test split, compare. Each fine-tuned network must
 * beat the gray baseline there by mean CIEDE2000 and by colourfulness difference (issue 5). The
 * data is synthetic and learnable by design: this proves the pipeline learns, not how good a
 * colorizer is.
 */
class ExampleExperimentIT {

  private static final long BUILD_TIMEOUT_SECONDS = 1200;
  private static final List<String> FINETUNED =
      List.of("chromagan-finetuned", "deoldify-finetuned", "instcolor-finetuned");

  private Process build;

  @AfterEach
  void stopLeftoverBuild() {
    if (build != null) {
      build.descendants().forEach(ProcessHandle::destroyForcibly);
      build.destroyForcibly();
    }
  }

  @Test
  void eachFineTunedNetworkBeatsGrayOnTheHeldOutSplit() throws Exception {
    Path work = ChildBuilds.emptyDirectory(
        ChildBuilds.pathProperty("colorize.it.work").resolve("example-experiment"));
    Path settings = ChildBuilds.interpolatedSettings(work.resolve("settings.xml"));
    Path example = ChildBuilds.pathProperty("colorize.it.example");
    Path project = work.resolve("example-project");
    Files.createDirectories(project);
    Files.copy(example.resolve("pom.xml"), project.resolve("pom.xml"));
    ChildBuilds.copyTree(example.resolve("data"), project.resolve("data"));
    ChildBuilds.copyTree(example.resolve("models"), project.resolve("models"));

    Path log = work.resolve("experiment.log");
    List<String> command = List.of(ChildBuilds.mavenExecutable(), "-B", "-ntp", "-s",
        settings.toString(), "-Dmaven.repo.local="
            + ChildBuilds.pathProperty("colorize.it.localRepository"), "-Pexperiment", "verify");
    ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    build = builder.start();
    if (!build.waitFor(BUILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      fail("the experiment did not finish within " + BUILD_TIMEOUT_SECONDS + " s\n"
          + ChildBuilds.read(log));
    }
    String output = ChildBuilds.read(log);
    assertEquals(0, build.exitValue(), output);

    Path experiment = project.resolve("target/colorize/experiment");
    Map<String, CSVRecord> finetuned = new HashMap<>();
    List<String> seen = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(experiment.resolve("comparison.csv"),
        StandardCharsets.UTF_8)) {
      for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
          .parse(in)) {
        seen.add(row.get("run") + "/" + row.get("model"));
        if (row.get("run").equals("finetuned")) {
          finetuned.put(row.get("model"), row);
        }
      }
    }
    assertTrue(seen.contains("pretrained/gray") && seen.contains("pretrained/chromagan-tiny"),
        "the pretrained run is in the comparison: " + seen);
    for (String model : FINETUNED) {
      CSVRecord row = finetuned.get(model);
      assertTrue(row != null, model + " missing from the comparison: " + seen);
      List<String> better = List.of(row.get("better_than_gray").split(" "));
      assertTrue(better.contains("delta_e2000") && better.contains("colorfulness_delta"),
          model + " does not beat gray by CIEDE2000 and colourfulness difference: "
              + row.toMap() + "\n" + output);
      assertTrue(Files.exists(experiment.resolve("finetune/finetune/" + model.replace("finetuned",
          "tiny") + "/validation.csv")), "curves of " + model);
    }
  }
}
