package dev.colorize.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.colorize.image.PngImages;
import dev.colorize.image.RgbImage;
import dev.colorize.train.ValidationImages;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The finetune page from a finetune output folder written here by hand. */
class FinetuneReportTest {

  private static final String CRAFTED = "<img src=x onerror=alert(1)>";

  @TempDir Path dir;

  /**
   * A finished run of {@code epochs} epochs of {@code stepsPerEpoch} steps, best at
   * {@code bestEpoch}, with two validation images kept after each epoch.
   */
  private Path run(int epochs, int stepsPerEpoch, int bestEpoch, boolean stoppedEarly,
      int plannedEpochs) throws IOException {
    Path out = dir.resolve("finetune/model");
    Path images = dir.resolve("train/validation-images");
    Files.createDirectories(out);
    try (BufferedWriter w = Files.newBufferedWriter(out.resolve("loss.csv"))) {
      w.write("step,epoch,phase,loss,l2,critic\n");
      for (int s = 1; s <= epochs * stepsPerEpoch; s++) {
        String phase = s <= stepsPerEpoch ? "critic" : "gan";
        w.write(String.format(Locale.ROOT, "%d,%d,%s,%.4f,%s,%s%n", s, (s - 1) / stepsPerEpoch,
            phase, 1.0 / s, phase.equals("critic") ? "nan" : "0.5", phase.equals("critic")
                ? "0.7" : "nan"));
      }
    }
    List<String> validation = new ArrayList<>(List.of(
        "step,epoch,psnr,ssim,colorfulness_delta,delta_e2000"));
    for (int e = 1; e <= epochs; e++) {
      double delta = e == bestEpoch ? 5.0 : 10.0 + e;
      validation.add(String.format(Locale.ROOT, "%d,%d,20.0,0.8,-3.0,%.1f", e * stepsPerEpoch,
          e, delta));
      for (int i = 0; i < 2; i++) {
        PngImages.write(solid(e * 20, i), ValidationImages.prediction(images, i, e * stepsPerEpoch));
        PngImages.write(solid(0, i), ValidationImages.gray(images, i));
        PngImages.write(solid(200, i), ValidationImages.truth(images, i));
      }
    }
    Files.write(out.resolve("validation.csv"), validation);
    Files.writeString(out.resolve("skipped.csv"), "dataset,sample_id,path,stage,reason\n"
        + "kfood[train]," + CRAFTED + ".jpg,/data/" + CRAFTED + ".jpg,prepare,NOT_AN_IMAGE x\n",
        StandardCharsets.UTF_8);
    ObjectMapper json = new ObjectMapper();
    ObjectNode finetune = json.createObjectNode();
    finetune.put("model", "김치-" + CRAFTED);
    finetune.put("engine", "builtin");
    finetune.put("file", "model.builtin");
    finetune.put("weights", "best validation");
    finetune.put("monitor", "delta_e2000");
    finetune.put("bestStep", bestEpoch * stepsPerEpoch);
    finetune.put("bestValue", 5.0);
    finetune.put("patience", 2);
    finetune.put("stoppedEarly", stoppedEarly);
    finetune.put("validationImages", images.toString());
    ObjectNode settings = finetune.putObject("finetune");
    settings.put("epochs", plannedEpochs);
    settings.put("dataset", CRAFTED);
    json.writeValue(out.resolve("finetune.json").toFile(), finetune);
    return out;
  }

  private static RgbImage solid(int value, int index) {
    byte[] pixels = new byte[16 * 16 * 3];
    for (int p = 0; p < pixels.length; p++) {
      pixels[p] = (byte) (p % 3 == index ? value : 40);
    }
    return new RgbImage(16, 16, pixels);
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
