package dev.colorize.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.colorize.report.RunReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * A job's last step: writes the goal's HTML report from the files the earlier steps committed.
 * It runs again on every restart (the files may have changed since an earlier attempt), and a
 * report that cannot be written costs one warning line, never the run: the CSVs are complete.
 */
public final class HtmlReportStep implements Tasklet {

  /** The step's name in the job repository. */
  public static final String NAME = "html-report";

  /** Writes one goal's report. */
  @FunctionalInterface
  public interface Page {
    /**
     * @param run the running execution's facts ({@link RunReport#executionFacts}), laid out as
     *     in run.json, which is written only after the job
     * @return the written index.html
     */
    Path write(JsonNode run) throws IOException;
  }

  private final String goal;
  private final Page page;
  private final Path output;
  private final PrintStream out;

  private HtmlReportStep(String goal, Page page, Path output, PrintStream out) {
    this.goal = goal;
    this.page = page;
    this.output = output;
    this.out = out;
  }

  /**
   * @param goal   the goal named in its lines (evaluate, finetune)
   * @param output the goal's output folder, named in the warning
   */
  public static Step step(BatchInfrastructure infra, String goal, Path output, Page page,
      PrintStream out) {
    return new StepBuilder(NAME, infra.jobRepository())
        .tasklet(new HtmlReportStep(goal, page, output, out), infra.transactionManager())
        .allowStartIfComplete(true)
        .build();
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
    try {
      Path index = page.write(RunReport.executionFacts(
          chunkContext.getStepContext().getStepExecution().getJobExecution()));
      out.println("colorize " + goal + ": report " + index);
    } catch (IOException | RuntimeException e) {
      // The CSVs are already complete: a report that cannot be written costs only the report.
      out.println("warning: colorize " + goal + ": the HTML report was not written (" + e
          + "); the CSVs in " + output + " are complete");
    }
    return RepeatStatus.FINISHED;
  }
}
