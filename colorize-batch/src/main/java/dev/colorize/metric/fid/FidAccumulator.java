package dev.colorize.metric.fid;

import dev.colorize.metric.FeatureStatistics;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The streamed FID statistics of one score step (dataset {@code d} x model {@code m}): features
 * of the predictions and, in the dataset's first model's step only, of the ground truth (the
 * reference every model of the dataset is compared with).
 *
 * <p>Restart-safe: {@link #save} writes both accumulators at every chunk commit to
 * {@code fid-<d>-<m>-<count>.bin}, {@code count} being the items the step has committed, and
 * {@link #restore} loads the file of the count a resumed step restored from its execution
 * context and deletes every other one. Files are written to a temporary name and moved into
 * place. {@link #save} keeps the previous checkpoint next to the new one, because the new one's
 * commit may still fail (a kill between the file and the execution context): the previous one is
 * what a resume then restores, and the new one, of a count the context never recorded, is
 * deleted. When the next chunk commits, the previous commit is known to have succeeded and older
 * files go. A resumed step therefore ends with exactly the statistics of an uninterrupted one,
 * and a completed step's checkpoint is its highest count ({@link #committed}).
 *
 * <p>File format: the predictions' {@link FeatureStatistics#writeTo} record, a byte (1 when
 * ground truth follows, else 0), then the ground truth's record. At 2048-d each record is
 * 16 MiB; it is rewritten at every commit, so larger chunks cost less.
 *
 * <p>Not thread-safe: one per step, used from the writer's thread.
 */
public final class FidAccumulator {

  private final Path directory;
  private final int dataset;
  private final int model;
  private final int dimension;
  private final boolean withTruth;
  private FeatureStatistics predictions;
  private FeatureStatistics truths;
  /** Count of the last checkpoint written or restored: possibly the committed one. */
  private long lastSaved = -1;

  /**
   * @param directory the run's part directory, where the checkpoints go
   * @param dataset   dataset index d
   * @param model     model index m
   * @param dimension feature length
   * @param withTruth whether this step also accumulates the dataset's ground truth
   */
  public FidAccumulator(Path directory, int dataset, int model, int dimension, boolean withTruth) {
    this.directory = directory;
    this.dataset = dataset;
    this.model = model;
    this.dimension = dimension;
    this.withTruth = withTruth;
    this.predictions = new FeatureStatistics(dimension);
    this.truths = withTruth ? new FeatureStatistics(dimension) : null;
  }

  /** Whether this step accumulates the ground truth. */
  public boolean withTruth() {
    return withTruth;
  }

  /** Feature length. */
  public int dimension() {
    return dimension;
  }

  /**
   * Adds one chunk's features. Call once the chunk's other writes have succeeded, so a chunk that
   * fails adds nothing.
   *
   * @param truthFeatures ground-truth features; ignored (may be null) when not {@link #withTruth}
   */
  public void add(float[][] predictionFeatures, float[][] truthFeatures) {
    predictions.add(predictionFeatures);
    if (withTruth) {
      truths.add(truthFeatures);
    }
  }

  /** The predictions' statistics so far. */
  public FeatureStatistics predictions() {
    return predictions;
  }

  /** The ground truth's statistics so far, or null when not {@link #withTruth}. */
  public FeatureStatistics truths() {
    return truths;
  }

  /** The checkpoint file of dataset {@code d} x model {@code m} after {@code count} items. */
  public static Path checkpoint(Path directory, int d, int m, long count) {
    return directory.resolve("fid-" + d + "-" + m + "-" + count + ".bin");
  }

  /**
   * Writes the statistics as the checkpoint of {@code committedItems}, then deletes the step's
   * checkpoints other than this one and the previous one (whose commit is then known to be
   * durable only once this one's is: see the class comment).
   */
  public void save(long committedItems) throws IOException {
    Files.createDirectories(directory);
    Path target = checkpoint(directory, dataset, model, committedItems);
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
      write(out, predictions, truths);
    }
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    deleteOthers(committedItems, lastSaved);
    lastSaved = committedItems;
  }

  /**
   * Loads the checkpoint of {@code committedItems} (empty statistics when 0 and none exists) and
   * deletes the step's other checkpoints, including those of chunks that were never committed.
   *
   * @throws IOException if {@code committedItems > 0} and its checkpoint is missing or unreadable,
   *     or its dimension or content does not fit this step
   */
  public void restore(long committedItems) throws IOException {
    Path file = checkpoint(directory, dataset, model, committedItems);
    if (Files.exists(file)) {
      Checkpoint loaded = read(file);
      if (loaded.predictions().dimension() != dimension) {
        throw new IOException("FID checkpoint " + file + " holds " + loaded.predictions()
            .dimension() + "-d features, this run extracts " + dimension + "-d ones");
      }
      if (withTruth != (loaded.truths() != null)) {
        throw new IOException("FID checkpoint " + file + (withTruth ? " lacks" : " has")
            + " ground-truth statistics");
      }
      predictions = loaded.predictions();
      truths = loaded.truths();
    } else if (committedItems > 0) {
      throw new IOException("FID checkpoint " + file + " of the " + committedItems
          + " committed items is missing; the work directory was changed by hand. Start again"
          + " with colorize.rerun=true");
    } else {
      predictions = new FeatureStatistics(dimension);
      truths = withTruth ? new FeatureStatistics(dimension) : null;
    }
    deleteOthers(committedItems, committedItems);
    lastSaved = committedItems;
  }

  /** A checkpoint's statistics; {@code truths} is null when the step had none. */
  public record Checkpoint(Path file, long items, FeatureStatistics predictions,
      FeatureStatistics truths) {}

  /**
   * The checkpoint a completed step left for dataset {@code d} x model {@code m}: the one of the
   * highest count (its last commit); null when there is none.
   *
   * @throws IOException if it is unreadable
   */
  public static Checkpoint committed(Path directory, int d, int m) throws IOException {
    Path last = null;
    for (Path file : checkpoints(directory, d, m)) {
      if (last == null || itemsOf(file) > itemsOf(last)) {
        last = file;
      }
    }
    return last == null ? null : read(last);
  }

  static Checkpoint read(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      FeatureStatistics predictions = FeatureStatistics.readFrom(in);
      int flag = in.read();
      FeatureStatistics truths = null;
      if (flag == 1) {
        truths = FeatureStatistics.readFrom(in);
      } else if (flag != 0) {
        throw new IOException("corrupt FID checkpoint " + file + ": ground-truth flag " + flag);
      }
      if (in.read() != -1) {
        throw new IOException("corrupt FID checkpoint " + file + ": bytes after the statistics");
      }
      return new Checkpoint(file, itemsOf(file), predictions, truths);
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains(file.toString())) {
        throw e;
      }
      throw new IOException("unreadable FID checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  private static void write(OutputStream out, FeatureStatistics predictions,
      FeatureStatistics truths) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    predictions.writeTo(data);
    data.writeByte(truths == null ? 0 : 1);
    if (truths != null) {
      truths.writeTo(data);
    }
    data.flush();
  }

  private void deleteOthers(long keep, long alsoKeep) throws IOException {
    if (!Files.isDirectory(directory)) {
      return;
    }
    for (Path file : checkpoints(directory, dataset, model)) {
      long items = itemsOf(file);
      if (items != keep && items != alsoKeep) {
        Files.deleteIfExists(file);
      }
    }
    // Temporary files of writes a kill interrupted.
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory,
        "fid-" + dataset + "-" + model + "-*.bin.tmp")) {
      for (Path file : stream) {
        Files.deleteIfExists(file);
      }
    }
  }

  private static List<Path> checkpoints(Path directory, int d, int m) throws IOException {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return files;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory,
        "fid-" + d + "-" + m + "-*.bin")) {
      for (Path file : stream) {
        if (itemsOf(file) >= 0) {
          files.add(file);
        }
      }
    }
    return files;
  }

  private static final Pattern NAME = Pattern.compile("fid-\\d+-\\d+-(\\d+)\\.bin");

  private static long itemsOf(Path file) {
    Matcher matcher = NAME.matcher(file.getFileName().toString());
    return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
  }
}
