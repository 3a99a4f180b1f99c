package dev.colorize.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RunningStatsTest {

  @Test
  void matchesTwoPassMeanAndPopulationStd() {
    double[] values = new Random(7).doubles(1000, 10, 40).toArray();
    RunningStats stats = new RunningStats();
    for (double v : values) {
      stats.add(v);
    }
    double mean = java.util.Arrays.stream(values).average().orElseThrow();
    double var = java.util.Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum()
        / values.length;
    assertEquals(1000, stats.count());
    assertEquals(mean, stats.mean(), 1e-12);
    assertEquals(Math.sqrt(var), stats.std(), 1e-12);
  }

  @Test
  void mergeEqualsAddingEverything() {
    Random random = new Random(3);
    RunningStats all = new RunningStats();
    RunningStats left = new RunningStats();
    RunningStats right = new RunningStats();
    for (int i = 0; i < 500; i++) {
      double v = random.nextGaussian() * 5 + 20;
      all.add(v);
      (i < 123 ? left : right).add(v);
    }
    left.merge(right);
    assertEquals(all.count(), left.count());
    assertEquals(all.mean(), left.mean(), 1e-12);
    assertEquals(all.std(), left.std(), 1e-12);
  }

  @Test
  void nonFiniteValuesAreCountedApart() {
    RunningStats stats = new RunningStats();
    stats.add(Double.POSITIVE_INFINITY);
    assertTrue(Double.isNaN(stats.mean()), "no finite value yet");
    stats.add(30);
    stats.add(40);
    assertEquals(2, stats.count());
    assertEquals(1, stats.nonFiniteCount());
    assertEquals(35, stats.mean(), 0);
  }

  @Test
  void csvNumbersRoundTripAndSpellNonFiniteValues() {
    assertEquals("inf", CsvNumbers.format(Double.POSITIVE_INFINITY));
    assertEquals("nan", CsvNumbers.format(Double.NaN));
    assertEquals("31.25", CsvNumbers.format(31.25));
    assertEquals("0.123457", CsvNumbers.format(0.1234567));
    assertEquals(Double.POSITIVE_INFINITY, CsvNumbers.parse("inf"));
    assertEquals(12.5, CsvNumbers.parse(CsvNumbers.format(12.5)));
  }
}
