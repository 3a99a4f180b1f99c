package dev.colorize.cli;

import dev.colorize.config.ConfigurationException;
import dev.colorize.config.RunConfiguration;
import dev.colorize.job.BatchInfrastructure;
import dev.colorize.job.JobRunner;
import dev.colorize.job.RepositorySettings;
import dev.colorize.job.RunParameters;
import dev.colorize.job.WorkDirectoryLock;
import dev.colorize.job.remote.LostWorkers;
import dev.colorize.parallel.Workers;
import dev.colorize.metric.ImageScores;
import dev.colorize.model.ModelRegistry;
import dev.colorize.plan.RunPlan;
import dev.colorize.plan.RunPlanner;
import dev.colorize.report.RunReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import picocli.CommandLine.Option;

/**
 * Shared flow of the {@code prepare}, {@code evaluate} and {@code finetune} commands: read the run
 * configuration and resolve it into a run plan (the one place it is checked), take the work directory, open the job repository, start/resume/report the job,
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

  /** Checks what only this goal reads; throws {@link ConfigurationException}. */
  void validateGoal(RunConfiguration config) {}

  /** Whether the goal runs models. */
  abstract boolean needsModels();

  /**
   * What a command runs: the job, its identifying parameters, its output folder and the
   * configuration identity reported in {@code run.json}.
   */
  record RunnableJob(Job job, JobParameters parameters, Path output, String identity) {}

  /**
   * Builds the goal's job from its plan; the configuration is there for goals that derive
   * another plan from it (finetune).
   */
  abstract RunnableJob build(RunConfiguration config, RunPlan plan, BatchInfrastructure infra,
      ModelRegistry registry, Workers workers, PrintStream out);

  /** The prepare/evaluate flavour of {@link #build}: the plan's parameters and output. */
  static RunnableJob planJob(Job job, String goal, RunPlan plan) {
    return new RunnableJob(job, RunParameters.of(plan), plan.layout().output(goal),
        plan.identity());
  }

  @Override
  public Integer call() {
    PrintStream out = System.out;
    PrintStream err = System.err;
    RunConfiguration config = CommandSupport.read(configFile, err);
    if (config == null) {
      return ExitCodes.INVALID_CONFIGURATION;
    }
    ModelRegistry registry = ModelRegistry.standard();
    RunPlan plan;
    try {
      plan = new RunPlanner(registry, ImageScores.COLUMNS).plan(config, needsModels());
      validateGoal(config);
    } catch (ConfigurationException e) {
      err.println("colorize: invalid configuration: " + e.getMessage());
      return ExitCodes.INVALID_CONFIGURATION;
    }
    Path work = plan.workDirectory();
    RepositorySettings repository = CommandSupport.repository(config);
    try (WorkDirectoryLock lock = WorkDirectoryLock.acquire(work);
        BatchInfrastructure infra = BatchInfrastructure.open(repository);
        Workers workers = new Workers(plan.threads())) {
      RunnableJob runnable = build(config, plan, infra, registry, workers, out);
      out.println("colorize " + goal() + ": configuration " + runnable.identity()
          + ", work directory " + work + ", " + workers.threads() + " worker threads");
      JobRunner runner = new JobRunner(infra);
      JobRunner.Outcome outcome = runner.run(runnable.job(), runnable.parameters(),
          rerun || config.rerun);
      if (plan.isRemote()) {
        outcome = resendLostPartitions(runner, runnable.job(), outcome, infra, out);
      }
      Path output = runnable.output();
      JobExecution execution = plan.isRemote()
          ? infra.jobRepository().getJobExecution(outcome.execution().getId())
          : outcome.execution();
      if (outcome.action() == JobRunner.Action.ALREADY_COMPLETE) {
        out.println("colorize " + goal() + ": this configuration already completed (execution "
            + execution.getId() + "); results are in " + output
            + " (set colorize.rerun=true to compute them again)");
        return ExitCodes.OK;
      }
      RunReport.write(output, goal(), config.toJson(), runnable.identity(),
          repository.redactedUrl(), outcome.action().name(), execution,
          plan.isRemote() ? LostWorkers.partitions(infra.dataSource(), execution) : null);
      if (execution.getStatus() == BatchStatus.COMPLETED) {
        out.println("colorize " + goal() + ": completed; results are in " + output);
        return ExitCodes.OK;
      }
      return CommandSupport.failed(execution, goal(), err);
    } catch (Exception e) {
      return CommandSupport.exitFor(e, goal(), err);
    }
  }

  /** At most this many runs again of one remote job after lost workers; each waits a heartbeat. */
  static final int MAX_RESENDS = 100;

  /**
   * A remote job that ended because workers went away (killed, Ctrl-C) runs again at once: the
   * job instance's restart sends only those partitions, which resume from their last committed
   * chunk on whichever worker takes them. Any other failure is reported as it is.
   */
  private JobRunner.Outcome resendLostPartitions(JobRunner runner, Job job,
      JobRunner.Outcome outcome, BatchInfrastructure infra, PrintStream out) throws Exception {
    JobRunner.Outcome current = outcome;
    for (int resend = 1; resend <= MAX_RESENDS; resend++) {
      List<String> lost = LostWorkers.partitionsToResend(infra.jobRepository(),
          current.execution());
      if (lost.isEmpty()) {
        break;
      }
      out.println("colorize " + goal() + ": " + lost.size() + " partition(s) lost their worker ("
          + String.join(", ", lost) + "); sending them again");
      JobRunner.Outcome again = runner.run(job, current.execution().getJobParameters(), false);
      current = new JobRunner.Outcome(outcome.action(), again.execution());
    }
    return current;
  }
}
