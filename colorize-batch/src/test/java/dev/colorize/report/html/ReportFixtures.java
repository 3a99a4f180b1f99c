package dev.colorize.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.colorize.cli.CliRun;
import dev.colorize.config.DatasetConfig;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/** A small folder dataset with hostile names, and evaluate run on it through the CLI. */
final class ReportFixtures {

  /** A file name that runs a script if the page pasted it into its HTML unescaped. */
  static final String CRAFTED = "<img src=x onerror=alert(1)>.jpg";
  static final String HANGUL_CLASS = "김치";

  private ReportFixtures() {}

  /**
   * Writes {@code perClass} JPEGs into each of two classes (one Hangul), the crafted file, and a
   * text file posing as an image (a skip).
   */
  static Path folderDataset(Path data, int perClass) throws IOException {
    for (int i = 0; i < perClass; i++) {
      writeJpeg(data.resolve(HANGUL_CLASS).resolve("img_" + i + ".jpg"), i);
      writeJpeg(data.resolve("street").resolve("img_" + i + ".jpg"), 1000 + i);
    }
    writeJpeg(data.resolve(HANGUL_CLASS).resolve(CRAFTED), 99);
    Files.writeString(data.resolve("street").resolve("<b>not an image.jpg"), "text");
    return data;
  }

  /** The configuration of an evaluate run of two gray models on {@code data}. */
  static RunConfiguration configuration(Path work, Path data, String saveImages) {
    RunConfiguration config = new RunConfiguration();
    config.workDirectory = work.toString();
    config.chunkSize = 4;
    config.saveImages = saveImages;
    config.datasets = new ArrayList<>(List.of(new DatasetConfig("photos", "folder",
        data.toString())));
    config.models = new ArrayList<>(List.of(new ModelConfig("gray", "gray"),
        new ModelConfig("gray-again", "gray")));
    return config;
  }

  /** Runs {@code colorize evaluate} on the configuration; returns what it printed. */
  static String evaluate(RunConfiguration config, Path configFile) throws IOException {
    config.write(configFile);
    CliRun.Result run = CliRun.run("evaluate", "--config", configFile.toString());
    assertEquals(0, run.exit(), run.out() + run.err());
    return run.out();
  }

  private static void writeJpeg(Path file, long seed) throws IOException {
    Files.createDirectories(file.getParent());
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.getHSBColor(random.nextFloat(), 0.7f, 0.8f));
    g.fillRect(0, 0, 96, 64);
    g.setColor(Color.getHSBColor(random.nextFloat(), 0.9f, 0.6f));
    g.fillOval(random.nextInt(48), random.nextInt(32), 40, 30);
    g.dispose();
    ImageIO.write(image, "jpg", file.toFile());
  }
}
