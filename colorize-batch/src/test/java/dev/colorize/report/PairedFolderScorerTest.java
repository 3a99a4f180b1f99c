package dev.colorize.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.parallel.Workers;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairedFolderScorerTest {

  @TempDir Path dir;

  private static void write(Path file, String format, Color background, Color disc) throws Exception {
    Files.createDirectories(file.getParent());
    BufferedImage image = new BufferedImage(80, 60, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(background);
    g.fillRect(0, 0, 80, 60);
    g.setColor(disc);
    g.fillOval(10, 10, 40, 30);
    g.dispose();
    ImageIO.write(image, format, file.toFile());
  }

  @Test
  void matchesByRelativePathAcrossExtensionsAndListsWhatItCannotScore() throws Exception {
    Path truth = dir.resolve("truth");
    Path pred = dir.resolve("pred");
    write(truth.resolve("음식/a.png"), "png", Color.ORANGE, Color.BLUE);
    write(pred.resolve("음식/a.png"), "png", Color.ORANGE, Color.BLUE); // identical
    write(truth.resolve("b.jpg"), "jpg", Color.GREEN, Color.RED);
    write(pred.resolve("b.png"), "png", Color.GRAY, Color.DARK_GRAY); // other extension, gray
    write(pred.resolve("orphan.png"), "png", Color.RED, Color.RED);
    Files.writeString(pred.resolve("broken.png"), "not an image");
    write(truth.resolve("broken.png"), "png", Color.RED, Color.BLUE);
    Path out = dir.resolve("out/scores.csv");

    PairedFolderScorer.Result result;
    try (Workers workers = new Workers(2)) {
      result = new PairedFolderScorer(64, workers).run(truth, pred, out);
    }

    assertEquals(2, result.scored());
    assertEquals(2, result.skipped());
    List<List<String>> rows = Files.readAllLines(out).stream().map(CsvLine::parse).toList();
    assertEquals("id", rows.get(0).get(0));
    assertEquals("b.png", rows.get(1).get(0));
    assertEquals("음식/a.png", rows.get(2).get(0));
    assertEquals("inf", rows.get(2).get(1), "identical lossless images: infinite PSNR");
    assertTrue(Double.parseDouble(rows.get(1).get(1)) < 30, "gray prediction of a colour truth");
    assertEquals("0", rows.get(1).get(3), "a gray prediction has no colourfulness");
    List<String> mean = rows.get(3);
    assertEquals("mean", mean.get(0));
    assertEquals(rows.get(1).get(1), mean.get(1), "the mean leaves out the infinite PSNR");

    List<String> skipped = Files.readAllLines(dir.resolve("out/scores-skipped.csv"));
    assertEquals(3, skipped.size());
    assertTrue(skipped.get(1).startsWith("broken.png,") && skipped.get(1).contains("NOT_AN_IMAGE"),
        skipped.get(1));
    assertTrue(skipped.get(2).startsWith("orphan.png,") && skipped.get(2).contains("MISSING_TRUTH"),
        skipped.get(2));
  }
}
