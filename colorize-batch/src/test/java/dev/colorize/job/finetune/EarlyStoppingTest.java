package dev.colorize.job.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarlyStoppingTest {

  @TempDir Path work;

  private FinetuneSettings settings(int patience) {
    var c = FinetuneFixtures.configuration(work, "chromagan", 6);
    c.finetune.patience = patience;
    return FinetuneSettings.of(c);
  }

  @Test
  void stopsAfterPatienceEpochsWithoutAStrictlyBetterValue() {
    EarlyStopping early = new EarlyStopping(settings(2));
    assertTrue(early.record(10, 9.0));
    assertTrue(early.record(20, 8.0));
    assertFalse(early.record(30, 8.0)); // equal is not better
    assertFalse(early.exhausted());
    assertFalse(early.record(40, 8.5));
    assertTrue(early.exhausted());
    assertEquals(8.0, early.best());
    assertEquals(20, early.bestStep());
  }

  @Test
  void replayingValidationCsvUpToTheCheckpointRebuildsTheSameDecision() throws Exception {
    Path csv = work.resolve("validation.csv");
    Files.write(csv, List.of("step,epoch,psnr,ssim,colorfulness_delta,delta_e2000",
        "10,1,20,0.5,-3,9", "20,2,21,0.6,-2,8", "30,3,21,0.6,-2,8.2", "40,4,21,0.6,-2,8.3"));
    EarlyStopping upTo30 = new EarlyStopping(settings(2)).replay(csv, 30);
    assertFalse(upTo30.exhausted());
    assertEquals(20, upTo30.bestStep());
    EarlyStopping all = new EarlyStopping(settings(2)).replay(csv, 40);
    assertTrue(all.exhausted());
    assertFalse(new EarlyStopping(settings(0)).replay(csv, 40).exhausted(), "0 = never stop");
  }
}
