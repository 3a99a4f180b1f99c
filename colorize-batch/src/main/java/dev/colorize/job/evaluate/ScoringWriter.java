package dev.colorize.job.evaluate;

import dev.colorize.config.FeatureModelConfig;
import dev.colorize.config.ModelConfig;
import dev.colorize.image.Box;
import dev.colorize.image.CieLab;
import dev.colorize.image.LabImage;
import dev.colorize.image.PrepareOptions;
import dev.colorize.image.PreparedPair;
import dev.colorize.image.PreparedGeometry;
import dev.colorize.image.PreparedPairCache;
import dev.colorize.image.PngImages;
import dev.colorize.image.RgbImage;
import dev.colorize.job.SkipBudget;
import dev.colorize.parallel.Workers;
import dev.colorize.job.prepare.PreparedSample;
import dev.colorize.metric.ImageScorer;
import dev.colorize.metric.ImageScores;
import dev.colorize.metric.fid.FeatureExtractor;
import dev.colorize.metric.fid.FidAccumulator;
import dev.colorize.model.AdaptiveBatches;
import dev.colorize.model.ColorizationException;
import dev.colorize.report.RunReport;
import dev.colorize.model.ColorizationInput;
import dev.colorize.model.Colorizer;
import dev.colorize.model.ColorizerEngine;
import dev.colorize.model.convention.ChromaCheck;
import dev.colorize.report.CsvNumbers;
import dev.colorize.report.html.PredictionTree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.batch.infrastructure.item.file.FlatFileItemWriter;

/**
 * Colorizes a chunk of prepared samples with one model, in the model's batch size (halved on
 * out-of-memory errors, see {@link AdaptiveBatches}), and scores each
 * prediction against its ground truth on the worker threads. Rows go to the model's score part and
 * failures to its skipped part, committed with the chunk. The model is loaded when the step opens
 * and released when it closes.
 *
 * <p>With a feature model, it also extracts FID features of each prediction (and, in the
 * dataset's first model's step, of each ground truth) into a {@link FidAccumulator}, checkpointed
 * with every chunk commit under the committed item count.
 *
 * <p>With a {@link PredictionTree} ({@link #savePredictionsIn}), it writes each prediction there as
 * a PNG at the scoring size before the chunk's rows, so every committed row has its image.
 */
public final class ScoringWriter implements ItemStreamWriter<PreparedSample> {

  private final String dataset;
  private final ModelConfig model;
  private final ColorizerEngine engine;
  private final PreparedPairCache cache;
  private final PrepareOptions options;
  private final List<String> metrics;
  private final Workers workers;
  private final FlatFileItemWriter<List<?>> scores;
  private final FlatFileItemWriter<List<?>> skipped;
  private final SkipBudget budget;
  private final FeatureModelConfig featureModel;
  private final FidAccumulator fid;
  private PredictionTree predictions;
  private Colorizer colorizer;
  private AdaptiveBatches batches;
  private FeatureExtractor extractor;

  public ScoringWriter(String dataset, ModelConfig model, ColorizerEngine engine,
      PreparedPairCache cache, PrepareOptions options, List<String> metrics, Workers workers,
      FlatFileItemWriter<List<?>> scores, FlatFileItemWriter<List<?>> skipped, SkipBudget budget) {
    this(dataset, model, engine, cache, options, metrics, workers, scores, skipped, budget, null,
        null);
  }

  /**
   * @param featureModel the FID feature network, or null for no FID
   * @param fid          this step's FID statistics (null when featureModel is)
   */
  public ScoringWriter(String dataset, ModelConfig model, ColorizerEngine engine,
      PreparedPairCache cache, PrepareOptions options, List<String> metrics, Workers workers,
      FlatFileItemWriter<List<?>> scores, FlatFileItemWriter<List<?>> skipped, SkipBudget budget,
      FeatureModelConfig featureModel, FidAccumulator fid) {
    this.dataset = dataset;
    this.model = model;
    this.engine = engine;
    this.cache = cache;
    this.options = options;
    this.metrics = metrics;
    this.workers = workers;
    this.scores = scores;
    this.skipped = skipped;
    this.budget = budget;
    this.featureModel = featureModel;
    this.fid = featureModel == null ? null : fid;
  }

  /**
   * Keeps every prediction in {@code tree} (evaluate's {@code <saveImages>} other than none).
   *
   * @return this writer
   */
  public ScoringWriter savePredictionsIn(PredictionTree tree) {
    this.predictions = tree;
    return this;
  }

  /** A sample with its prepared pair, or the reason it has none. */
  private record Loaded(PreparedSample sample, PreparedPair pair) {}

  @Override
  public void write(Chunk<? extends PreparedSample> chunk) throws Exception {
    List<Loaded> loaded = workers.map(chunk.getItems(),
        s -> new Loaded(s, cache.load(s.cacheKey(), options)));
    List<List<?>> scoreRows = new ArrayList<>();
    List<List<?>> skippedRows = new ArrayList<>();
    List<Loaded> usable = new ArrayList<>();
    for (Loaded l : loaded) {
      if (l.pair == null) {
        skippedRows.add(skippedRow(l.sample, "score", "CACHE_MISSING: the prepared pair is no longer"
            + " in the cache; run again with colorize.rerun=true"));
      } else {
        usable.add(l);
      }
    }
    List<AdaptiveBatches.Outcome> outcomes = batches.colorize(usable.stream().map(this::input)
        .toList());
    List<Integer> colorized = new ArrayList<>();
    for (int i = 0; i < usable.size(); i++) {
      AdaptiveBatches.Outcome outcome = outcomes.get(i);
      if (outcome.succeeded()) {
        colorized.add(i);
      } else {
        skippedRows.add(skippedRow(usable.get(i).sample, "infer",
            "MODEL_FAILED: " + outcome.failure()));
      }
    }
    List<RgbImage> predicted = workers.map(colorized,
        i -> CieLab.toRgb(outcomes.get(i).image()));
    List<Integer> positions = new ArrayList<>();
    for (int k = 0; k < colorized.size(); k++) {
      positions.add(k);
    }
    scoreRows.addAll(workers.map(positions, k -> scoreRow(usable.get(colorized.get(k)),
        outcomes.get(colorized.get(k)).image(), predicted.get(k))));
    if (predictions != null) {
      // A chunk that fails after this is retried from its start and writes the same files again.
      workers.map(positions, k -> {
        PngImages.write(predicted.get(k), predictions.file(dataset, model.name,
            usable.get(colorized.get(k)).sample.sampleId()));
        return k;
      });
    }
    float[][] predictionFeatures = fid != null ? extractor.features(predicted) : null;
    float[][] truthFeatures = fid != null && fid.withTruth()
        ? extractor.features(usable.stream().map(l -> l.pair.truth()).toList()) : null;
    scores.write(new Chunk<>(scoreRows));
    skipped.write(new Chunk<>(skippedRows));
    budget.record(chunk.size(), skippedRows.size());
    if (fid != null) {
      // Last, so a chunk that failed above adds nothing.
      fid.add(predictionFeatures, truthFeatures);
    }
  }

  /** The model input: L plane and the sample's instance boxes mapped into it. */
  private ColorizationInput input(Loaded l) {
    List<Box> boxes = new ArrayList<>();
    for (Box original : l.sample.instanceBoxes()) {
      Box mapped = PreparedGeometry.toPrepared(original, l.pair.source(), options.size(),
          options.policy());
      if (mapped != null) {
        boxes.add(mapped);
      }
    }
    return new ColorizationInput(l.pair.gray(), boxes);
  }

  private List<String> scoreRow(Loaded l, LabImage prediction, RgbImage predictionRgb) {
    ImageScores s = ImageScorer.score(predictionRgb, l.pair.truth());
    double[] values = s.values();
    List<String> row = new ArrayList<>(List.of(dataset, model.name, l.sample.sampleId(),
        l.sample.label()));
    for (String metric : metrics) {
      row.add(CsvNumbers.format(values[ImageScores.COLUMNS.indexOf(metric)]));
    }
    row.add(ChromaCheck.hasChroma(prediction) ? "0" : "1");
    return row;
  }

  private List<String> skippedRow(PreparedSample s, String stage, String reason) {
    return List.of(dataset, s.sampleId(), s.path(), stage + ":" + model.name,
        PreparedSample.oneLine(reason));
  }

  @Override
  public void open(ExecutionContext context) {
    try {
      colorizer = engine.open(model);
      batches = new AdaptiveBatches(colorizer, Math.max(1, model.batchSize));
      colorizer.description().ifPresent(d -> context.putString(RunReport.LOADED_MODEL, d));
    } catch (ColorizationException e) {
      throw new ItemStreamException("cannot load model '" + model.name + "': " + e.getMessage(), e);
    }
    scores.open(context);
    skipped.open(context);
    budget.restore(context, "score");
    if (fid != null) {
      try {
        fid.restore(budget.items());
      } catch (IOException e) {
        throw new ItemStreamException(e.getMessage(), e);
      }
      extractor = FeatureExtractor.open(featureModel);
    }
  }

  @Override
  public void update(ExecutionContext context) {
    scores.update(context);
    skipped.update(context);
    budget.save(context, "score");
    if (fid != null) {
      try {
        fid.save(budget.items());
      } catch (IOException e) {
        throw new ItemStreamException("cannot checkpoint the FID statistics: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void close() {
    scores.close();
    skipped.close();
    if (colorizer != null) {
      colorizer.close();
      colorizer = null;
    }
    if (extractor != null) {
      extractor.close();
      extractor = null;
    }
  }
}
