package dev.colorize.maven;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
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

  @Test
  void eachFineTunedNetworkBeatsGrayOnTheHeldOutSplit() throws Exception {
    ChildBuilds.ExampleBuild result = ChildBuilds.runExampleProfile("example-experiment", "experiment",
        BUILD_TIMEOUT_SECONDS);
    Path project = result.project();
    String output = result.output();

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
