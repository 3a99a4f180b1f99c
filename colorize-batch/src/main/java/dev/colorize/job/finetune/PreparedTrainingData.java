package dev.colorize.job.finetune;

import dev.colorize.image.Box;
import dev.colorize.image.PrepareOptions;
import dev.colorize.image.PreparedGeometry;
import dev.colorize.image.PreparedPair;
import dev.colorize.image.PreparedPairCache;
import dev.colorize.job.prepare.PreparedSample;
import dev.colorize.train.TrainingData;
import dev.colorize.train.TrainingSample;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Training samples read from a prepare step's prepared list: each accepted sample's pair is
 * loaded from the prepared-pair cache (at the training size) and becomes a {@link TrainingSample}
 * with its class index and its instance boxes mapped into the prepared image. Samples are kept in
 * memory while they fit in a quarter of the heap, otherwise re-read from the cache on each use
 * (both give the same values, so training stays deterministic).
 */
final class PreparedTrainingData implements TrainingData {

  private final List<PreparedSample> samples;
  private final PreparedPairCache cache;
  private final PrepareOptions options;
  private final Map<String, Integer> classes;
  private final TrainingSample[] kept;

  /**
   * @param samples accepted samples, in prepared-list order
   * @param cache the prepared-pair cache
   * @param options preparation at the training size
   * @param classes class label to index (labels not in it train without a class target)
   */
  PreparedTrainingData(List<PreparedSample> samples, PreparedPairCache cache,
      PrepareOptions options, Map<String, Integer> classes) {
    this.samples = List.copyOf(samples);
    this.cache = cache;
    this.options = options;
    this.classes = classes;
    long bytes = (long) samples.size() * options.size() * options.size() * 3 * Float.BYTES;
    this.kept = bytes < Runtime.getRuntime().maxMemory() / 4
        ? new TrainingSample[samples.size()] : null;
  }

  /**
   * Reads the accepted samples of a prepared-list part file.
   *
   * @param dataset dataset name
   * @param list the part file
   * @return its samples
   * @throws IOException if it cannot be read
   */
  static List<PreparedSample> readList(String dataset, Path list) throws IOException {
    List<PreparedSample> samples = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(list, StandardCharsets.UTF_8)) {
      for (CSVRecord record : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
          .get().parse(in)) {
        samples.add(PreparedSample.fromPartRow(dataset, record.toList()));
      }
    }
    return samples;
  }

  @Override
  public int size() {
    return samples.size();
  }

  @Override
  public TrainingSample get(int index) {
    if (kept != null && kept[index] != null) {
      return kept[index];
    }
    PreparedSample sample = samples.get(index);
    PreparedPair pair = cache.load(sample.cacheKey(), options);
    List<Box> boxes = new ArrayList<>();
    for (Box original : sample.instanceBoxes()) {
      Box mapped = PreparedGeometry.toPrepared(original, pair.source(), options.size(),
          options.policy());
      if (mapped != null) {
        boxes.add(mapped);
      }
    }
    TrainingSample loaded = TrainingSample.of(pair.lab(), classes.getOrDefault(sample.label(), -1),
        boxes);
    if (kept != null) {
      kept[index] = loaded;
    }
    return loaded;
  }
}
