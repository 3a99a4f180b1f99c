package dev.colorize.cli;

import dev.colorize.config.ConfigurationException;
import dev.colorize.config.ConfigurationValidator;
import dev.colorize.config.RunConfiguration;
import dev.colorize.job.BatchInfrastructure;
import dev.colorize.job.ColorizeJobs;
import dev.colorize.job.JobRunner;
import dev.colorize.job.RepositorySettings;
import dev.colorize.job.WorkDirectoryLock;
import dev.colorize.job.Workers;
import dev.colorize.metric.ImageScores;
import dev.colorize.model.ModelRegistry;
import dev.colorize.report.RunReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Option;

/**
 * Shared flow of the {@code prepare} and {@code evaluate} commands: read and check the run
 * configuration, take the work directory, open the job repository, start/resume/report the job,
 * write {@code run.json}, and turn every outcome into one clear message and an exit code.
 */
abstract class JobCommand implements Callable<Integer> {

  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "Run configuration (JSON), as written by the Maven goals.")
  Path configFile;

  @Option(names = "--rerun", description = "Start a new run even if this configuration completed.")
  boolean rerun;

  /** The goal name: prepare or evaluate. */
  abstract String goal();

  /** Whether the goal runs models. */
  abstract boolean needsModels();

  /** Builds the goal's job. */
  abstract Job job(ColorizeJobs jobs);

  @Override
  public Integer call() {
    PrintStream out = System.out;
    PrintStream err = System.err;
    RunConfiguration config = CommandSupport.read(configFile, err);
    if (config == null) {
      return ExitCodes.INVALID_CONFIGURATION;
    }
    ModelRegistry registry = ModelRegistry.standard();
    try {
      new ConfigurationValidator(registry, ImageScores.COLUMNS).validate(config, needsModels());
    } catch (ConfigurationException e) {
      err.println("colorize: invalid configuration: " + e.getMessage());
      return ExitCodes.INVALID_CONFIGURATION;
    }
    Path work = config.workPath();
    RepositorySettings repository = CommandSupport.repository(config);
    try (WorkDirectoryLock lock = WorkDirectoryLock.acquire(work);
        BatchInfrastructure infra = BatchInfrastructure.open(repository);
        Workers workers = new Workers(config.threads)) {
      ColorizeJobs jobs = new ColorizeJobs(config, infra, registry, workers, out);
      out.println("colorize " + goal() + ": configuration " + config.identity() + ", work directory "
          + work + ", " + workers.threads() + " worker threads");
      JobRunner.Outcome outcome = new JobRunner(infra).run(job(jobs), jobs.parameters(),
          rerun || config.rerun);
      Path output = jobs.layout().output(goal());
      JobExecution execution = outcome.execution();
      if (outcome.action() == JobRunner.Action.ALREADY_COMPLETE) {
        out.println("colorize " + goal() + ": this configuration already completed (execution "
            + execution.getId() + "); results are in " + output
            + " (set colorize.rerun=true to compute them again)");
        return ExitCodes.OK;
      }
      RunReport.write(output, goal(), config.toJson(), config.identity(),
          repository.redactedUrl(), outcome.action().name(), execution);
      if (execution.getStatus() == BatchStatus.COMPLETED) {
        out.println("colorize " + goal() + ": completed; results are in " + output);
        return ExitCodes.OK;
      }
      return CommandSupport.failed(execution, goal(), err);
    } catch (Exception e) {
      return CommandSupport.exitFor(e, goal(), err);
    }
  }
}
