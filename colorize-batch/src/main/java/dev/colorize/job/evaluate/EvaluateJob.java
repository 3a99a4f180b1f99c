package dev.colorize.job.evaluate;

import dev.colorize.config.FeatureModelConfig;
import dev.colorize.image.PreparedPairCache;
import dev.colorize.job.BatchInfrastructure;
import dev.colorize.job.CsvPartFiles;
import dev.colorize.job.HtmlReportStep;
import dev.colorize.job.ProgressListener;
import dev.colorize.job.ReportAssembler;
import dev.colorize.job.RunParameters;
import dev.colorize.job.SkipBudget;
import dev.colorize.job.prepare.PrepareJob;
import dev.colorize.job.remote.PartitionBinding;
import dev.colorize.job.remote.RemoteSteps;
import dev.colorize.job.prepare.PreparedSample;
import dev.colorize.metric.fid.FidAccumulator;
import dev.colorize.metric.fid.FidReport;
import dev.colorize.model.ModelRegistry;
import dev.colorize.parallel.Workers;
import dev.colorize.plan.ModelPlan;
import dev.colorize.plan.RunLayout;
import dev.colorize.plan.RunPlan;
import dev.colorize.report.ReportColumns;
import dev.colorize.report.html.EvaluateReport;
import dev.colorize.report.html.ReportRebuild;
import dev.colorize.report.html.PredictionTree;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.builder.SimpleJobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.file.FlatFileItemReader;
import org.springframework.batch.infrastructure.item.file.FlatFileItemWriter;

/**
 * The {@code colorize-evaluate} job of a run plan: the prepare steps ({@link PrepareJob}), then
 * one chunk step per dataset x model (colorize and score), then a report step assembling the
 * CSVs and the {@link HtmlReportStep} writing the HTML report from them. Steps are built directly (no application context) and read only the plan.
 */
public final class EvaluateJob {

  /** Job name in the repository. */
  public static final String NAME = "colorize-evaluate";

  private final RunPlan plan;
  private final PrepareJob prepare;
  private final BatchInfrastructure infra;
  private final ModelRegistry registry;
  private final Workers workers;
  private final PrintStream out;
  private final RunLayout layout;
  private Duration progressInterval = Duration.ofSeconds(10);

  public EvaluateJob(RunPlan plan, BatchInfrastructure infra, ModelRegistry registry,
      Workers workers, PrintStream out) {
    this.plan = plan;
    this.prepare = new PrepareJob(plan, infra, workers, out);
    this.infra = infra;
    this.registry = registry;
    this.workers = workers;
    this.out = out;
    this.layout = plan.layout();
  }

  /** Sets the least time between two progress lines of a step. */
  public EvaluateJob progressInterval(Duration interval) {
    this.progressInterval = interval;
    prepare.progressInterval(interval);
    return this;
  }

  public RunLayout layout() {
    return layout;
  }

  /** The identifying parameters ({@link RunParameters}). */
  public JobParameters parameters() {
    return RunParameters.of(plan);
  }

  /** The evaluate job. */
  public Job job() {
    FeatureModelConfig featureModel = plan.featureModel();
    prepare.createParts();
    RemoteSteps remote = RemoteSteps.of(plan, infra, out);
    SimpleJobBuilder job = null;
    for (int d = 0; d < plan.datasets().size(); d++) {
      for (Step step : prepare.steps(d, remote)) {
        job = job == null ? new JobBuilder(NAME, infra.jobRepository()).start(step)
            : job.next(step);
      }
    }
    List<ReportAssembler.ScorePart> scoreParts = new ArrayList<>();
    List<FidReport.Part> fidParts = new ArrayList<>();
    List<Path> skipped = new ArrayList<>(prepare.skippedParts());
    for (int d = 0; d < plan.datasets().size(); d++) {
      for (int m = 0; m < plan.models().size(); m++) {
        for (Step step : scoreSteps(d, m, remote)) {
          job = job.next(step);
        }
        String dataset = plan.datasets().get(d).name();
        String model = plan.models().get(m).name();
        scoreParts.add(new ReportAssembler.ScorePart(dataset, model, layout.scores(d, m)));
        fidParts.add(new FidReport.Part(d, m, dataset, model));
        skipped.add(layout.scoreSkipped(d, m));
      }
    }
    FidReport fid = featureModel == null ? FidReport.notConfigured(fidParts, out)
        : FidReport.of(featureModel, layout.parts(), fidParts, out);
    Path output = layout.output("evaluate");
    return job.next(ReportAssembler.step(infra, layout, plan.datasets().size(),
        new ReportAssembler(scoreParts, skipped, plan.metrics(), output, fid)))
        .next(HtmlReportStep.step(infra, "evaluate", output, run -> writeReport(output, run),
            out))
        .build();
  }

  /**
   * Writes plan.json (what {@code colorize report} rebuilds the page from, with no planning)
   * and the HTML report.
   */
  private Path writeReport(Path output, JsonNode run) throws IOException {
    Path planJson = output.resolve(ReportRebuild.PLAN_FILE);
    Path temp = output.resolve(ReportRebuild.PLAN_FILE + ".tmp");
    Files.writeString(temp, plan.toJson(), StandardCharsets.UTF_8);
    Files.move(temp, planJson, StandardCopyOption.REPLACE_EXISTING);
    return EvaluateReport.write(output, plan, run);
  }

  /** The chunk steps a worker runs partitions of: every prepare and score step. */
  public List<Step> workerSteps() {
    List<Step> steps = new ArrayList<>(prepare.workerSteps());
    for (int d = 0; d < plan.datasets().size(); d++) {
      for (int m = 0; m < plan.models().size(); m++) {
        steps.add(scoreStep(d, m));
      }
    }
    return steps;
  }

  /**
   * The score step of dataset d and model m ({@link #scoreStep}) in one JVM; with
   * {@code remote}, its manager step, partitioning the prepared list, and the join step.
   */
  private List<Step> scoreSteps(int d, int m, RemoteSteps remote) {
    if (remote == null) {
      return List.of(scoreStep(d, m));
    }
    Path preparedList = layout.preparedList(d);
    return remote.partitioned(scoreStepName(d, m), () -> countRows(preparedList),
        List.of(layout.scores(d, m), layout.scoreSkipped(d, m)));
  }

  private String scoreStepName(int d, int m) {
    return "score-" + d + "-" + m + "-" + plan.datasets().get(d).name() + "-"
        + plan.models().get(m).name();
  }

  /**
   * Colorizes and scores the prepared list of dataset d with model m; run as a partition, the
   * partition's range of the list into the partition's parts.
   */
  private Step scoreStep(int d, int m) {
    String dataset = plan.datasets().get(d).name();
    ModelPlan model = plan.models().get(m);
    FeatureModelConfig featureModel = plan.featureModel();
    List<String> metrics = plan.metrics();
    PreparedPairCache cache = prepare.cache();
    SkipBudget budget = new SkipBudget("dataset '" + dataset + "' with model '" + model.name()
        + "'", plan.maxSkips(), plan.maxSkipRatio());
    FlatFileItemWriter<List<?>> scoresPart =
        CsvPartFiles.writer("scores", layout.scores(d, m), ReportColumns.scoreHeader(metrics));
    FlatFileItemWriter<List<?>> skippedPart =
        CsvPartFiles.writer("skipped", layout.scoreSkipped(d, m), ReportColumns.SKIPPED);
    ScoringWriter writer = new ScoringWriter(dataset, model.declaration(),
        model.engine(registry), cache, prepare.prepareOptions(), metrics, workers,
        scoresPart, skippedPart, budget, featureModel, featureModel == null ? null
            // The dataset's first model's step also accumulates its ground truth.
            : new FidAccumulator(layout.parts(), d, m, featureModel.dimension, m == 0));
    if (plan.saveImages().writesPredictions()) {
      // report keeps them until the report has copied the gallery's; all keeps them all.
      writer.savePredictionsIn(new PredictionTree(layout.predictions()));
    }
    Path preparedList = layout.preparedList(d);
    ProgressListener progress = new ProgressListener("score " + dataset + " x " + model.name(),
        () -> countRows(preparedList), budget::items, out, progressInterval);
    FlatFileItemReader<PreparedSample> reader = CsvPartFiles.reader("prepared", preparedList,
        row -> PreparedSample.fromPartRow(dataset, row));
    PartitionBinding partition = new PartitionBinding().reader(reader)
        .writer(scoresPart, layout.scores(d, m))
        .writer(skippedPart, layout.scoreSkipped(d, m));
    return new StepBuilder(scoreStepName(d, m), infra.jobRepository())
        .<PreparedSample, PreparedSample>chunk(plan.chunkSize())
        .transactionManager(infra.transactionManager())
        .reader(reader)
        .writer(writer)
        .listener(partition)
        .listener(progress)
        .build();
  }

  private static long countRows(Path csv) {
    try (var lines = Files.lines(csv)) {
      return Math.max(0, lines.count() - 1);
    } catch (IOException e) {
      return 0;
    }
  }
}
