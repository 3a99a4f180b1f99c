package dev.colorize.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionTreeTest {

  @TempDir Path dir;

  @Test
  void aPredictionMirrorsTheSamplesPathUnderDatasetAndModel() {
    PredictionTree tree = new PredictionTree(dir);
    assertEquals(dir.resolve("food/deoldify/김치/1.jpg.png"),
        tree.file("food", "deoldify", "김치/1.jpg"));
  }

  @Test
  void namesFromDiskCannotLeaveTheRoot() {
    PredictionTree tree = new PredictionTree(dir);
    Path file = tree.file("../up", "a\\b", "../../etc/passwd");
    assertEquals(dir.resolve(".._up/a_b/_/_/etc/passwd.png"), file);
    assertTrue(file.normalize().startsWith(dir));
    assertEquals(dir.resolve("_/m/_/x.png"), tree.file("", "m", "./x"));
  }

  @Test
  void deleteRemovesTheWholeTreeAndToleratesNone() throws IOException {
    PredictionTree tree = new PredictionTree(dir.resolve("predictions"));
    tree.delete();
    Path file = tree.file("d", "m", "a/b.jpg");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "png");
    tree.delete();
    assertFalse(Files.exists(dir.resolve("predictions")));
  }
}
