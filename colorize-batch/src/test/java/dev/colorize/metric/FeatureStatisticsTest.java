package dev.colorize.metric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureStatisticsTest {

  @Test
  void meanAndCovarianceEqualTwoPassComputation() {
    double[][] x = randomFeatures(300, 9, 11, 5.0);
    FeatureStatistics stats = new FeatureStatistics(9);
    for (double[] row : x) {
      stats.add(row);
    }
    double[] mean = new double[9];
    for (double[] row : x) {
      for (int i = 0; i < 9; i++) {
        mean[i] += row[i] / x.length;
      }
    }
    assertEquals(300, stats.count());
    assertArrayEquals(mean, stats.mean(), 1e-12);
    double[][] cov = stats.covariance();
    for (int i = 0; i < 9; i++) {
      for (int j = 0; j < 9; j++) {
        double expected = 0;
        for (double[] row : x) {
          expected += (row[i] - mean[i]) * (row[j] - mean[j]);
        }
        expected /= x.length - 1;
        assertEquals(expected, cov[i][j], 1e-10, "cov[" + i + "][" + j + "]");
        assertEquals(cov[i][j], cov[j][i]);
      }
    }
  }

  @Test
  void covarianceTraceMatchesNumpyCov() {
    for (Map<String, String> row : ReferenceData.csv("fid/fid.csv")) {
      FeatureStatistics a = load(row.get("features_a"));
      double trace = 0;
      double[][] cov = a.covariance();
      for (int i = 0; i < cov.length; i++) {
        trace += cov[i][i];
      }
      double expected = Double.parseDouble(row.get("trace_a"));
      assertEquals(expected, trace, 1e-12 * expected, row.get("case"));
    }
  }

  @Test
  void mergeOfPartsEqualsAddingAll() {
    double[][] x = randomFeatures(257, 12, 3, 0.5);
    FeatureStatistics all = new FeatureStatistics(12);
    for (double[] row : x) {
      all.add(row);
    }
    FeatureStatistics merged = new FeatureStatistics(12);
    for (int start = 0; start < x.length; start += 50) {
      FeatureStatistics part = new FeatureStatistics(12);
      for (double[] row : Arrays.copyOfRange(x, start, Math.min(x.length, start + 50))) {
        part.add(row);
      }
      merged.merge(part);
    }
    merged.merge(new FeatureStatistics(12)); // an empty partition changes nothing
    assertEquals(all.count(), merged.count());
    assertArrayEquals(all.mean(), merged.mean(), 1e-12);
    assertMatrixEquals(all.covariance(), merged.covariance(), 1e-12);
  }

  @Test
  void batchAddEqualsSingleAdds() {
    double[][] x = randomFeatures(40, 7, 5, 1.0);
    float[][] batch = new float[x.length][7];
    FeatureStatistics single = new FeatureStatistics(7);
    for (int k = 0; k < x.length; k++) {
      double[] asFloat = new double[7];
      for (int i = 0; i < 7; i++) {
        batch[k][i] = (float) x[k][i];
        asFloat[i] = batch[k][i];
      }
      single.add(asFloat);
    }
    FeatureStatistics batched = new FeatureStatistics(7);
    batched.add(Arrays.copyOfRange(batch, 0, 15));
    batched.add(Arrays.copyOfRange(batch, 15, 40));
    assertEquals(40, batched.count());
    assertArrayEquals(single.mean(), batched.mean(), 1e-12);
    assertMatrixEquals(single.covariance(), batched.covariance(), 1e-12);
  }

  @Test
  void serialisationRoundTripIsExact(@TempDir Path dir) throws IOException {
    FeatureStatistics stats = new FeatureStatistics(10);
    for (double[] row : randomFeatures(33, 10, 8, 2.0)) {
      stats.add(row);
    }
    Path file = dir.resolve("stats.bin");
    try (var out = Files.newOutputStream(file)) {
      stats.writeTo(out);
    }
    assertEquals(4 + 4 + 4 + 8 + 8 * 10 + 8 * 55, Files.size(file));
    FeatureStatistics read;
    try (InputStream in = Files.newInputStream(file)) {
      read = FeatureStatistics.readFrom(in);
    }
    assertEquals(10, read.dimension());
    assertEquals(33, read.count());
    assertArrayEquals(stats.mean(), read.mean(), 0.0);
    assertMatrixEquals(stats.covariance(), read.covariance(), 0.0);
    // Restart semantics: keep adding after reading.
    double[] more = randomFeatures(1, 10, 9, 1.0)[0];
    stats.add(more);
    read.add(more);
    assertMatrixEquals(stats.covariance(), read.covariance(), 0.0);
  }

  @Test
  void readsExactlyItsOwnBytes() throws IOException {
    FeatureStatistics a = new FeatureStatistics(3);
    a.add(new double[] {1, 2, 3});
    FeatureStatistics b = new FeatureStatistics(5);
    b.add(new double[] {1, 2, 3, 4, 5});
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    a.writeTo(bytes);
    b.writeTo(bytes);
    InputStream in = new ByteArrayInputStream(bytes.toByteArray());
    assertEquals(3, FeatureStatistics.readFrom(in).dimension());
    assertEquals(5, FeatureStatistics.readFrom(in).dimension());
    assertEquals(-1, in.read());
  }

  @Test
  void corruptStreamsAreRejectedWithTheReason() throws IOException {
    IOException magic = assertThrows(IOException.class,
        () -> FeatureStatistics.readFrom(new ByteArrayInputStream(header(0x12345678, 1, 4, 1))));
    assertTrue(magic.getMessage().contains("0x12345678"), magic.getMessage());

    IOException version = assertThrows(IOException.class,
        () -> FeatureStatistics.readFrom(new ByteArrayInputStream(header(0x43465354, 7, 4, 1))));
    assertTrue(version.getMessage().contains("version 7"), version.getMessage());

    IOException dimension = assertThrows(IOException.class,
        () -> FeatureStatistics.readFrom(new ByteArrayInputStream(header(0x43465354, 1, -3, 1))));
    assertTrue(dimension.getMessage().contains("-3"), dimension.getMessage());

    IOException count = assertThrows(IOException.class,
        () -> FeatureStatistics.readFrom(new ByteArrayInputStream(header(0x43465354, 1, 4, -9))));
    assertTrue(count.getMessage().contains("-9"), count.getMessage());

    FeatureStatistics stats = new FeatureStatistics(4);
    stats.add(new double[] {1, 2, 3, 4});
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    stats.writeTo(bytes);
    byte[] truncated = Arrays.copyOf(bytes.toByteArray(), bytes.size() - 5);
    EOFException eof = assertThrows(EOFException.class,
        () -> FeatureStatistics.readFrom(new ByteArrayInputStream(truncated)));
    assertTrue(eof.getMessage().contains("ends early"), eof.getMessage());
  }

  @Test
  void wrongLengthOrNonFiniteVectorsAreRejectedAndChangeNothing() {
    FeatureStatistics stats = new FeatureStatistics(3);
    stats.add(new double[] {1, 1, 1});
    MetricInputException length =
        assertThrows(MetricInputException.class, () -> stats.add(new double[] {1, 2}));
    assertTrue(length.getMessage().contains("length 2, expected 3"), length.getMessage());
    MetricInputException nan = assertThrows(MetricInputException.class,
        () -> stats.add(new double[] {1, Double.NaN, 3}));
    assertTrue(nan.getMessage().contains("NaN at index 1"), nan.getMessage());
    MetricInputException batchRow = assertThrows(MetricInputException.class,
        () -> stats.add(new float[][] {{1, 2, 3}, {1, Float.POSITIVE_INFINITY, 3}}));
    assertTrue(batchRow.getMessage().contains("batch row 1"), batchRow.getMessage());
    assertTrue(batchRow.getMessage().contains("Infinity at index 1"), batchRow.getMessage());
    MetricInputException nullRow = assertThrows(MetricInputException.class,
        () -> stats.add(new float[][] {{1, 2, 3}, null}));
    assertTrue(nullRow.getMessage().contains("batch row 1 is null"), nullRow.getMessage());
    assertEquals(1, stats.count());
    assertArrayEquals(new double[] {1, 1, 1}, stats.mean(), 0.0);
  }

  @Test
  void mergingDifferentDimensionsIsRejected() {
    MetricInputException e = assertThrows(MetricInputException.class,
        () -> new FeatureStatistics(4).merge(new FeatureStatistics(5)));
    assertTrue(e.getMessage().contains("dimension 5 into dimension 4"), e.getMessage());
  }

  @Test
  void invalidDimensionIsRejected() {
    MetricInputException e =
        assertThrows(MetricInputException.class, () -> new FeatureStatistics(0));
    assertTrue(e.getMessage().contains("got 0"), e.getMessage());
  }

  @Test
  void tooFewVectorsForMeanOrCovariance() {
    FeatureStatistics stats = new FeatureStatistics(2);
    assertThrows(IllegalStateException.class, stats::mean);
    stats.add(new double[] {1, 2});
    assertArrayEquals(new double[] {1, 2}, stats.mean(), 0.0);
    IllegalStateException e = assertThrows(IllegalStateException.class, stats::covariance);
    assertTrue(e.getMessage().contains("have 1"), e.getMessage());
  }

  /** Loads a committed feature matrix into statistics, as a model's batches would arrive. */
  static FeatureStatistics load(String file) {
    double[][] x = ReferenceData.matrix("fid/" + file);
    FeatureStatistics stats = new FeatureStatistics(x[0].length);
    for (double[] row : x) {
      stats.add(row);
    }
    return stats;
  }

  private static double[][] randomFeatures(int n, int d, long seed, double offset) {
    Random random = new Random(seed);
    double[][] x = new double[n][d];
    for (double[] row : x) {
      for (int i = 0; i < d; i++) {
        row[i] = offset + random.nextGaussian() * (1 + i % 3);
      }
      row[d - 1] += 0.5 * row[0]; // some correlation
    }
    return x;
  }

  private static byte[] header(int magic, int version, int dimension, long count)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(magic);
    out.writeInt(version);
    out.writeInt(dimension);
    out.writeLong(count);
    return bytes.toByteArray();
  }

  static void assertMatrixEquals(double[][] expected, double[][] actual, double tolerance) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[i].length; j++) {
        double scale = Math.max(1, Math.abs(expected[i][j]));
        assertEquals(expected[i][j], actual[i][j], tolerance * scale, "[" + i + "][" + j + "]");
      }
    }
  }
}
