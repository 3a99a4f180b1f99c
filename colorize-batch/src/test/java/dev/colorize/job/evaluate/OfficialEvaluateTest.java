package dev.colorize.job.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colorize.cli.ColorizeCli;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import dev.colorize.model.official.deoldify.DeOldifyFile;
import dev.colorize.model.official.deoldify.DeOldifyVariant;
import dev.colorize.report.CsvLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate} with an {@code official} DeOldify model: scored like any engine's. */
class OfficialEvaluateTest {

  @TempDir Path dir;

  @Test
  void evaluatesAnOfficialDeOldifyFileAndRunJsonNamesWhatWasRecognised() throws Exception {
    Path dataset = EvaluateFixtures.folderDataset(dir.resolve("data"), 2, 3, false);
    Path weights = dir.resolve("ColorizeArtistic_gen.pth");
    DeOldifyFile.writeSeeded(DeOldifyVariant.ARTISTIC, 5, weights);
    Path work = dir.resolve("work");
    RunConfiguration config = EvaluateFixtures.configuration(work, dataset, 4);
    ModelConfig model = new ModelConfig("deoldify-artistic", "official");
    model.convention = "deoldify";
    model.path = weights.toString();
    model.options.put("renderFactor", "4");
    model.batchSize = 2;
    config.models.add(model);
    Path file = dir.resolve("run.json");
    config.write(file);
    assertEquals(0, ColorizeCli.run("evaluate", "--config", file.toString()));

    List<List<String>> scores = Files.readAllLines(work.resolve("evaluate/scores.csv")).stream()
        .skip(1).map(CsvLine::parse).toList();
    assertEquals(6, scores.stream().filter(r -> r.get(1).equals("deoldify-artistic")).count());
    JsonNode run = new ObjectMapper().readTree(work.resolve("evaluate/run.json").toFile());
    boolean named = false;
    for (JsonNode step : run.get("steps")) {
      named |= step.path("model").asText().startsWith("DeOldify artistic generator");
    }
    assertTrue(named, "run.json steps: " + run.get("steps"));
  }
}
