package dev.colorize.metric;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Streaming, mergeable first and second moments of d-dimensional feature vectors, for the
 * Frechet distance (FID): the count, the sum and the sum of outer products, all in double. The
 * feature vectors themselves are never kept, so memory is {@code O(d^2)} whatever the number of
 * images (2048-d Inception features: 16 MiB).
 *
 * <p>{@link #mean()} is {@code numpy.mean(x, axis=0)}; {@link #covariance()} is the unbiased
 * {@code numpy.cov(x, rowvar=False)} ({@code n - 1} denominator), as pytorch-fid and clean-fid
 * compute them. Computing it from raw sums loses about {@code log10(mean^2 / variance)} digits
 * to cancellation, negligible for Inception pool features (means and deviations of similar
 * size).
 *
 * <p>Statistics of disjoint parts (partitions, restarted chunks) {@link #merge} into the
 * statistics of the whole. {@link #writeTo} / {@link #readFrom} persist them for restartable jobs.
 * Binary format (big-endian, {@link java.io.DataOutput} conventions): int magic
 * {@code 0x43465354} ("CFST"), int version (1), int dimension d, long count, d doubles sum,
 * {@code d (d + 1) / 2} doubles upper triangle of the outer-product sum, row by row.
 *
 * <p>Not thread-safe: use one instance per thread and merge.
 */
public final class FeatureStatistics {

  private static final int MAGIC = 0x43465354;
  private static final int VERSION = 1;
  /** Guards against corrupt headers; 65536-d features would already need 16 GiB. */
  private static final int MAX_DIMENSION = 1 << 15;
  private static final int IO_CHUNK_DOUBLES = 8192;

  private final int dimension;
  private long count;
  private final double[] sum;
  /** Upper triangle (j >= i) of sum(x x^T), packed row by row. */
  private final double[] outer;
  /** Index in {@link #outer} of element (i, i); element (i, j) is at rowStart[i] + j - i. */
  private final int[] rowStart;

  /**
   * Empty statistics of {@code dimension}-dimensional vectors.
   *
   * @throws MetricInputException if dimension is not in 1..32768
   */
  public FeatureStatistics(int dimension) {
    if (dimension < 1 || dimension > MAX_DIMENSION) {
      throw new MetricInputException(
          "feature statistics: dimension must be in 1.." + MAX_DIMENSION + ", got " + dimension);
    }
    this.dimension = dimension;
    this.sum = new double[dimension];
    this.outer = new double[packedSize(dimension)];
    this.rowStart = new int[dimension];
    for (int i = 0, start = 0; i < dimension; i++) {
      rowStart[i] = start;
      start += dimension - i;
    }
  }

  /** The feature dimension d. */
  public int dimension() {
    return dimension;
  }

  /** Number of vectors added (or merged in). */
  public long count() {
    return count;
  }

  /**
   * Adds one feature vector.
   *
   * @throws MetricInputException if its length is not {@link #dimension()} or a value is NaN or
   *     infinite (the statistics are then unchanged)
   */
  public void add(double[] features) {
    checkVector(features, -1);
    for (int i = 0; i < dimension; i++) {
      double xi = features[i];
      sum[i] += xi;
      int base = rowStart[i] - i;
      for (int j = i; j < dimension; j++) {
        outer[base + j] += xi * features[j];
      }
    }
    count++;
  }

  /**
   * Adds a batch of feature vectors, one per row (as a model's {@code [batch, d]} output).
   *
   * @throws MetricInputException if a row has the wrong length or a non-finite value; the whole
   *     batch is checked first, so on error nothing is added
   */
  public void add(float[][] batch) {
    Objects.requireNonNull(batch, "feature statistics: batch is null");
    for (int k = 0; k < batch.length; k++) {
      checkVector(batch[k], k);
    }
    // Widen once so the inner loop is a pure double multiply-add the JIT can vectorise.
    double[][] rows = new double[batch.length][dimension];
    for (int k = 0; k < batch.length; k++) {
      for (int j = 0; j < dimension; j++) {
        rows[k][j] = batch[k][j];
      }
    }
    // Row i of the triangle stays in cache while every vector of the batch updates it.
    for (int i = 0; i < dimension; i++) {
      int base = rowStart[i] - i;
      double rowSum = 0;
      for (double[] x : rows) {
        double xi = x[i];
        rowSum += xi;
        for (int j = i; j < dimension; j++) {
          outer[base + j] += xi * x[j];
        }
      }
      sum[i] += rowSum;
    }
    count += batch.length;
  }

  /**
   * Adds another accumulator's vectors to this one (the other is unchanged).
   *
   * @throws MetricInputException if the dimensions differ
   */
  public void merge(FeatureStatistics other) {
    Objects.requireNonNull(other, "feature statistics: merged statistics are null");
    if (other.dimension != dimension) {
      throw new MetricInputException("feature statistics: cannot merge dimension "
          + other.dimension + " into dimension " + dimension);
    }
    for (int i = 0; i < dimension; i++) {
      sum[i] += other.sum[i];
    }
    for (int i = 0; i < outer.length; i++) {
      outer[i] += other.outer[i];
    }
    count += other.count;
  }

  /**
   * The mean vector.
   *
   * @throws IllegalStateException if no vector was added
   */
  public double[] mean() {
    if (count < 1) {
      throw new IllegalStateException("feature statistics: mean of 0 vectors is undefined");
    }
    double[] mean = new double[dimension];
    for (int i = 0; i < dimension; i++) {
      mean[i] = sum[i] / count;
    }
    return mean;
  }

  /**
   * The unbiased covariance matrix (d x d, symmetric), like {@code numpy.cov(x, rowvar=False)}.
   *
   * @throws IllegalStateException if fewer than 2 vectors were added
   */
  public double[][] covariance() {
    if (count < 2) {
      throw new IllegalStateException(
          "feature statistics: covariance needs at least 2 vectors, have " + count);
    }
    double n = count;
    double[][] cov = new double[dimension][dimension];
    for (int i = 0; i < dimension; i++) {
      int base = rowStart[i] - i;
      for (int j = i; j < dimension; j++) {
        double v = (outer[base + j] - sum[i] * sum[j] / n) / (n - 1);
        cov[i][j] = v;
        cov[j][i] = v;
      }
    }
    return cov;
  }

  /**
   * Writes these statistics in the binary format described above; does not close {@code out}.
   */
  public void writeTo(OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(MAGIC);
    data.writeInt(VERSION);
    data.writeInt(dimension);
    data.writeLong(count);
    writeDoubles(data, sum);
    writeDoubles(data, outer);
    data.flush();
  }

  /**
   * Reads statistics written by {@link #writeTo}; reads exactly their bytes, no further.
   *
   * @throws IOException if the stream is not such statistics (magic, version, dimension, count
   *     or values invalid) or ends early
   */
  public static FeatureStatistics readFrom(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    try {
      int magic = data.readInt();
      if (magic != MAGIC) {
        throw new IOException(String.format(
            "not feature statistics: magic 0x%08x, expected 0x%08x", magic, MAGIC));
      }
      int version = data.readInt();
      if (version != VERSION) {
        throw new IOException("feature statistics: unsupported format version " + version
            + ", this build reads version " + VERSION);
      }
      int dimension = data.readInt();
      if (dimension < 1 || dimension > MAX_DIMENSION) {
        throw new IOException("feature statistics: corrupt dimension " + dimension);
      }
      long count = data.readLong();
      if (count < 0) {
        throw new IOException("feature statistics: corrupt count " + count);
      }
      FeatureStatistics stats = new FeatureStatistics(dimension);
      stats.count = count;
      readDoubles(data, stats.sum);
      readDoubles(data, stats.outer);
      for (double[] values : new double[][] {stats.sum, stats.outer}) {
        for (double v : values) {
          if (!Double.isFinite(v)) {
            throw new IOException("feature statistics: corrupt non-finite value " + v);
          }
        }
      }
      return stats;
    } catch (EOFException e) {
      EOFException truncated = new EOFException("feature statistics: stream ends early");
      truncated.initCause(e);
      throw truncated;
    }
  }

  private void checkVector(double[] vector, int row) {
    checkLength(vector == null ? -1 : vector.length, row);
    for (int i = 0; i < vector.length; i++) {
      checkFinite(vector[i], i, row);
    }
  }

  private void checkVector(float[] vector, int row) {
    checkLength(vector == null ? -1 : vector.length, row);
    for (int i = 0; i < vector.length; i++) {
      checkFinite(vector[i], i, row);
    }
  }

  private void checkLength(int length, int row) {
    if (length < 0) {
      throw new MetricInputException("feature statistics: " + describe(row) + " is null");
    }
    if (length != dimension) {
      throw new MetricInputException("feature statistics: " + describe(row) + " has length "
          + length + ", expected " + dimension);
    }
  }

  private static void checkFinite(double value, int index, int row) {
    if (!Double.isFinite(value)) {
      throw new MetricInputException("feature statistics: " + describe(row)
          + " has non-finite value " + value + " at index " + index);
    }
  }

  private static String describe(int row) {
    return row < 0 ? "feature vector" : "feature vector at batch row " + row;
  }

  private static int packedSize(int d) {
    return (int) ((long) d * (d + 1) / 2);
  }

  private static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(8 * Math.min(values.length, IO_CHUNK_DOUBLES));
    for (int from = 0; from < values.length; from += IO_CHUNK_DOUBLES) {
      int to = Math.min(values.length, from + IO_CHUNK_DOUBLES);
      buffer.clear();
      buffer.asDoubleBuffer().put(values, from, to - from);
      out.write(buffer.array(), 0, 8 * (to - from));
    }
  }

  private static void readDoubles(DataInputStream in, double[] values) throws IOException {
    byte[] bytes = new byte[8 * Math.min(values.length, IO_CHUNK_DOUBLES)];
    for (int from = 0; from < values.length; from += IO_CHUNK_DOUBLES) {
      int to = Math.min(values.length, from + IO_CHUNK_DOUBLES);
      in.readFully(bytes, 0, 8 * (to - from));
      ByteBuffer.wrap(bytes, 0, 8 * (to - from)).asDoubleBuffer().get(values, from, to - from);
    }
  }
}
