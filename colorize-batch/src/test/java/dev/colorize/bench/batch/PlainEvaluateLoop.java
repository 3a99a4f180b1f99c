package dev.colorize.bench.batch;

import dev.colorize.config.ConfigurationValidator;
import dev.colorize.config.DatasetConfig;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import dev.colorize.dataset.DatasetReader;
import dev.colorize.dataset.DatasetReaders;
import dev.colorize.dataset.DatasetSpec;
import dev.colorize.dataset.Sample;
import dev.colorize.image.CieLab;
import dev.colorize.image.LabImage;
import dev.colorize.image.PrepareOptions;
import dev.colorize.image.PreparedPair;
import dev.colorize.image.PreparedPairCache;
import dev.colorize.image.ResizePolicy;
import dev.colorize.job.RunLayout;
import dev.colorize.job.SkipBudget;
import dev.colorize.job.Workers;
import dev.colorize.job.evaluate.ReportAssembler;
import dev.colorize.job.prepare.PrepareProcessor;
import dev.colorize.job.prepare.PreparedSample;
import dev.colorize.metric.ImageScorer;
import dev.colorize.metric.ImageScores;
import dev.colorize.model.ColorizationException;
import dev.colorize.model.Colorizer;
import dev.colorize.model.ModelRegistry;
import dev.colorize.report.CsvLine;
import dev.colorize.report.CsvNumbers;
import dev.colorize.report.ReportColumns;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The evaluate job's work without Spring Batch: the same dataset reader, the same
 * {@link PrepareProcessor} on the same {@link Workers} in chunks of the same size, the same
 * prepared-pair cache, the same scoring (cache load, model in its batch size, {@link ImageScorer})
 * and the same part files and reports, written with plain {@link BufferedWriter}s. What is left
 * out is exactly the machinery: job repository, transactions, execution contexts, flat-file item
 * readers and writers, listeners. The part and report files come out byte for byte as the job's,
 * which the benchmark checks.
 */
final class PlainEvaluateLoop {

  private final RunConfiguration config;
  private final Workers workers;
  private final PrintStream out;
  private final RunLayout layout;
  private final PreparedPairCache cache;
  private final PrepareOptions options;
  private final List<String> metrics;

  PlainEvaluateLoop(RunConfiguration config, Workers workers, PrintStream out) {
    this.config = config;
    this.workers = workers;
    this.out = out;
    this.layout = new RunLayout(config.workPath(), config.identity());
    this.cache = new PreparedPairCache(layout.cache());
    this.options = PrepareOptions.defaults().withSize(config.imageSize)
        .withPolicy(ResizePolicy.fromId(config.resizePolicy));
    this.metrics = ReportColumns.metrics(config.metrics);
  }

  RunLayout layout() {
    return layout;
  }

  /** Prepares every dataset, scores it with every model, assembles the reports. */
  void run() throws Exception {
    Files.createDirectories(layout.parts());
    List<ReportAssembler.ScorePart> scoreParts = new ArrayList<>();
    List<Path> skipped = new ArrayList<>();
    for (int d = 0; d < config.datasets.size(); d++) {
      prepare(d);
      skipped.add(layout.prepareSkipped(d));
    }
    for (int d = 0; d < config.datasets.size(); d++) {
      for (int m = 0; m < config.models.size(); m++) {
        score(d, m);
        scoreParts.add(new ReportAssembler.ScorePart(config.datasets.get(d).name,
            config.models.get(m).name, layout.scores(d, m)));
        skipped.add(layout.scoreSkipped(d, m));
      }
    }
    new ReportAssembler(scoreParts, skipped, metrics, layout.output("evaluate")).assemble();
  }

  private void prepare(int d) throws Exception {
    DatasetConfig dataset = config.datasets.get(d);
    DatasetSpec spec = ConfigurationValidator.toSpec(dataset,
        ConfigurationValidator.datasetElement(d, dataset));
    PrepareProcessor processor = new PrepareProcessor(dataset.name, cache, options);
    SkipBudget budget = new SkipBudget("dataset '" + dataset.name + "'", config.maxSkips,
        config.maxSkipRatio);
    try (DatasetReader reader = DatasetReaders.open(spec,
            issue -> out.println("warning: dataset '" + dataset.name + "': " + issue));
        BufferedWriter prepared = csv(layout.preparedList(d), PreparedSample.PART_COLUMNS);
        BufferedWriter skipped = csv(layout.prepareSkipped(d), ReportColumns.SKIPPED)) {
      List<Sample> chunk = new ArrayList<>(config.chunkSize);
      while (true) {
        boolean more = reader.hasNext();
        if (more) {
          chunk.add(reader.next());
        }
        if (chunk.size() == config.chunkSize || (!more && !chunk.isEmpty())) {
          List<PreparedSample> results = workers.map(chunk, processor::process);
          int skippedRows = 0;
          for (PreparedSample result : results) {
            if (result.accepted()) {
              line(prepared, result.partRow());
            } else {
              line(skipped, result.skippedRow());
              skippedRows++;
            }
          }
          budget.record(results.size(), skippedRows);
          chunk.clear();
        }
        if (!more) {
          break;
        }
      }
    }
  }

  /** A sample with its prepared pair, or the reason it has none. */
  private record Loaded(PreparedSample sample, PreparedPair pair) {}

  private void score(int d, int m) throws Exception {
    DatasetConfig dataset = config.datasets.get(d);
    ModelConfig model = config.models.get(m);
    SkipBudget budget = new SkipBudget("dataset '" + dataset.name + "' with model '" + model.name
        + "'", config.maxSkips, config.maxSkipRatio);
    Colorizer colorizer = ModelRegistry.standard().engineFor(model, "<models><model>")
        .open(model);
    try (BufferedReader in = Files.newBufferedReader(layout.preparedList(d),
            StandardCharsets.UTF_8);
        BufferedWriter scores = csv(layout.scores(d, m), ReportColumns.scoreHeader(metrics));
        BufferedWriter skipped = csv(layout.scoreSkipped(d, m), ReportColumns.SKIPPED)) {
      in.readLine(); // header
      List<PreparedSample> chunk = new ArrayList<>(config.chunkSize);
      while (true) {
        String text = in.readLine();
        if (text != null) {
          chunk.add(PreparedSample.fromPartRow(dataset.name, CsvLine.parse(text)));
        }
        if (chunk.size() == config.chunkSize || (text == null && !chunk.isEmpty())) {
          scoreChunk(dataset.name, model, colorizer, chunk, scores, skipped, budget);
          chunk.clear();
        }
        if (text == null) {
          break;
        }
      }
    } finally {
      colorizer.close();
    }
  }

  /** ScoringWriter.write, with plain writers. */
  private void scoreChunk(String datasetName, ModelConfig model, Colorizer colorizer,
      List<PreparedSample> chunk, BufferedWriter scores, BufferedWriter skipped,
      SkipBudget budget) throws Exception {
    List<Loaded> loaded = workers.map(chunk,
        s -> new Loaded(s, cache.load(s.cacheKey(), options)));
    List<List<?>> scoreRows = new ArrayList<>();
    List<List<?>> skippedRows = new ArrayList<>();
    List<Loaded> usable = new ArrayList<>();
    for (Loaded l : loaded) {
      if (l.pair == null) {
        skippedRows.add(skippedRow(datasetName, model, l.sample, "score",
            "CACHE_MISSING: the prepared pair is no longer in the cache; run again with"
                + " colorize.rerun=true"));
      } else {
        usable.add(l);
      }
    }
    int batchSize = Math.max(1, model.batchSize);
    for (int from = 0; from < usable.size(); from += batchSize) {
      List<Loaded> batch = usable.subList(from, Math.min(usable.size(), from + batchSize));
      List<LabImage> predictions;
      try {
        predictions = colorizer.colorize(batch.stream().map(l -> l.pair.gray()).toList());
      } catch (ColorizationException e) {
        for (Loaded l : batch) {
          skippedRows.add(skippedRow(datasetName, model, l.sample, "infer",
              "MODEL_FAILED: " + e.getMessage()));
        }
        continue;
      }
      List<Integer> indexes = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        indexes.add(i);
      }
      scoreRows.addAll(workers.map(indexes,
          i -> scoreRow(datasetName, model, batch.get(i), predictions.get(i))));
    }
    for (List<?> row : scoreRows) {
      line(scores, row);
    }
    for (List<?> row : skippedRows) {
      line(skipped, row);
    }
    budget.record(chunk.size(), skippedRows.size());
  }

  private List<String> scoreRow(String datasetName, ModelConfig model, Loaded l,
      LabImage prediction) {
    ImageScores s = ImageScorer.score(CieLab.toRgb(prediction), l.pair.truth());
    double[] values = s.values();
    List<String> row = new ArrayList<>(List.of(datasetName, model.name, l.sample.sampleId(),
        l.sample.label()));
    for (String metric : metrics) {
      row.add(CsvNumbers.format(values[ImageScores.COLUMNS.indexOf(metric)]));
    }
    return row;
  }

  private static List<String> skippedRow(String datasetName, ModelConfig model, PreparedSample s,
      String stage, String reason) {
    return List.of(datasetName, s.sampleId(), s.path(), stage + ":" + model.name,
        PreparedSample.oneLine(reason));
  }

  private static BufferedWriter csv(Path file, List<String> header) throws IOException {
    BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    line(writer, header);
    return writer;
  }

  private static void line(BufferedWriter writer, List<?> values) throws IOException {
    writer.write(CsvLine.of(values));
    writer.newLine();
  }
}
