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
import java.util.List;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code colorize finetune} end to end in forked JVMs: prepare, train, export; the export is
 * evaluated by {@code colorize evaluate}; a run killed with SIGKILL mid-training resumes to the
 * same weights as an uninterrupted one.
 */
class FinetuneJobTest {

  @TempDir Path dir;

  @Test
  void finetuneTrainsExportsAndTheExportedModelEvaluates() throws Exception {
    Path work = dir.resolve("work");
    RunConfiguration config = FinetuneFixtures.configuration(work, "chromagan", 3);
    config.finetune.patience = 5;
    Path log = dir.resolve("finetune.log");
    FinetuneFixtures.runSuccessfully(config, dir.resolve("finetune.json"), log);

    Path out = work.resolve("finetune/chromagan-tiny");
    Path model = out.resolve("chromagan-tiny.builtin");
    assertTrue(Files.isRegularFile(model), FinetuneFixtures.read(log));
    JsonNode report = new ObjectMapper().readTree(out.resolve("finetune.json").toFile());
    assertEquals(ModelFiles.sha256(model), report.get("sha256").asText());
    assertEquals("best validation", report.get("weights").asText());
    List<String> loss = Files.readAllLines(out.resolve("loss.csv"));
    List<String> validation = Files.readAllLines(out.resolve("validation.csv"));
    assertEquals("step,epoch,psnr,ssim,colorfulness_delta,delta_e2000", validation.get(0));
    assertEquals(1 + 3, validation.size(), "one validation row per epoch");
    int stepsPerEpoch = Integer.parseInt(validation.get(1).split(",")[0]);
    assertEquals(1 + 3 * stepsPerEpoch, loss.size());
    assertTrue(Files.readString(out.resolve("classes.csv")).startsWith("index,class\n0,"));
    assertTrue(Files.exists(out.resolve("run.json")));
    assertTrue(FinetuneFixtures.read(log).contains("<engine>builtin</engine><architecture>"
        + "chromagan</architecture><size>tiny</size><path>" + model + "</path>"));
    assertReportShowsEveryEpoch(out, 3, stepsPerEpoch);

    // The same configuration again: reported complete, nothing retrained.
    Path again = dir.resolve("again.log");
    FinetuneFixtures.runSuccessfully(config, dir.resolve("finetune.json"), again);
    assertTrue(FinetuneFixtures.read(again).contains("already completed"),
        FinetuneFixtures.read(again));

    // colorize report writes the page again from the run's files.
    Files.delete(out.resolve("report/index.html"));
    assertEquals(0, ColorizeCli.run("report", "--run", out.toString()));
    assertReportShowsEveryEpoch(out, 3, stepsPerEpoch);

    // The export is a model evaluate accepts, on the held-out split.
    RunConfiguration evaluate = FinetuneFixtures.evaluateOnTestSplit(dir.resolve("evaluate"));
    evaluate.models.add(new ModelConfig("gray", "gray"));
    ModelConfig tuned = new ModelConfig("chromagan-finetuned", "builtin");
    tuned.path = model.toString();
    tuned.options.put("architecture", "chromagan");
    tuned.options.put("size", "tiny");
    evaluate.models.add(tuned);
    evaluate.write(dir.resolve("evaluate.json"));
    assertEquals(0,
        ColorizeCli.run("evaluate", "--config", dir.resolve("evaluate.json").toString()));
    String summary = Files.readString(dir.resolve("evaluate/evaluate/summary.csv"));
    assertTrue(summary.contains("kfood-test,chromagan-finetuned,(all)"), summary);
  }

  /**
   * The job's last step wrote report/index.html: a loss chart, a validation chart per metric,
   * the decision, and the same validation images after each epoch, every one a PNG on disk.
   */
  private static void assertReportShowsEveryEpoch(Path out, int epochs, int stepsPerEpoch)
      throws Exception {
    Path report = out.resolve("report");
    Document page = Jsoup.parse(report.resolve("index.html").toFile(), "UTF-8");
    assertTrue(page.select("#loss img").size() >= 1);
    assertEquals(4, page.select("#validation img").size(), "psnr, ssim, colorfulness, dE");
    assertTrue(page.select("#decision-text").text().startsWith("Trained all 3 epochs"),
        page.select("#decision-text").text());
    assertEquals(1, page.select("#validation-table tr.best").size());
    List<Element> rows = page.select("#epoch-images tbody tr");
    assertEquals(4, rows.size(), "the first four validation images");
    for (Element row : rows) {
      List<String> sources = row.select("img").eachAttr("src");
      assertEquals(2 + epochs, sources.size(), row.toString());
      for (int e = 1; e <= epochs; e++) {
        assertTrue(sources.get(1 + e).endsWith("/step-" + e * stepsPerEpoch + ".png"),
            sources.toString());
      }
      for (String src : sources) {
        assertTrue(ImageIO.read(report.resolve(src).toFile()).getWidth() == 32, src);
      }
    }
  }

  @Test
  void withoutValidationTheLastWeightsAreExported() throws Exception {
    Path work = dir.resolve("work");
    RunConfiguration config = FinetuneFixtures.configuration(work, "instcolor", 1);
    config.finetune.validationSplit = "none";
    Path log = dir.resolve("finetune.log");
    FinetuneFixtures.runSuccessfully(config, dir.resolve("finetune.json"), log);
    Path out = work.resolve("finetune/instcolor-tiny");
    JsonNode report = new ObjectMapper().readTree(out.resolve("finetune.json").toFile());
    assertEquals("last step", report.get("weights").asText());
    assertTrue(Files.isRegularFile(out.resolve("instcolor-tiny.builtin")));
    assertTrue(!Files.exists(out.resolve("validation.csv")));
    assertTrue(FinetuneFixtures.read(log).contains("validation is off"),
        FinetuneFixtures.read(log));
    Document page = Jsoup.parse(out.resolve("report/index.html").toFile(), "UTF-8");
    assertTrue(page.select("#decision-text").text().startsWith("No validation ran"));
    assertTrue(page.select("#epoch-images").isEmpty());
  }

  @Test
  void killedMidTrainingResumesToTheWeightsOfAnUninterruptedRun() throws Exception {
    Path straightWork = dir.resolve("straight");
    RunConfiguration straight = FinetuneFixtures.configuration(straightWork, "deoldify", 4);
    Path straightLog = dir.resolve("straight.log");
    FinetuneFixtures.runSuccessfully(straight, dir.resolve("straight.json"), straightLog);

    Path killedWork = dir.resolve("killed");
    RunConfiguration killed = FinetuneFixtures.configuration(killedWork, "deoldify", 4);
    Path log = dir.resolve("killed.log");
    FinetuneFixtures.killMidTrainingThenResume(killed, dir.resolve("killed.json"), log,
        killedWork.resolve("finetune/deoldify-tiny/deoldify-tiny.builtin"));
    FinetuneFixtures.assertSameExport(straightWork.resolve("finetune/deoldify-tiny"),
        killedWork.resolve("finetune/deoldify-tiny"), "deoldify-tiny.builtin");
  }

}
