package dev.colorize.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The finetune page from a finetune output folder written here by hand. */
class FinetuneReportTest {

  private static final String CRAFTED = FinetuneFixture.CRAFTED;

  @TempDir Path dir;

  private Path run(int epochs, int stepsPerEpoch, int bestEpoch, boolean stoppedEarly,
      int plannedEpochs) throws IOException {
    return FinetuneFixture.write(dir, epochs, stepsPerEpoch, bestEpoch, stoppedEarly,
        plannedEpochs);
  }

  private static Document page(Path out) throws IOException {
    return Jsoup.parse(out.resolve("report/index.html").toFile(), "UTF-8");
  }

  @Test
  void showsCurvesTheDecisionAndTheSameImagesEveryEpoch() throws IOException {
    Path out = run(4, 3, 2, true, 6);

    FinetuneReport.write(out);

    Document page = page(out);
    assertEquals(3, page.select("#loss img").size(), "loss, l2, critic");
    assertEquals(4, page.select("#validation img").size());
    assertEquals("Stopped early after epoch 4 of 6: 2 epochs in a row without a better"
        + " delta_e2000. Best delta_e2000 5.00000 at step 6; exported weights: best validation.",
        page.selectFirst("#decision-text").text());
    List<Element> best = page.select("#validation-table tr.best");
    assertEquals(1, best.size());
    assertEquals("6", best.get(0).selectFirst("td").text());
    List<String> columns = page.select("#epoch-images thead th").eachText();
    assertEquals(List.of("image", "gray input", "ground truth", "step 3 (epoch 1)",
        "step 6 (epoch 2), best", "step 9 (epoch 3)", "step 12 (epoch 4)"), columns);
    for (Element row : page.select("#epoch-images tbody tr")) {
      for (String src : row.select("img").eachAttr("src")) {
        assertTrue(src.matches("images/[01]/(gray|truth|step-\\d+)\\.png"), src);
        assertTrue(Files.isRegularFile(out.resolve("report").resolve(src)), src);
      }
    }
    for (String src : page.select("#loss img, #validation img").eachAttr("src")) {
      assertTrue(Files.size(out.resolve("report").resolve(src)) > 1000, src);
    }
  }

  @Test
  void namesFromDiskAreText() throws IOException {
    Path out = run(2, 2, 1, false, 2);
    FinetuneReport.write(out);
    Document page = page(out);
    assertTrue(page.select("[onerror]").isEmpty());
    assertTrue(page.select("img[src=x]").isEmpty());
    assertTrue(page.select("h1").text().contains("김치-" + CRAFTED), page.select("h1").text());
    assertTrue(page.select("#settings").text().contains(CRAFTED));
    assertTrue(page.select("#skipped").text().contains(CRAFTED + ".jpg"));
    assertTrue(page.selectFirst("#decision-text").text().startsWith("Trained all 2 epochs"));
    String html = Files.readString(out.resolve("report/index.html"), StandardCharsets.UTF_8);
    assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
  }

  @Test
  void aLongRunGivesAPageOfTheSameSize() throws IOException {
    Path shortRun = run(12, 2, 5, false, 12);
    FinetuneReport.write(shortRun);
    long shortSize = imageFiles(shortRun);
    Path longRun = dir.resolve("long");
    Files.createDirectories(longRun);
    dir = longRun;
    Path out = run(120, 200, 50, false, 120);

    FinetuneReport.write(out);

    Document page = page(out);
    List<String> columns = page.select("#epoch-images thead th").eachText();
    assertEquals(3 + FinetuneReport.IMAGE_COLUMNS, columns.size(), columns.toString());
    assertTrue(columns.contains("step 200 (epoch 1)"));
    assertTrue(columns.contains("step 10000 (epoch 50), best"));
    assertTrue(columns.contains("step 24000 (epoch 120)"));
    assertTrue(page.select("#images").text().contains("Showing 10 of 120 epochs"));
    assertEquals(shortSize, imageFiles(out), "ten epochs' images, 12 or 120 epochs run");
    long folder;
    try (Stream<Path> walk = Files.walk(out.resolve("report"))) {
      folder = walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    assertTrue(folder < 1_000_000, "report folder of 24,000 steps: " + folder + " bytes");
  }

  @Test
  void anotherRenderDropsTheImagesItNoLongerShows() throws IOException {
    Path out = run(3, 2, 1, false, 3);
    Path stale = out.resolve("report/images/7/step-99.png");
    Files.createDirectories(stale.getParent());
    Files.writeString(stale, "old");
    FinetuneReport.write(out);
    assertFalse(Files.exists(stale));
    assertTrue(Files.exists(out.resolve("report/images/0/step-2.png")));
  }

  private static long imageFiles(Path out) throws IOException {
    try (Stream<Path> walk = Files.walk(out.resolve("report/images"))) {
      return walk.filter(Files::isRegularFile).count();
    }
  }
}
