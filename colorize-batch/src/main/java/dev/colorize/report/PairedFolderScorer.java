package dev.colorize.report;

import dev.colorize.dataset.DatasetFormat;
import dev.colorize.dataset.DatasetReader;
import dev.colorize.dataset.DatasetReaders;
import dev.colorize.dataset.DatasetSpec;
import dev.colorize.dataset.Sample;
import dev.colorize.image.GrayscaleRule;
import dev.colorize.image.ImageRejectedException;
import dev.colorize.image.PairPreparer;
import dev.colorize.image.PrepareOptions;
import dev.colorize.image.PreparedPair;
import dev.colorize.image.ResizePolicy;
import dev.colorize.parallel.Workers;
import dev.colorize.metric.ImageScorer;
import dev.colorize.metric.ImageScores;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores every predicted image of a folder against the ground-truth image at the same relative
 * path (the {@code score} command): output of any external tool, same metrics as colorize's jobs.
 *
 * <p>Both sides are brought to {@code size x size} (used as they are when already that size,
 * stretched otherwise); the ground truth goes through the same Lab round trip as colorize's own
 * pairs. A prediction whose truth is missing, unreadable or gray is listed with its reason and the
 * run goes on.
 */
public final class PairedFolderScorer {

  /** Images scored per parallel batch; bounds memory whatever the folder's size. */
  private static final int BATCH = 32;

  /** Summary of a run. */
  public record Result(long scored, long skipped, Path scores, Path skippedFile) {}

  private record Pair(Sample pred, Path truth) {}

  private record Outcome(String id, String path, ImageScores scores, String reason) {}

  private final int size;
  private final Workers workers;

  public PairedFolderScorer(int size, Workers workers) {
    this.size = size;
    this.workers = workers;
  }

  /**
   * Scores {@code predDir} against {@code truthDir}, writing {@code out} (one row per image and a
   * {@code mean} row) and, beside it, {@code <out>-skipped.csv}.
   */
  public Result run(Path truthDir, Path predDir, Path out) throws Exception {
    Path skippedFile = siblingWithSuffix(out, "-skipped.csv");
    PrepareOptions truthOptions = PrepareOptions.defaults().withSize(size)
        .withPolicy(ResizePolicy.STRETCH);
    PrepareOptions predOptions = truthOptions.withGrayscale(GrayscaleRule.OFF);
    List<String> metrics = ImageScores.COLUMNS;
    RunningStats[] means = new RunningStats[metrics.size()];
    for (int i = 0; i < means.length; i++) {
      means[i] = new RunningStats();
    }
    long scored = 0;
    long skipped = 0;
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    DatasetSpec spec = DatasetSpec.of("pred", DatasetFormat.FOLDER, predDir);
    CounterpartFinder finder = new CounterpartFinder(truthDir);
    try (DatasetReader reader = DatasetReaders.open(spec, issue -> { });
        BufferedWriter scores = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
        BufferedWriter skips = Files.newBufferedWriter(skippedFile, StandardCharsets.UTF_8)) {
      List<String> header = new ArrayList<>(List.of("id"));
      header.addAll(metrics);
      writeLine(scores, header);
      writeLine(skips, List.of("id", "path", "reason"));
      List<Pair> batch = new ArrayList<>(BATCH);
      while (reader.hasNext() || !batch.isEmpty()) {
        if (reader.hasNext() && batch.size() < BATCH) {
          Sample s = reader.next();
          batch.add(new Pair(s, finder.find(s.id())));
          continue;
        }
        for (Outcome o : workers.map(batch, p -> score(p, truthOptions, predOptions))) {
          if (o.scores != null) {
            List<Object> row = new ArrayList<>(List.of(o.id));
            double[] values = o.scores.values();
            for (int m = 0; m < values.length; m++) {
              row.add(CsvNumbers.format(values[m]));
              means[m].add(values[m]);
            }
            writeLine(scores, row);
            scored++;
          } else {
            writeLine(skips, List.of(o.id, o.path, o.reason));
            skipped++;
          }
        }
        batch.clear();
      }
      List<Object> mean = new ArrayList<>(List.of("mean"));
      for (RunningStats m : means) {
        mean.add(CsvNumbers.format(m.mean()));
      }
      writeLine(scores, mean);
    }
    return new Result(scored, skipped, out, skippedFile);
  }

  private Outcome score(Pair p, PrepareOptions truthOptions, PrepareOptions predOptions) {
    String id = p.pred.id();
    if (p.truth == null) {
      return new Outcome(id, p.pred.path().toString(), null,
          "MISSING_TRUTH: no ground-truth image at " + id + " (any image extension)");
    }
    try {
      PreparedPair pred = PairPreparer.prepare(Files.readAllBytes(p.pred.path()),
          p.pred.path().toString(), null, predOptions);
      PreparedPair truth = PairPreparer.prepare(Files.readAllBytes(p.truth),
          p.truth.toString(), null, truthOptions);
      return new Outcome(id, p.pred.path().toString(),
          ImageScorer.score(pred.resized(), truth.truth()), null);
    } catch (ImageRejectedException e) {
      return new Outcome(id, e.source(), null, e.reason() + ": " + oneLine(e.detail()));
    } catch (IOException | UncheckedIOException e) {
      return new Outcome(id, p.pred.path().toString(), null, "UNREADABLE: " + oneLine(
          e.getMessage()));
    }
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("[\\r\\n]+", " ").strip();
  }

  private static void writeLine(BufferedWriter out, List<?> values) throws IOException {
    out.write(CsvLine.of(values));
    out.newLine();
  }

  private static Path siblingWithSuffix(Path out, String suffix) {
    String name = out.getFileName().toString();
    String stem = name.toLowerCase(Locale.ROOT).endsWith(".csv")
        ? name.substring(0, name.length() - 4) : name;
    return out.resolveSibling(stem + suffix);
  }

  /**
   * Finds the ground truth for a prediction id: the same relative path, or the same path with
   * another image extension (predictions are often PNG of JPEG sources). Lists one truth folder
   * at a time, the one the sorted walk is in, so memory stays bounded.
   */
  static final class CounterpartFinder {
    private final Path root;
    private Path listedDir;
    private Map<String, Path> byStem = Map.of();

    CounterpartFinder(Path root) {
      this.root = root;
    }

    Path find(String id) throws IOException {
      Path direct = root.resolve(id);
      if (Files.isRegularFile(direct)) {
        return direct;
      }
      Path dir = direct.getParent();
      if (dir == null || !Files.isDirectory(dir)) {
        return null;
      }
      if (!dir.equals(listedDir)) {
        Map<String, Path> stems = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
          for (Path entry : entries) {
            if (Files.isRegularFile(entry)) {
              stems.putIfAbsent(stem(entry.getFileName().toString()), entry);
            }
          }
        }
        listedDir = dir;
        byStem = stems;
      }
      return byStem.get(stem(direct.getFileName().toString()));
    }

    private static String stem(String name) {
      String nfc = Normalizer.normalize(name, Normalizer.Form.NFC);
      int dot = nfc.lastIndexOf('.');
      return dot <= 0 ? nfc : nfc.substring(0, dot);
    }
  }
}
