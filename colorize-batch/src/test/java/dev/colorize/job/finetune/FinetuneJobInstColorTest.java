package dev.colorize.job.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colorize.cli.ColorizeCli;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import dev.colorize.model.official.instcolor.InstColorFolder;
import dev.colorize.model.tf.SavedModelDigest;
import dev.colorize.train.OfficialInstColorTrainable.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code colorize finetune} of an {@code official} InstColor checkpoint folder (seeded, in the
 * published layout and format, written by colorize) through its authors' three stages in forked
 * JVMs, each starting from the folder the one before exported: every stage changes exactly the
 * tensors it trains and leaves every other tensor bit-identical, and the last folder is
 * evaluated by the official engine.
 */
class FinetuneJobInstColorTest {

  @TempDir static Path shared;
  static Path start;

  @TempDir Path dir;

  @BeforeAll
  static void writeStart() throws Exception {
    start = shared.resolve("coco_finetuned_mask_256_ffs");
    InstColorFolder.writeSeeded(23, start);
  }

  /** The food sample with its crop boxes as instance boxes, 32 px, one stage. */
  static RunConfiguration configuration(Path work, Path folder, Stage stage) {
    RunConfiguration c = FinetuneFixtures.configuration(work, "instcolor", 1);
    c.datasets.get(0).perClassLimit = 2;
    c.datasets.get(0).cropAs = "instance";
    c.models.clear();
    ModelConfig model = new ModelConfig("instcolor", "official");
    model.convention = "instcolor";
    model.path = folder.toString();
    model.options.put("size", "32");
    c.models.add(model);
    c.finetune.model = model.name;
    c.finetune.learningRate = 1e-4;
    c.finetune.batchSize = 2;
    c.finetune.checkpointInterval = 2;
    c.finetune.stage = stage.id();
    c.finetune.loss = "huber"; // the authors' own loss
    return c;
  }

  /** Every tensor of a folder by its block key. */
  static Map<String, float[]> tensors(Path folder) throws Exception {
    Map<String, float[]> values = new LinkedHashMap<>();
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      for (Pair<String, Parameter> p : InstColorFolder.load(folder, manager).networks()
          .getParameters()) {
        values.put(p.getValue().getName(), p.getValue().getArray().toFloatArray());
      }
    }
    return values;
  }

  @Test
  void theThreeStagesEachTrainTheirOwnTensorsAndTheLastFolderIsEvaluated() throws Exception {
    Path from = start;
    for (Stage stage : Stage.values()) {
      Path work = dir.resolve(stage.id());
      Path log = dir.resolve(stage.id() + ".log");
      FinetuneFixtures.runSuccessfully(configuration(work, from, stage),
          dir.resolve(stage.id() + ".json"), log);
      Path out = work.resolve("finetune/instcolor");
      Path exported = out.resolve("instcolor");
      assertTrue(Files.isDirectory(exported), FinetuneFixtures.read(log));
      assertEquals("InstColor full-image, instance and fusion networks",
          InstColorFolder.probe(exported));
      JsonNode report = new ObjectMapper().readTree(out.resolve("finetune.json").toFile());
      assertEquals(SavedModelDigest.of(exported), report.get("sha256").asText());

      Map<String, float[]> before = tensors(from);
      Map<String, float[]> after = tensors(exported);
      int changed = 0;
      for (Map.Entry<String, float[]> e : before.entrySet()) {
        String key = e.getKey();
        boolean same = java.util.Arrays.equals(e.getValue(), after.get(key));
        if (stage.trains(key)) {
          changed += same ? 0 : 1;
        } else {
          assertArrayEquals(e.getValue(), after.get(key), stage.id() + " froze " + key);
        }
      }
      assertTrue(changed > 0, stage.id() + " changed none of its tensors");
      if (stage == Stage.FUSION) {
        assertFalse(java.util.Arrays.equals(before.get("GF.model_out.0.weight"),
            after.get("GF.model_out.0.weight")), "fusion trains model_out");
      }
      from = exported;
    }

    RunConfiguration evaluate = FinetuneFixtures.evaluateOnTestSplit(dir.resolve("evaluate"));
    evaluate.datasets.get(0).perClassLimit = 4;
    evaluate.datasets.get(0).cropAs = "instance";
    ModelConfig tuned = new ModelConfig("instcolor-finetuned", "official");
    tuned.convention = "instcolor";
    tuned.path = from.toString();
    tuned.sha256 = SavedModelDigest.of(from);
    tuned.options.put("size", "32");
    evaluate.models.add(tuned);
    evaluate.write(dir.resolve("evaluate.json"));
    assertEquals(0, ColorizeCli.run("evaluate", "--config",
        dir.resolve("evaluate.json").toString()));
    String summary = Files.readString(dir.resolve("evaluate/evaluate/summary.csv"));
    assertTrue(summary.contains("kfood-test,instcolor-finetuned,(all)"), summary);
  }
}
