package dev.colorize.job;

import dev.colorize.config.FeatureModelConfig;
import dev.colorize.dataset.DatasetReader;
import dev.colorize.dataset.DatasetReaders;
import dev.colorize.dataset.DatasetSpec;
import dev.colorize.dataset.Sample;
import dev.colorize.image.PrepareOptions;
import dev.colorize.image.PreparedPairCache;
import dev.colorize.job.evaluate.ReportAssembler;
import dev.colorize.job.evaluate.ScoringWriter;
import dev.colorize.job.prepare.DatasetIssueRows;
import dev.colorize.job.prepare.PrepareProcessor;
import dev.colorize.job.prepare.PrepareWriter;
import dev.colorize.job.prepare.PreparedSample;
import dev.colorize.metric.fid.FidAccumulator;
import dev.colorize.metric.fid.FidReport;
import dev.colorize.model.ModelRegistry;
import dev.colorize.plan.DatasetPlan;
import dev.colorize.plan.ModelPlan;
import dev.colorize.plan.RunLayout;
import dev.colorize.plan.RunPlan;
import dev.colorize.report.ReportColumns;
import dev.colorize.report.html.PredictionTree;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.builder.SimpleJobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;

/**
 * Builds colorize's jobs from a run plan:
 * <ul>
 *   <li>{@code colorize-prepare}: one chunk step per dataset, samples to the prepared-pair cache;
 *   <li>{@code colorize-evaluate}: the prepare steps, then one chunk step per dataset x model
 *       (colorize and score), then a report step assembling the CSVs.
 * </ul>
 * Steps are built directly (no application context): a run is one job in one JVM. They read only
 * the plan: every setting was checked and resolved when the plan was made.
 */
public final class ColorizeJobs {

  /** Identifying job parameter: the plan's {@link RunPlan#identity()}. */
  public static final String IDENTITY_PARAMETER = "configuration";

  private final RunPlan plan;
  private final BatchInfrastructure infra;
  private final ModelRegistry registry;
  private final Workers workers;
  private final PrintStream out;
  private final RunLayout layout;
  private final PreparedPairCache cache;
  private final PrepareOptions options;
  private final List<String> metrics;
  private Duration progressInterval = Duration.ofSeconds(10);

  public ColorizeJobs(RunPlan plan, BatchInfrastructure infra, ModelRegistry registry,
      Workers workers, PrintStream out) {
    this.plan = plan;
    this.infra = infra;
    this.registry = registry;
    this.workers = workers;
    this.out = out;
    this.layout = plan.layout();
    this.cache = new PreparedPairCache(layout.cache());
    this.options = plan.prepareOptions();
    this.metrics = plan.metrics();
  }

  /** Sets the least time between two progress lines of a step. */
  public ColorizeJobs progressInterval(Duration interval) {
    this.progressInterval = interval;
    return this;
  }

  /** @return the prepared-pair cache */
  public PreparedPairCache cache() {
    return cache;
  }

  /** @return the preparation settings of this plan */
  public PrepareOptions prepareOptions() {
    return options;
  }

  public RunLayout layout() {
    return layout;
  }

  /** Identifying job parameter: the work directory, which holds the instance's files. */
  public static final String WORK_DIRECTORY_PARAMETER = "workDirectory";

  /**
   * The identifying parameters: the same configuration in the same work directory is the same
   * job instance. The directory counts because a server repository (PostgreSQL) may serve runs
   * of several work directories, and an instance's part files live in its own.
   */
  public JobParameters parameters() {
    return new JobParametersBuilder()
        .addString(IDENTITY_PARAMETER, plan.identity(), true)
        .addString(WORK_DIRECTORY_PARAMETER, layout.workDirectory().toString(), true)
        .toJobParameters();
  }

  /** The prepare job. */
  public Job prepareJob() {
    createParts();
    SimpleJobBuilder job = null;
    for (int d = 0; d < plan.datasets().size(); d++) {
      Step step = prepareStep(d);
      job = job == null ? new JobBuilder("colorize-prepare", infra.jobRepository()).start(step)
          : job.next(step);
    }
    List<Path> skipped = new ArrayList<>();
    for (int d = 0; d < plan.datasets().size(); d++) {
      skipped.add(layout.prepareSkipped(d));
    }
    return job.next(reportStep("prepare", List.of(), skipped, null)).build();
  }

  /** The evaluate job. */
  public Job evaluateJob() {
    FeatureModelConfig featureModel = plan.featureModel();
    createParts();
    SimpleJobBuilder job = null;
    for (int d = 0; d < plan.datasets().size(); d++) {
      Step step = prepareStep(d);
      job = job == null ? new JobBuilder("colorize-evaluate", infra.jobRepository()).start(step)
          : job.next(step);
    }
    List<ReportAssembler.ScorePart> scoreParts = new ArrayList<>();
    List<FidReport.Part> fidParts = new ArrayList<>();
    List<Path> skipped = new ArrayList<>();
    for (int d = 0; d < plan.datasets().size(); d++) {
      skipped.add(layout.prepareSkipped(d));
    }
    for (int d = 0; d < plan.datasets().size(); d++) {
      for (int m = 0; m < plan.models().size(); m++) {
        job = job.next(scoreStep(d, m));
        String dataset = plan.datasets().get(d).name();
        String model = plan.models().get(m).name();
        scoreParts.add(new ReportAssembler.ScorePart(dataset, model, layout.scores(d, m)));
        fidParts.add(new FidReport.Part(d, m, dataset, model));
        skipped.add(layout.scoreSkipped(d, m));
      }
    }
    FidReport fid = featureModel == null ? FidReport.notConfigured(fidParts, out)
        : FidReport.of(featureModel, layout.parts(), fidParts, out);
    return job.next(reportStep("evaluate", scoreParts, skipped, fid)).build();
  }

  /**
   * The chunk step that prepares the d-th dataset into the cache and its prepared-list part.
   *
   * @param d dataset index
   * @return the step
   */
  public Step prepareStep(int d) {
    DatasetPlan dataset = plan.datasets().get(d);
    DatasetSpec spec = dataset.spec();
    DatasetIssueRows issues = new DatasetIssueRows(dataset.name(), out);
    SkipBudget budget = new SkipBudget("dataset '" + dataset.name() + "'", plan.maxSkips(),
        plan.maxSkipRatio());
    PrepareWriter writer = new PrepareWriter(
        new PrepareProcessor(dataset.name(), cache, options, dataset.cropAs()), workers,
        CsvPartFiles.writer("prepared", layout.preparedList(d), PreparedSample.PART_COLUMNS),
        CsvPartFiles.writer("skipped", layout.prepareSkipped(d), ReportColumns.SKIPPED),
        budget).withIssues(issues, CsvPartFiles.writer("issues", layout.prepareIssues(d),
            ReportColumns.DATASET_ISSUES));
    ProgressListener progress = new ProgressListener("prepare " + dataset.name(),
        () -> countSamples(spec), budget::items, out, progressInterval);
    return new StepBuilder("prepare-" + d + "-" + dataset.name(), infra.jobRepository())
        .<Sample, Sample>chunk(plan.chunkSize())
        .transactionManager(infra.transactionManager())
        .reader(new ReplayingItemReader<Sample>("samples",
            () -> DatasetReaders.open(spec, issues)).onOpened(issues::replayed))
        .writer(writer)
        .listener(progress)
        .build();
  }

  private Step scoreStep(int d, int m) {
    String dataset = plan.datasets().get(d).name();
    ModelPlan model = plan.models().get(m);
    FeatureModelConfig featureModel = plan.featureModel();
    SkipBudget budget = new SkipBudget("dataset '" + dataset + "' with model '" + model.name()
        + "'", plan.maxSkips(), plan.maxSkipRatio());
    ScoringWriter writer = new ScoringWriter(dataset, model.declaration(),
        model.engine(registry), cache, options, metrics, workers,
        CsvPartFiles.writer("scores", layout.scores(d, m), ReportColumns.scoreHeader(metrics)),
        CsvPartFiles.writer("skipped", layout.scoreSkipped(d, m), ReportColumns.SKIPPED),
        budget, featureModel, featureModel == null ? null
            // The dataset's first model's step also accumulates its ground truth.
            : new FidAccumulator(layout.parts(), d, m, featureModel.dimension, m == 0));
    if (plan.saveImages().writesPredictions()) {
      // report keeps them until the report has copied the gallery's; all keeps them all.
      writer.savePredictionsIn(new PredictionTree(layout.predictions()));
    }
    Path preparedList = layout.preparedList(d);
    ProgressListener progress = new ProgressListener("score " + dataset + " x " + model.name(),
        () -> countRows(preparedList), budget::items, out, progressInterval);
    return new StepBuilder("score-" + d + "-" + m + "-" + dataset + "-" + model.name(),
        infra.jobRepository())
        .<PreparedSample, PreparedSample>chunk(plan.chunkSize())
        .transactionManager(infra.transactionManager())
        .reader(CsvPartFiles.reader("prepared", preparedList,
            row -> PreparedSample.fromPartRow(dataset, row)))
        .writer(writer)
        .listener(progress)
        .build();
  }

  private Step reportStep(String goal, List<ReportAssembler.ScorePart> scoreParts,
      List<Path> skipped, FidReport fid) {
    List<Path> issues = new ArrayList<>();
    for (int d = 0; d < plan.datasets().size(); d++) {
      issues.add(layout.prepareIssues(d));
    }
    return new StepBuilder("report", infra.jobRepository())
        .tasklet(new ReportAssembler(scoreParts, skipped, metrics, layout.output(goal), fid)
            .withDatasetIssues(issues), infra.transactionManager())
        .allowStartIfComplete(true)
        .build();
  }

  /** Creates the parts folder of this plan. */
  public void createParts() {
    try {
      Files.createDirectories(layout.parts());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + layout.parts(), e);
    }
  }

  private static long countSamples(DatasetSpec spec) {
    try (DatasetReader reader = DatasetReaders.open(spec, issue -> { })) {
      long n = 0;
      while (reader.hasNext()) {
        reader.next();
        n++;
      }
      return n;
    }
  }

  private static long countRows(Path csv) {
    try (var lines = Files.lines(csv)) {
      return Math.max(0, lines.count() - 1);
    } catch (IOException e) {
      return 0;
    }
  }

}
