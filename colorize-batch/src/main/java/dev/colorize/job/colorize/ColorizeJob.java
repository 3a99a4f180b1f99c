package dev.colorize.job.colorize;

import dev.colorize.dataset.DatasetIssueListener;
import dev.colorize.dataset.DatasetReader;
import dev.colorize.dataset.DatasetReaders;
import dev.colorize.dataset.Sample;
import dev.colorize.job.BatchInfrastructure;
import dev.colorize.job.CsvPartFiles;
import dev.colorize.job.HtmlReportStep;
import dev.colorize.report.html.ColorizeSheet;
import dev.colorize.job.ProgressListener;
import dev.colorize.job.ReplayingItemReader;
import dev.colorize.plan.RunLayout;
import dev.colorize.job.SkipBudget;
import dev.colorize.parallel.Workers;
import dev.colorize.model.ModelRegistry;
import dev.colorize.report.ReportColumns;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;

/**
 * The {@code colorize-colorize} job: one chunk step that reads the photos in a stable order,
 * colorizes and writes them at full resolution ({@link ColorizeWriter}), then a report step
 * ({@link ColorizeReport}). Restartable like evaluate: a killed run resumes after its last
 * committed chunk, so finished photos are not redone; the interrupted chunk is redone, and its
 * files are rewritten through the same temporary names.
 *
 * <pre>
 * &lt;work&gt;/runs/&lt;identity&gt;/parts/colorized.csv, skipped-colorize.csv   committed parts
 * &lt;work&gt;/colorize/colorized.csv, skipped.csv, run.json               reports
 * </pre>
 */
public final class ColorizeJob {

  /** The Spring Batch job name. */
  public static final String NAME = "colorize-colorize";
  /** The goal name: CLI command, report folder, run.json's {@code goal}. */
  public static final String GOAL = "colorize";

  private final ColorizeRun run;
  private final BatchInfrastructure infra;
  private final ModelRegistry registry;
  private final Workers workers;
  private final PrintStream out;
  private final RunLayout layout;
  private Duration progressInterval = Duration.ofSeconds(10);

  public ColorizeJob(ColorizeRun run, BatchInfrastructure infra, ModelRegistry registry,
      Workers workers, PrintStream out) {
    this.run = run;
    this.infra = infra;
    this.registry = registry;
    this.workers = workers;
    this.out = out;
    this.layout = new RunLayout(run.plan().workDirectory(), run.identity());
  }

  /** Sets the least time between two progress lines. */
  public ColorizeJob progressInterval(Duration interval) {
    this.progressInterval = interval;
    return this;
  }

  public RunLayout layout() {
    return layout;
  }

  /** The committed list of written photos. */
  public Path colorizedPart() {
    return layout.parts().resolve("colorized.csv");
  }

  /** The committed list of skipped photos. */
  public Path skippedPart() {
    return layout.parts().resolve("skipped-colorize.csv");
  }

  /** Where colorized.csv, skipped.csv and run.json go. */
  public Path reportDirectory() {
    return layout.output(GOAL);
  }

  /**
   * The identifying parameters: the request's identity and the work directory (a server
   * repository may serve several work directories; the parts live in this one).
   */
  public JobParameters parameters() {
    return new JobParametersBuilder()
        .addString("configuration", run.identity(), true)
        .addString("workDirectory", layout.workDirectory().toString(), true)
        .toJobParameters();
  }

  /** The job. */
  public Job job() {
    try {
      Files.createDirectories(layout.parts());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + layout.parts(), e);
    }
    String label = run.sourceName() + " with model '" + run.model().name + "'";
    SkipBudget budget = new SkipBudget(label, run.plan().maxSkips(),
        run.plan().maxSkipRatio());
    ColorizeWriter writer = new ColorizeWriter(run,
        registry.engineFor(run.model(), "<models><model>"), workers,
        CsvPartFiles.writer("colorized", colorizedPart(), ColorizeWriter.COLUMNS),
        CsvPartFiles.writer("skipped", skippedPart(), ReportColumns.SKIPPED), budget);
    DatasetIssueListener issues = issue -> out.println("warning: " + run.sourceName() + ": "
        + issue);
    ProgressListener progress = new ProgressListener("colorize " + run.sourceName() + " x "
        + run.model().name, this::countPhotos, budget::items, out, progressInterval);
    Step colorize = new StepBuilder("colorize-" + run.sourceName() + "-" + run.model().name,
        infra.jobRepository())
        .<Sample, Sample>chunk(run.plan().chunkSize())
        .transactionManager(infra.transactionManager())
        .reader(new ReplayingItemReader<Sample>("photos",
            () -> DatasetReaders.open(run.source(), issues)))
        .writer(writer)
        .listener(progress)
        .build();
    Step report = new StepBuilder("report", infra.jobRepository())
        .tasklet(new ColorizeReport(colorizedPart(), skippedPart(), reportDirectory()),
            infra.transactionManager())
        .allowStartIfComplete(true)
        .build();
    return new JobBuilder(NAME, infra.jobRepository()).start(colorize).next(report)
        .next(HtmlReportStep.step(infra, GOAL, reportDirectory(),
            facts -> ColorizeSheet.write(reportDirectory(), facts), out))
        .build();
  }

  private long countPhotos() {
    try (DatasetReader reader = DatasetReaders.open(run.source(), issue -> { })) {
      long n = 0;
      while (reader.hasNext()) {
        reader.next();
        n++;
      }
      return n;
    }
  }
}
