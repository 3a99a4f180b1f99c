package dev.colorize.job;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job with colorize's restart semantics: the same configuration (identifying parameters) is
 * the same job instance; a failed, stopped or dead (JVM killed) execution of it is resumed from its
 * last committed chunk; a completed one is not recomputed unless a re-run is asked for, which
 * starts a new instance.
 *
 * <p>Callers must hold the {@link WorkDirectoryLock}: that is what proves an execution still
 * marked STARTED belongs to a dead JVM and may be recovered.
 */
public final class JobRunner {

  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

  /** The job parameter that separates a forced re-run's instance from the original. */
  public static final String RERUN_PARAMETER = "colorize.rerun";

  private final JobRepository jobRepository;
  private final JobOperator jobOperator;

  public JobRunner(BatchInfrastructure infrastructure) {
    this(infrastructure.jobRepository(), infrastructure.jobOperator());
  }

  JobRunner(JobRepository jobRepository, JobOperator jobOperator) {
    this.jobRepository = jobRepository;
    this.jobOperator = jobOperator;
  }

  /** What {@link #run} did. */
  public enum Action {
    /** A new job instance ran. */
    STARTED,
    /** An interrupted execution of the same instance was resumed. */
    RESUMED,
    /** The instance had completed before; nothing ran. */
    ALREADY_COMPLETE
  }

  /** The action taken and the execution it concerns (the earlier one if already complete). */
  public record Outcome(Action action, JobExecution execution) {
    public BatchStatus status() {
      return execution.getStatus();
    }
  }

  /**
   * Starts, resumes or reports the job instance of these parameters.
   *
   * @param rerun start a new instance even if this configuration has completed
   */
  public Outcome run(Job job, JobParameters parameters, boolean rerun) throws Exception {
    JobParameters effective = rerun ? nextRerun(job.getName(), parameters) : parameters;
    JobExecution last = jobRepository.getLastJobExecution(job.getName(), effective);
    Action action = Action.STARTED;
    if (last != null) {
      if (last.getStatus() == BatchStatus.COMPLETED) {
        return new Outcome(Action.ALREADY_COMPLETE, last);
      }
      if (last.isRunning()) {
        // We hold the work-directory lock, so no live JVM runs it: its JVM died mid-run.
        LOG.info("Execution {} of {} was left {} by a run that died; recovering it",
            last.getId(), job.getName(), last.getStatus());
        last = jobOperator.recover(last);
      }
      if (last.getStatus() == BatchStatus.ABANDONED) {
        throw new IllegalStateException("execution " + last.getId() + " of " + job.getName()
            + " was abandoned and cannot resume; re-run with colorize.rerun=true");
      }
      action = Action.RESUMED;
      LOG.info("Resuming {} (instance {}) from its last committed chunk", job.getName(),
          last.getJobInstance().getInstanceId());
    }
    JobExecution execution = jobOperator.start(job, effective);
    return new Outcome(action, execution);
  }

  /** The parameters of the first re-run instance that has not completed. */
  private JobParameters nextRerun(String jobName, JobParameters parameters) {
    for (long attempt = 1; ; attempt++) {
      JobParameters candidate = new JobParametersBuilder(parameters)
          .addLong(RERUN_PARAMETER, attempt, true).toJobParameters();
      JobInstance instance = jobRepository.getJobInstance(jobName, candidate);
      if (instance == null) {
        return candidate;
      }
      JobExecution last = jobRepository.getLastJobExecution(instance);
      if (last == null || last.getStatus() != BatchStatus.COMPLETED) {
        return candidate;
      }
    }
  }
}
