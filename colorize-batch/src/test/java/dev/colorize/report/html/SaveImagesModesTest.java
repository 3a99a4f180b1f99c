package dev.colorize.report.html;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.config.RunConfiguration;
import dev.colorize.image.PngImages;
import dev.colorize.image.RgbImage;
import dev.colorize.metric.ImageScores;
import dev.colorize.metric.Psnr;
import dev.colorize.model.ModelRegistry;
import dev.colorize.plan.RunPlanner;
import dev.colorize.report.CsvNumbers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each {@code <saveImages>} keeps, end to end, and the report folder across re-writes. */
class SaveImagesModesTest {

  @TempDir Path dir;

  @Test
  void allKeepsEveryScoredPredictionAsTheImageThatWasScored() throws IOException {
    RunConfiguration config = run("all", 4, dir.resolve("work"));
    PredictionTree tree = new PredictionTree(dir.resolve("work/runs").resolve(config.identity())
        .resolve("predictions"));
    Path evaluate = dir.resolve("work/evaluate");
    List<String> header = CsvRows.header(evaluate.resolve("scores.csv"));
    int psnr = header.indexOf("psnr");
    List<List<String>> scores = new ArrayList<>();
    CsvRows.forEach(evaluate.resolve("scores.csv"), (position, row) -> scores.add(row));

    for (List<String> row : scores) {
      assertTrue(Files.exists(tree.file(row.get(0), row.get(1), row.get(2))), row.toString());
    }
    assertEquals(scores.size(), files(tree.root()).size(), "one PNG per scored row, no other");
    assertTrue(Files.exists(tree.root().resolve("photos/gray/" + ReportFixtures.HANGUL_CLASS
        + "/" + ReportFixtures.CRAFTED + ".png")), "the dataset's tree, names as they are");

    Document page = page(evaluate);
    Path report = evaluate.resolve("report");
    for (Element tr : page.select("table.gallery tbody tr")) {
      String sampleId = tr.selectFirst("td.sample").textNodes().get(0).text().strip();
      Path kept = tree.file("photos", "gray-again", sampleId);
      Path shown = report.resolve(tr.selectFirst("td[data-column=m1] img").attr("src"));
      assertArrayEquals(Files.readAllBytes(kept), Files.readAllBytes(shown), "copied as kept");
      RgbImage truth = PngImages.read(report.resolve(
          tr.selectFirst("td[data-column=truth] img").attr("src")));
      List<String> scored = scores.stream()
          .filter(r -> r.get(1).equals("gray-again") && r.get(2).equals(sampleId))
          .findFirst().orElseThrow();
      assertEquals(scored.get(psnr), CsvNumbers.format(Psnr.of(PngImages.read(kept), truth)),
          "the kept prediction and truth are the scored pair of " + sampleId);
    }
  }

  @Test
  void noneKeepsNoImageAndTheGalleryListsTheScores() throws IOException {
    RunConfiguration config = run("none", 4, dir.resolve("work"));
    Path evaluate = dir.resolve("work/evaluate");
    Document page = page(evaluate);

    assertFalse(Files.exists(dir.resolve("work/runs").resolve(config.identity())
        .resolve("predictions")));
    assertFalse(Files.exists(evaluate.resolve("report/images")));
    assertTrue(page.select("#gallery img").isEmpty());
    assertTrue(page.select("#compare-before").isEmpty(), "no slider without images");
    assertFalse(page.select("table.gallery tbody tr").isEmpty(), "the choices are listed");
    assertTrue(page.select("#gallery").text().contains("Images were not kept"));
  }

  @Test
  void aReportWrittenAgainAfterThePredictionsWentKeepsEveryImage() throws IOException {
    RunConfiguration config = run(null, 4, dir.resolve("work"));
    Path evaluate = dir.resolve("work/evaluate");
    Set<String> before = sources(page(evaluate));
    assertFalse(Files.exists(dir.resolve("work/runs").resolve(config.identity())
        .resolve("predictions")), "report removed the predictions it does not show");

    EvaluateReport.write(evaluate,
        new RunPlanner(ModelRegistry.standard(), ImageScores.COLUMNS).plan(config, true));

    Set<String> after = sources(page(evaluate));
    assertEquals(before, after);
    for (String src : after) {
      assertTrue(Files.exists(evaluate.resolve("report").resolve(src)), src);
    }
  }

  @Test
  void anotherConfigurationsReportDropsTheImagesOfTheFirst() throws IOException {
    RunConfiguration first = run(null, 4, dir.resolve("work"));
    RunConfiguration second = ReportFixtures.configuration(dir.resolve("work"),
        dir.resolve("data"), null);
    second.imageSize = 64;
    ReportFixtures.evaluate(second, dir.resolve("second.json"));
    Path report = dir.resolve("work/evaluate/report");

    try (Stream<Path> identities = Files.list(report.resolve("images"))) {
      assertEquals(List.of(second.identity()),
          identities.map(p -> p.getFileName().toString()).toList(), "not " + first.identity());
    }
    Set<String> shown = sources(page(dir.resolve("work/evaluate")));
    assertEquals(shown.size(), files(report.resolve("images")).size());
    for (String src : shown) {
      assertEquals(64, PngImages.read(report.resolve(src)).width(), src);
    }
  }

  @Test
  void tenTimesTheImagesGiveAReportOfTheSameBound() throws IOException {
    run(null, 15, dir.resolve("small"));
    ReportFixtures.folderDataset(dir.resolve("data10"), 150);
    ReportFixtures.evaluate(ReportFixtures.configuration(dir.resolve("large"),
        dir.resolve("data10"), null), dir.resolve("large.json"));

    long small = bytes(dir.resolve("small/evaluate/report"));
    long large = bytes(dir.resolve("large/evaluate/report"));
    int images = files(dir.resolve("large/evaluate/report/images")).size();
    // 4 ranked metrics x 9 chosen x 2 models, each row gray + truth + 2 predictions.
    assertTrue(images <= 4 * 9 * 2 * 4, images + " images");
    assertTrue(large < 2 * small, "301 images: " + large + " bytes; 31 images: " + small);
  }

  private RunConfiguration run(String saveImages, int perClass, Path work) throws IOException {
    Path data = dir.resolve("data");
    if (!Files.exists(data)) {
      ReportFixtures.folderDataset(data, perClass);
    }
    RunConfiguration config = ReportFixtures.configuration(work, data, saveImages);
    ReportFixtures.evaluate(config, work.resolveSibling(work.getFileName() + ".json"));
    return config;
  }

  private static Document page(Path evaluate) throws IOException {
    return Jsoup.parse(evaluate.resolve("report/index.html").toFile(), "UTF-8");
  }

  private static Set<String> sources(Document page) {
    Set<String> sources = new HashSet<>(page.select("table.gallery img[src]").eachAttr("src"));
    assertFalse(sources.isEmpty());
    return sources;
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }

  private static long bytes(Path root) throws IOException {
    long total = 0;
    for (Path file : files(root)) {
      total += Files.size(file);
    }
    return total;
  }
}
