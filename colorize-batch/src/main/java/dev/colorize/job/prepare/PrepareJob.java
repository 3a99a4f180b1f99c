package dev.colorize.job.prepare;

import dev.colorize.dataset.DatasetReader;
import dev.colorize.dataset.DatasetReaders;
import dev.colorize.dataset.DatasetSpec;
import dev.colorize.dataset.Sample;
import dev.colorize.image.PrepareOptions;
import dev.colorize.image.PreparedPairCache;
import dev.colorize.job.BatchInfrastructure;
import dev.colorize.job.CsvPartFiles;
import dev.colorize.job.ProgressListener;
import dev.colorize.job.ReplayingItemReader;
import dev.colorize.job.ReportAssembler;
import dev.colorize.job.RunParameters;
import dev.colorize.job.SkipBudget;
import dev.colorize.job.remote.PartitionBinding;
import dev.colorize.job.remote.RemoteSteps;
import dev.colorize.parallel.Workers;
import dev.colorize.plan.DatasetPlan;
import dev.colorize.plan.RunLayout;
import dev.colorize.plan.RunPlan;
import dev.colorize.report.ReportColumns;
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
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.file.FlatFileItemWriter;

/**
 * The {@code colorize-prepare} job of a run plan: one chunk step per dataset, samples to the
 * prepared-pair cache and the dataset's prepared-list part, then the report step. Its steps are
 * also the first steps of evaluate and finetune. Steps read only the plan.
 */
public final class PrepareJob {

  /** Job name in the repository. */
  public static final String NAME = "colorize-prepare";

  private final RunPlan plan;
  private final BatchInfrastructure infra;
  private final Workers workers;
  private final PrintStream out;
  private final RunLayout layout;
  private final PreparedPairCache cache;
  private final PrepareOptions options;
  private Duration progressInterval = Duration.ofSeconds(10);

  public PrepareJob(RunPlan plan, BatchInfrastructure infra, Workers workers, PrintStream out) {
    this.plan = plan;
    this.infra = infra;
    this.workers = workers;
    this.out = out;
    this.layout = plan.layout();
    this.cache = new PreparedPairCache(layout.cache());
    this.options = plan.prepareOptions();
  }

  /** Sets the least time between two progress lines of a step. */
  public PrepareJob progressInterval(Duration interval) {
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

  /** The identifying parameters ({@link RunParameters}). */
  public JobParameters parameters() {
    return RunParameters.of(plan);
  }

  /** The prepare job. */
  public Job job() {
    createParts();
    RemoteSteps remote = RemoteSteps.of(plan, infra, out);
    SimpleJobBuilder job = null;
    for (int d = 0; d < plan.datasets().size(); d++) {
      for (Step step : steps(d, remote)) {
        job = job == null ? new JobBuilder(NAME, infra.jobRepository()).start(step)
            : job.next(step);
      }
    }
    return job.next(ReportAssembler.step(infra, layout, plan.datasets().size(),
        new ReportAssembler(List.of(), skippedParts(), plan.metrics(), layout.output("prepare"),
            null))).build();
  }

  /** The prepare steps' skipped parts, one per dataset. */
  public List<Path> skippedParts() {
    List<Path> skipped = new ArrayList<>();
    for (int d = 0; d < plan.datasets().size(); d++) {
      skipped.add(layout.prepareSkipped(d));
    }
    return skipped;
  }

  /**
   * The steps that prepare the d-th dataset in the job: its chunk step ({@link #step}) in one
   * JVM; with {@code remote}, the manager step that partitions it over workers and the step that
   * joins the partitions' parts.
   */
  public List<Step> steps(int d, RemoteSteps remote) {
    if (remote == null) {
      return List.of(step(d));
    }
    DatasetSpec spec = plan.datasets().get(d).spec();
    return remote.partitioned(stepName(d), () -> countSamples(spec),
        List.of(layout.preparedList(d), layout.prepareSkipped(d), layout.prepareIssues(d)));
  }

  /** The chunk steps a worker runs partitions of, one per dataset. */
  public List<Step> workerSteps() {
    List<Step> steps = new ArrayList<>();
    for (int d = 0; d < plan.datasets().size(); d++) {
      steps.add(step(d));
    }
    return steps;
  }

  private String stepName(int d) {
    return "prepare-" + d + "-" + plan.datasets().get(d).name();
  }

  /**
   * The chunk step that prepares the d-th dataset into the cache and its prepared-list part; run
   * as a partition, it reads the partition's range and writes the partition's parts.
   *
   * @param d dataset index
   * @return the step
   */
  public Step step(int d) {
    DatasetPlan dataset = plan.datasets().get(d);
    DatasetSpec spec = dataset.spec();
    DatasetIssueRows issues = new DatasetIssueRows(dataset.name(), out);
    SkipBudget budget = new SkipBudget("dataset '" + dataset.name() + "'", plan.maxSkips(),
        plan.maxSkipRatio());
    FlatFileItemWriter<List<?>> preparedPart =
        CsvPartFiles.writer("prepared", layout.preparedList(d), PreparedSample.PART_COLUMNS);
    FlatFileItemWriter<List<?>> skippedPart =
        CsvPartFiles.writer("skipped", layout.prepareSkipped(d), ReportColumns.SKIPPED);
    FlatFileItemWriter<List<?>> issuesPart =
        CsvPartFiles.writer("issues", layout.prepareIssues(d), ReportColumns.DATASET_ISSUES);
    PrepareWriter writer = new PrepareWriter(
        new PrepareProcessor(dataset.name(), cache, options, dataset.cropAs()), workers,
        preparedPart, skippedPart, budget).withIssues(issues, issuesPart);
    ReplayingItemReader<Sample> reader = new ReplayingItemReader<Sample>("samples",
        () -> DatasetReaders.open(spec, issues)).onOpened(issues::replayed);
    PartitionBinding partition = new PartitionBinding().reader(reader)
        .writer(preparedPart, layout.preparedList(d))
        .writer(skippedPart, layout.prepareSkipped(d))
        .writer(issuesPart, layout.prepareIssues(d));
    ProgressListener progress = new ProgressListener("prepare " + dataset.name(),
        () -> countSamples(spec), budget::items, out, progressInterval);
    return new StepBuilder(stepName(d), infra.jobRepository())
        .<Sample, Sample>chunk(plan.chunkSize())
        .transactionManager(infra.transactionManager())
        .reader(reader)
        .writer(writer)
        .listener(partition)
        .listener(progress)
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
}
