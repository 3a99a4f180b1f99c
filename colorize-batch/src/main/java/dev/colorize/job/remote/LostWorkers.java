package dev.colorize.job.remote;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * What the manager reads after its job execution ended: whether it ended only because workers
 * went away (then running the job instance again sends exactly those partitions again, with
 * their last committed contexts, while the completed ones are kept), and which worker ran each
 * partition, for run.json.
 */
public final class LostWorkers {

  private LostWorkers() {}

  /**
   * The partitions of {@code execution} failed or stopped because their worker was lost; empty
   * when it completed, or when any partition failed for another reason (bad data, a bug), which
   * running again would not cure.
   */
  public static List<String> partitionsToResend(JobRepository jobRepository,
      JobExecution execution) {
    JobExecution stored = jobRepository.getJobExecution(execution.getId());
    if (stored == null || stored.getStatus() == BatchStatus.COMPLETED) {
      return List.of();
    }
    List<String> lost = new ArrayList<>();
    for (StepExecution step : stored.getStepExecutions()) {
      boolean partition = step.getStepName().contains(":partition");
      if (!step.getStatus().isUnsuccessful() && step.getStatus() != BatchStatus.STOPPED) {
        continue;
      }
      // A partition is STOPPED only by its worker's stop (Ctrl-C); the worker then marks it
      // WORKER_LOST, but the manager may have read it between the two updates.
      if (partition && (step.getStatus() == BatchStatus.STOPPED
          || HeartbeatWatchdog.WORKER_LOST.equals(step.getExitStatus().getExitCode()))) {
        lost.add(step.getStepName());
      } else if (partition) {
        return List.of();
      }
    }
    return lost;
  }

  /** Every partition a worker took in the instance of {@code execution}, for run.json. */
  public static List<Map<String, Object>> partitions(DataSource dataSource,
      JobExecution execution) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (WorkerLedger.PartitionRun run : new WorkerLedger(dataSource)
        .runs(execution.getJobInstance().getInstanceId())) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("step", run.step());
      row.put("worker", run.worker());
      row.put("status", run.status());
      row.put("jobExecution", run.jobExecutionId());
      row.put("stepExecution", run.stepExecutionId());
      rows.add(row);
    }
    return rows;
  }
}
