package dev.colorize.maven;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  @Test
  void evaluatesFineTunesAndComparesAnOfficialDeOldifyFileColorizeWroteItself() throws Exception {
    ChildBuilds.ExampleBuild result = ChildBuilds.runExampleProfile("example-official", "official",
        BUILD_TIMEOUT_SECONDS);
    Path project = result.project();
    String output = result.output();

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
