package dev.colorize.metric.fid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FidAccumulatorTest {

  @TempDir Path dir;

  private static float[][] features(long seed, int n, int d) {
    Random random = new Random(seed);
    float[][] rows = new float[n][d];
    for (float[] row : rows) {
      for (int j = 0; j < d; j++) {
        row[j] = (float) random.nextGaussian() + j * 0.1f;
      }
    }
    return rows;
  }

  private List<String> files() throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void restoringTheCommittedCheckpointContinuesExactlyLikeAnUninterruptedRun() throws Exception {
    FidAccumulator uninterrupted = new FidAccumulator(dir.resolve("a"), 0, 0, 8, true);
    for (int chunk = 0; chunk < 4; chunk++) {
      uninterrupted.add(features(chunk, 4, 8), features(100 + chunk, 4, 8));
    }

    FidAccumulator first = new FidAccumulator(dir, 0, 0, 8, true);
    first.restore(0);
    first.add(features(0, 4, 8), features(100, 4, 8));
    first.save(4);
    first.add(features(1, 4, 8), features(101, 4, 8));
    first.save(8);
    assertEquals(List.of("fid-0-0-4.bin", "fid-0-0-8.bin"), files(),
        "the previous checkpoint stays until the next commit proves this one durable");
    first.add(features(2, 4, 8), features(102, 4, 8));
    first.save(12); // written, but the process dies before the context with 12 is committed
    assertEquals(List.of("fid-0-0-12.bin", "fid-0-0-8.bin"), files());
    Files.writeString(dir.resolve("fid-0-0-16.bin.tmp"), "half a file of a later kill");

    FidAccumulator resumed = new FidAccumulator(dir, 0, 0, 8, true);
    resumed.restore(8);
    assertEquals(List.of("fid-0-0-8.bin"), files(),
        "the uncommitted checkpoint and the temporary file are deleted");
    assertEquals(8, resumed.predictions().count());
    resumed.add(features(2, 4, 8), features(102, 4, 8));
    resumed.add(features(3, 4, 8), features(103, 4, 8));
    resumed.save(16);

    FidAccumulator.Checkpoint done = FidAccumulator.committed(dir, 0, 0);
    assertEquals(16, done.items());
    assertArrayEquals(uninterrupted.predictions().mean(), done.predictions().mean(), 0);
    assertArrayEquals(uninterrupted.truths().mean(), done.truths().mean(), 0);
    double[][] expected = uninterrupted.predictions().covariance();
    double[][] actual = done.predictions().covariance();
    for (int i = 0; i < 8; i++) {
      assertArrayEquals(expected[i], actual[i], 0, "covariance row " + i);
    }
  }

  @Test
  void stepsWithoutGroundTruthStoreOnlyPredictions() throws Exception {
    FidAccumulator acc = new FidAccumulator(dir, 1, 2, 4, false);
    acc.restore(0);
    acc.add(features(1, 3, 4), null);
    acc.save(3);
    FidAccumulator.Checkpoint loaded = FidAccumulator.committed(dir, 1, 2);
    assertNull(loaded.truths());
    assertEquals(3, loaded.predictions().count());
    assertNull(FidAccumulator.committed(dir, 1, 0), "no checkpoint of another step");
    assertNull(FidAccumulator.committed(dir.resolve("missing"), 0, 0));
  }

  @Test
  void stepsOfOtherModelsKeepTheirCheckpoints() throws Exception {
    new FidAccumulator(dir, 0, 1, 4, false).save(5);
    new FidAccumulator(dir, 0, 10, 4, false).save(7);
    FidAccumulator acc = new FidAccumulator(dir, 0, 1, 4, false);
    acc.restore(0);
    assertEquals(List.of("fid-0-10-7.bin"), files(), "a fresh start clears only its own step");
  }

  @Test
  void aMissingOrMismatchedCheckpointIsAClearError() throws Exception {
    FidAccumulator acc = new FidAccumulator(dir, 0, 0, 4, true);
    var missing = assertThrows(IOException.class, () -> acc.restore(8));
    assertTrue(missing.getMessage().contains("fid-0-0-8.bin of the 8 committed items is missing"),
        missing.getMessage());

    new FidAccumulator(dir, 0, 0, 6, true).save(8);
    var dimension = assertThrows(IOException.class, () -> acc.restore(8));
    assertTrue(dimension.getMessage().contains("holds 6-d features, this run extracts 4-d"),
        dimension.getMessage());

    new FidAccumulator(dir, 0, 0, 4, false).save(8);
    var truth = assertThrows(IOException.class, () -> acc.restore(8));
    assertTrue(truth.getMessage().endsWith("lacks ground-truth statistics"), truth.getMessage());

    Files.write(dir.resolve("fid-0-0-8.bin"), new byte[] {1, 2, 3});
    var corrupt = assertThrows(IOException.class, () -> acc.restore(8));
    assertTrue(corrupt.getMessage().startsWith("unreadable FID checkpoint"), corrupt.getMessage());

    new FidAccumulator(dir, 0, 0, 4, true).save(9);
    assertEquals(9, FidAccumulator.committed(dir, 0, 0).items(), "the highest count is the last"
        + " commit of a completed step");
  }
}
