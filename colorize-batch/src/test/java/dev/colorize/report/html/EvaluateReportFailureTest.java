package dev.colorize.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.cli.CliRun;
import dev.colorize.config.DatasetConfig;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A report that cannot be written costs one warning line, not the run or its CSVs. */
class EvaluateReportFailureTest {

  @TempDir Path dir;

  @Test
  void aReportFolderThatCannotBeCreatedLeavesTheCsvsAndTheRunSucceeds() throws Exception {
    Path data = dir.resolve("data").resolve("street");
    Files.createDirectories(data);
    for (int i = 0; i < 2; i++) {
      BufferedImage image = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
      image.setRGB(i, i, 0xff0000);
      image.setRGB(5, 7, 0x00ff00);
      ImageIO.write(image, "png", data.resolve("img_" + i + ".png").toFile());
    }
    RunConfiguration config = new RunConfiguration();
    config.workDirectory = dir.resolve("work").toString();
    config.datasets = new ArrayList<>(List.of(new DatasetConfig("photos", "folder",
        dir.resolve("data").toString())));
    config.models = new ArrayList<>(List.of(new ModelConfig("gray", "gray")));
    Path file = dir.resolve("config.json");
    config.write(file);
    Path evaluate = dir.resolve("work").resolve("evaluate");
    Files.createDirectories(evaluate);
    Files.writeString(evaluate.resolve("report"), "a file where the report folder would go");

    CliRun.Result run = CliRun.run("evaluate", "--config", file.toString());
    String out = run.out();

    assertEquals(0, run.exit(), out + run.err());
    assertEquals(1, out.lines().filter(l -> l.contains("the HTML report was not written"))
        .count(), out);
    assertTrue(Files.exists(evaluate.resolve("summary.csv")));
    assertTrue(Files.exists(evaluate.resolve("scores.csv")));
    assertTrue(Files.exists(evaluate.resolve("run.json")));
  }
}
