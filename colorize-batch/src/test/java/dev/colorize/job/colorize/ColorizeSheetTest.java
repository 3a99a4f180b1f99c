package dev.colorize.job.colorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.cli.CliRun;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import dev.colorize.report.html.ColorizeSheet;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The colorize goal's contact sheet, written by the job's last step. */
class ColorizeSheetTest {

  private static final String CRAFTED = "<img src=x onerror=alert(1)>.jpg";

  @TempDir Path dir;

  private Path colorize(int photos) throws Exception {
    Path in = dir.resolve("photos-" + photos);
    for (int i = 0; i < photos; i++) {
      String name = i == 0 ? "가족/" + CRAFTED : "scans/p" + i + ".jpg";
      PhotoFixtures.write(in.resolve(name), PhotoFixtures.jpeg(PhotoFixtures.oldPhoto(
          400 + i, 300, i)));
    }
    Files.writeString(in.resolve("scans/broken.jpg"), "not a photo");
    RunConfiguration config = new RunConfiguration();
    config.workDirectory = dir.resolve("work-" + photos).toString();
    config.imageSize = 64;
    config.threads = 2;
    config.models = new ArrayList<>(List.of(new ModelConfig("baseline", "gray")));
    Path file = dir.resolve("config-" + photos + ".json");
    config.write(file);
    CliRun.Result run = CliRun.run("colorize", "--config", file.toString(), "--model",
        "baseline", "--input", in.toString(), "--output", dir.resolve("out-" + photos).toString());
    assertEquals(0, run.exit(), run.out() + run.err());
    Path index = dir.resolve("work-" + photos).resolve("colorize/report/index.html");
    assertTrue(run.out().contains("colorize colorize: report " + index), run.out());
    return index;
  }

  @Test
  void showsEachPhotoBesideItsOutputAndTheSkippedOnes() throws Exception {
    Path index = colorize(3);
    Document page = Jsoup.parse(index.toFile(), "UTF-8");
    List<Element> photos = page.select("figure.photo");
    assertEquals(3, photos.size());
    for (Element photo : photos) {
      List<String> sources = photo.select("img").eachAttr("src");
      assertEquals(2, sources.size(), photo.toString());
      for (String src : sources) {
        assertTrue(src.matches("images/\\d+-(in|out)\\.png"), src);
        BufferedImage thumbnail = ImageIO.read(index.resolveSibling(src).toFile());
        assertTrue(thumbnail.getWidth() <= 192 && thumbnail.getWidth() >= 190, src);
      }
    }
    assertTrue(page.select("#photos").text().contains("3 of 3 colorized photos"));
    assertTrue(page.select("#skipped").text().contains("broken.jpg"));
    // Names from disk are text.
    assertTrue(page.select("[onerror]").isEmpty());
    assertTrue(page.select("img[src=x]").isEmpty());
    assertTrue(page.select("#photos").text().contains("가족/" + CRAFTED));
    assertTrue(Files.readString(index, StandardCharsets.UTF_8)
        .contains("&lt;img src=x onerror=alert(1)&gt;.jpg"));
  }

  @Test
  void theSheetStopsAtItsLimitWhateverThePhotoCount() throws Exception {
    Path index = colorize(ColorizeSheet.MAX_PHOTOS + 5);
    Document page = Jsoup.parse(index.toFile(), "UTF-8");
    assertEquals(ColorizeSheet.MAX_PHOTOS, page.select("figure.photo").size());
    assertTrue(page.select("#photos").text().contains(ColorizeSheet.MAX_PHOTOS + " of "
        + (ColorizeSheet.MAX_PHOTOS + 5) + " colorized photos"));
    try (Stream<Path> files = Files.list(index.resolveSibling("images"))) {
      assertEquals(2 * ColorizeSheet.MAX_PHOTOS, files.count());
    }
  }
}
