package dev.colorize.job.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colorize.cli.ColorizeCli;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import dev.colorize.model.ModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code colorize finetune} of an imported TorchScript model (the {@code lab} stand-in of
 * {@code scripts/models/make_trainable_standins.py}) end to end in forked JVMs: it trains,
 * exports a TorchScript file that {@code colorize evaluate} accepts with the printed
 * {@code <model>} element, and a run killed with SIGKILL mid-training resumes to the same file.
 */
class FinetuneJobTorchScriptTest {

  static final Path STANDIN = Path.of("src/test/resources/models/trainable/lab-trainable.pt")
      .toAbsolutePath();

  @TempDir Path dir;

  /** The food sample, the lab stand-in declared with InstColor-style scaling, 32 px. */
  static RunConfiguration configuration(Path work, int epochs) {
    RunConfiguration c = FinetuneFixtures.configuration(work, "chromagan", epochs);
    c.models.clear();
    ModelConfig model = new ModelConfig("lab-net", "torchscript");
    model.convention = "lab";
    model.path = STANDIN.toString();
    model.options.put("lScale", "0.01");
    model.options.put("lOffset", "-0.5");
    model.options.put("abScale", "110");
    c.models.add(model);
    c.finetune.model = model.name;
    c.finetune.learningRate = 0.003;
    return c;
  }

  @Test
  void trainsExportsATorchScriptFileThatEvaluates() throws Exception {
    Path work = dir.resolve("work");
    RunConfiguration config = configuration(work, 3);
    Path log = dir.resolve("finetune.log");
    FinetuneFixtures.runSuccessfully(config, dir.resolve("finetune.json"), log);

    Path out = work.resolve("finetune/lab-net");
    Path model = out.resolve("lab-net.pt");
    assertTrue(Files.isRegularFile(model), FinetuneFixtures.read(log));
    assertTrue(!Arrays.equals(Files.readAllBytes(STANDIN), Files.readAllBytes(model)));
    JsonNode report = new ObjectMapper().readTree(out.resolve("finetune.json").toFile());
    String sha256 = ModelFiles.sha256(model);
    assertEquals(sha256, report.get("sha256").asText());
    assertEquals("torchscript", report.get("engine").asText());
    assertEquals("lab", report.get("convention").asText());
    assertEquals("best validation", report.get("weights").asText());
    List<String> validation = Files.readAllLines(out.resolve("validation.csv"));
    assertEquals(1 + 3, validation.size(), "one validation row per epoch");
    String printed = FinetuneFixtures.read(log);
    int start = printed.indexOf("<model><name>lab-net-finetuned</name>");
    assertTrue(start >= 0, printed);
    String snippet = printed.substring(start, printed.indexOf("</model>", start));
    assertTrue(snippet.startsWith("<model><name>lab-net-finetuned</name><engine>torchscript"
        + "</engine><convention>lab</convention><path>" + model + "</path><sha256>" + sha256
        + "</sha256><options>"), snippet);
    for (String option : List.of("<lScale>0.01</lScale>", "<lOffset>-0.5</lOffset>",
        "<abScale>110</abScale>")) {
      assertTrue(snippet.contains(option), snippet);
    }

    // The element the log prints, as a model of evaluate, on the held-out split.
    RunConfiguration evaluate = FinetuneFixtures.evaluateOnTestSplit(dir.resolve("evaluate"));
    ModelConfig tuned = new ModelConfig("lab-net-finetuned", "torchscript");
    tuned.convention = "lab";
    tuned.path = model.toString();
    tuned.sha256 = sha256;
    tuned.options.putAll(config.models.get(0).options);
    evaluate.models.add(tuned);
    evaluate.write(dir.resolve("evaluate.json"));
    assertEquals(0, ColorizeCli.run("evaluate", "--config",
        dir.resolve("evaluate.json").toString()));
    String summary = Files.readString(dir.resolve("evaluate/evaluate/summary.csv"));
    assertTrue(summary.contains("kfood-test,lab-net-finetuned,(all)"), summary);
  }

  @Test
  void killedMidTrainingResumesToTheSameExportedFile() throws Exception {
    Path straightWork = dir.resolve("straight");
    RunConfiguration straight = configuration(straightWork, 4);
    Path straightLog = dir.resolve("straight.log");
    FinetuneFixtures.runSuccessfully(straight, dir.resolve("straight.json"), straightLog);

    Path killedWork = dir.resolve("killed");
    RunConfiguration killed = configuration(killedWork, 4);
    Path log = dir.resolve("killed.log");
    FinetuneFixtures.killMidTrainingThenResume(killed, dir.resolve("killed.json"), log,
        killedWork.resolve("finetune/lab-net/lab-net.pt"));
    FinetuneFixtures.assertSameExport(straightWork.resolve("finetune/lab-net"),
        killedWork.resolve("finetune/lab-net"), "lab-net.pt");
  }

}
