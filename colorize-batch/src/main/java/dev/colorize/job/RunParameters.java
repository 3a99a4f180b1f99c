package dev.colorize.job;

import dev.colorize.plan.RunPlan;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * The identifying job parameters of a planned run (prepare, evaluate, finetune): the same
 * configuration in the same work directory is the same job instance. The directory counts because
 * a server repository (PostgreSQL) may serve runs of several work directories, and an instance's
 * part files live in its own.
 */
public final class RunParameters {

  /** Identifying job parameter: the plan's {@link RunPlan#identity()}. */
  public static final String IDENTITY_PARAMETER = "configuration";
  /** Identifying job parameter: the work directory, which holds the instance's files. */
  public static final String WORK_DIRECTORY_PARAMETER = "workDirectory";

  private RunParameters() {}

  /** The identifying parameters of the plan's job instance. */
  public static JobParameters of(RunPlan plan) {
    return new JobParametersBuilder()
        .addString(IDENTITY_PARAMETER, plan.identity(), true)
        .addString(WORK_DIRECTORY_PARAMETER, plan.layout().workDirectory().toString(), true)
        .toJobParameters();
  }
}
