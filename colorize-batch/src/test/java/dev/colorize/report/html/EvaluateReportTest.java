package dev.colorize.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evaluate end to end through the CLI (as the Maven goals fork it), then its report/index.html. */
class EvaluateReportTest {

  private static final String CRAFTED = ReportFixtures.CRAFTED;
  private static final String HANGUL_CLASS = ReportFixtures.HANGUL_CLASS;

  @TempDir static Path dir;
  private static Path evaluate;
  private static String out;
  private static Document page;

  @BeforeAll
  static void evaluateAFolderDataset() throws Exception {
    Path data = ReportFixtures.folderDataset(dir.resolve("data"), 4);
    out = ReportFixtures.evaluate(ReportFixtures.configuration(dir.resolve("work"), data, null),
        dir.resolve("config.json"));
    evaluate = dir.resolve("work").resolve("evaluate");
    Path index = evaluate.resolve("report").resolve("index.html");
    assertTrue(Files.exists(index), out);
    page = Jsoup.parse(index.toFile(), "UTF-8");
  }

  @Test
  void theSummaryHasARowForEachModel() {
    List<List<String>> rows = page.select("#summary-table tbody tr").stream()
        .map(tr -> tr.select("td").eachText().subList(0, 2)).toList();

    assertEquals(List.of(List.of("photos", "gray"), List.of("photos", "gray-again")), rows);
    assertTrue(out.contains("report " + evaluate.resolve("report").resolve("index.html")), out);
    assertTrue(page.select("#protocol").text().contains("not computed: no <featureModel>"),
        "FID's absence and its reason, from run.json");
    assertTrue(page.select("#protocol").text().contains("<saveImages> report"));
  }

  @Test
  void theGalleryShowsGrayTruthAndEveryPredictionAsPngsAtTheScoringSize() throws IOException {
    Path folder = evaluate.resolve("report");
    List<Element> rows = page.select("table.gallery tbody tr");
    assertFalse(rows.isEmpty());
    for (Element row : rows) {
      for (String column : List.of("gray", "truth", "m0", "m1")) {
        Element img = row.selectFirst("td[data-column=" + column + "] img");
        assertTrue(img != null, column + " image of " + row.text());
        String src = img.attr("src");
        assertTrue(src.matches("images/[0-9a-f]{16}/0/[0-9a-f]{16}/(gray|truth|m[01])\\.png"),
            src);
        BufferedImage png = ImageIO.read(folder.resolve(src).toFile());
        assertEquals(256, png.getWidth(), src);
        assertEquals(256, png.getHeight(), src);
      }
      assertTrue(row.selectFirst("td.compare input[type=range]") != null, "a slider per row");
    }
    assertTrue(page.select("#compare-before option").eachAttr("value")
        .containsAll(List.of("gray", "truth", "m0", "m1")));
  }

  @Test
  void onlyTheGalleryImagesAreKept() throws IOException {
    Path folder = evaluate.resolve("report");
    java.util.Set<String> referenced = new java.util.HashSet<>(
        page.select("table.gallery img[src]").eachAttr("src"));
    List<String> files;
    try (var walk = Files.walk(folder.resolve("images"))) {
      files = walk.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString())
          .toList();
    }
    assertEquals(referenced, new java.util.HashSet<>(files), "every file shown, none other");
    Path predictions = dir.resolve("work/runs").resolve(page.selectFirst("#protocol code").text())
        .resolve("predictions");
    assertFalse(Files.exists(predictions), "report removes the other predictions: " + predictions);
  }

  @Test
  void aCraftedFileNameIsTextAndAHangulClassIsKept() throws IOException {
    assertTrue(page.select("[onerror]").isEmpty(), "no element got an onerror attribute");
    assertTrue(page.select("img[src=x]").isEmpty());
    assertTrue(page.select("b").isEmpty(), "the skipped file's <b> stays text");
    assertTrue(page.select("#gallery").text().contains(CRAFTED), "crafted name shown as text");
    assertTrue(page.select("#skipped").text().contains("<b>not an image.jpg"));
    assertTrue(page.select("#gallery").text().contains(HANGUL_CLASS));
    String html = Files.readString(evaluate.resolve("report/index.html"), StandardCharsets.UTF_8);
    assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;.jpg"), "escaped in the file");
    assertTrue(html.contains(HANGUL_CLASS), "Hangul written as UTF-8");
  }

  @Test
  void everyReferenceIsLocalAndExists() {
    Path folder = evaluate.resolve("report");
    List<Element> referencing = page.select("[src], [href]");
    assertFalse(referencing.isEmpty());
    for (Element element : referencing) {
      String ref = element.hasAttr("src") ? element.attr("src") : element.attr("href");
      assertFalse(ref.matches("(?i)^\\s*(https?:)?//.*"), "fetched from outside: " + ref);
      if (ref.startsWith("#")) {
        assertFalse(page.select("[id=" + ref.substring(1) + "]").isEmpty(), "anchor " + ref);
        continue;
      }
      assertTrue(Files.exists(folder.resolve(ref).normalize()), "missing " + ref);
    }
    assertTrue(Files.exists(folder.resolve("report.css")));
    assertTrue(Files.exists(folder.resolve("report.js")));
    assertFalse(page.select("#distributions img").isEmpty(), "box plots drawn");
  }
}
