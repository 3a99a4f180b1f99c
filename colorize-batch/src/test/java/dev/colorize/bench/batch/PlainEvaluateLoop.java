package dev.colorize.bench.batch;

import dev.colorize.config.DatasetConfig;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import dev.colorize.dataset.DatasetReader;
import dev.colorize.dataset.DatasetReaders;
import dev.colorize.dataset.DatasetSpec;
import dev.colorize.dataset.Sample;
import dev.colorize.image.PrepareOptions;
import dev.colorize.image.PreparedPairCache;
import dev.colorize.image.ResizePolicy;
import dev.colorize.plan.DatasetPlanner;
import dev.colorize.plan.RunLayout;
import dev.colorize.job.SkipBudget;
import dev.colorize.parallel.Workers;
import dev.colorize.job.ReportAssembler;
import dev.colorize.job.evaluate.ScoringWriter;
import dev.colorize.job.prepare.PrepareProcessor;
import dev.colorize.job.prepare.PrepareWriter;
import dev.colorize.job.prepare.PreparedSample;
import dev.colorize.metric.fid.FidReport;
import dev.colorize.model.ModelRegistry;
import dev.colorize.report.CsvLine;
import dev.colorize.report.ReportColumns;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The evaluate job's work without Spring Batch. It drives the job's own {@link PrepareWriter}
 * (the same {@link PrepareProcessor} on the same {@link Workers}) and {@link ScoringWriter} (cache
 * load, model, scoring) with chunks of the configured size, read by a plain loop from the same
 * dataset reader and prepared list, and assembles the reports with the same
 * {@link ReportAssembler}. What is left out is exactly the machinery: no job repository, no
 * transactions, no execution-context saves, no flat-file item reader, and {@link PlainCsvWriter}s
 * (plain buffered writers) in place of the flat-file item writers. The configuration must have no
 * feature model (the benchmark's has none). The reports come out byte for byte as the job's,
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
  private final ModelRegistry registry = ModelRegistry.standard();

  PlainEvaluateLoop(RunConfiguration config, Workers workers, PrintStream out) {
    if (config.featureModel != null) {
      throw new IllegalArgumentException("the plain loop does not compute FID");
    }
    this.config = config;
    this.workers = workers;
    this.out = out;
    this.layout = new RunLayout(config.workPath(), config.identity());
    this.cache = new PreparedPairCache(layout.cache());
    this.options = PrepareOptions.defaults().withSize(config.imageSize)
        .withPolicy(ResizePolicy.fromId(config.resizePolicy));
    this.metrics = ReportColumns.metrics(config.metrics);
  }

  /** Prepares every dataset, scores it with every model, assembles the reports. */
  void run() throws Exception {
    Files.createDirectories(layout.parts());
    List<ReportAssembler.ScorePart> scoreParts = new ArrayList<>();
    List<FidReport.Part> fidParts = new ArrayList<>();
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
        fidParts.add(new FidReport.Part(d, m, config.datasets.get(d).name,
            config.models.get(m).name));
        skipped.add(layout.scoreSkipped(d, m));
      }
    }
    new ReportAssembler(scoreParts, skipped, metrics, layout.output("evaluate"),
        FidReport.notConfigured(fidParts, out)).assemble();
  }

  private void prepare(int d) throws Exception {
    DatasetConfig dataset = config.datasets.get(d);
    DatasetSpec spec = DatasetPlanner.plan(dataset, DatasetPlanner.element(d, dataset)).spec();
    SkipBudget budget = new SkipBudget("dataset '" + dataset.name + "'", config.maxSkips,
        config.maxSkipRatio);
    PrepareWriter writer = new PrepareWriter(new PrepareProcessor(dataset.name, cache, options),
        workers, new PlainCsvWriter(layout.preparedList(d), PreparedSample.PART_COLUMNS),
        new PlainCsvWriter(layout.prepareSkipped(d), ReportColumns.SKIPPED), budget);
    writer.open(new ExecutionContext());
    try (DatasetReader reader = DatasetReaders.open(spec,
        issue -> out.println("warning: dataset '" + dataset.name + "': " + issue))) {
      List<Sample> chunk = new ArrayList<>(config.chunkSize);
      while (reader.hasNext()) {
        chunk.add(reader.next());
        if (chunk.size() == config.chunkSize) {
          writer.write(new Chunk<>(chunk));
          chunk = new ArrayList<>(config.chunkSize);
        }
      }
      if (!chunk.isEmpty()) {
        writer.write(new Chunk<>(chunk));
      }
    } finally {
      writer.close();
    }
  }

  private void score(int d, int m) throws Exception {
    DatasetConfig dataset = config.datasets.get(d);
    ModelConfig model = config.models.get(m);
    SkipBudget budget = new SkipBudget("dataset '" + dataset.name + "' with model '" + model.name
        + "'", config.maxSkips, config.maxSkipRatio);
    ScoringWriter writer = new ScoringWriter(dataset.name, model,
        registry.engineFor(model, "<models><model>"), cache, options, metrics, workers,
        new PlainCsvWriter(layout.scores(d, m), ReportColumns.scoreHeader(metrics)),
        new PlainCsvWriter(layout.scoreSkipped(d, m), ReportColumns.SKIPPED), budget, null, null);
    writer.open(new ExecutionContext());
    try (BufferedReader in = Files.newBufferedReader(layout.preparedList(d),
        StandardCharsets.UTF_8)) {
      in.readLine(); // header
      List<PreparedSample> chunk = new ArrayList<>(config.chunkSize);
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        chunk.add(PreparedSample.fromPartRow(dataset.name, CsvLine.parse(line)));
        if (chunk.size() == config.chunkSize) {
          writer.write(new Chunk<>(chunk));
          chunk = new ArrayList<>(config.chunkSize);
        }
      }
      if (!chunk.isEmpty()) {
        writer.write(new Chunk<>(chunk));
      }
    } finally {
      writer.close();
    }
  }
}
