package dev.colorize.job.remote;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * Runs beside a manager step while it polls the repository for its partitions: marks the run's
 * folder for this job execution ({@link SharedFolders}), then fails each running partition
 * whose worker has been silent longer than the heartbeat allows. Without it, a worker killed
 * hard leaves its partition STARTED and the polling manager waits for ever (as reported for
 * workers that fail before updating the repository, spring-batch#4006); failed with exit code
 * {@link #WORKER_LOST}, the partition ends the manager step, and the restart the manager then
 * makes sends it again with its last committed execution context.
 */
public final class HeartbeatWatchdog implements StepExecutionListener {

  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatWatchdog.class);

  /** Exit code of a partition failed because its worker went away. */
  public static final String WORKER_LOST = "WORKER_LOST";

  private final JobRepository jobRepository;
  private final WorkerLedger ledger;
  private final SharedFolders folders;
  private final int heartbeatSeconds;
  private final long checkMillis;
  private final PrintStream out;
  private ScheduledExecutorService timer;

  public HeartbeatWatchdog(JobRepository jobRepository, WorkerLedger ledger,
      SharedFolders folders, int heartbeatSeconds, long checkMillis, PrintStream out) {
    this.jobRepository = jobRepository;
    this.ledger = ledger;
    this.folders = folders;
    this.heartbeatSeconds = heartbeatSeconds;
    this.checkMillis = checkMillis;
    this.out = out;
  }

  @Override
  public void beforeStep(StepExecution managerStep) {
    long jobExecutionId = managerStep.getJobExecutionId();
    folders.mark(jobExecutionId);
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "colorize-heartbeat-watchdog");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(() -> check(jobExecutionId), checkMillis, checkMillis,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public ExitStatus afterStep(StepExecution managerStep) {
    timer.shutdownNow();
    return null;
  }

  void check(long jobExecutionId) {
    try {
      for (WorkerLedger.Silent silent : ledger.silent(jobExecutionId, heartbeatSeconds)) {
        fail(silent);
      }
    } catch (RuntimeException e) {
      // A database hiccup: the next check tries again.
      LOG.warn("heartbeat check failed: {}", e.toString());
    }
  }

  private void fail(WorkerLedger.Silent silent) {
    StepExecution partition = jobRepository.getStepExecution(silent.stepExecutionId());
    if (partition == null || !partition.getStatus().isRunning()) {
      return;
    }
    String why = String.format(java.util.Locale.ROOT, "worker %s silent for %.0f s (more than"
        + " heartbeatSeconds %d)", silent.worker(), silent.seconds(), heartbeatSeconds);
    partition.setStatus(BatchStatus.FAILED);
    partition.setExitStatus(new ExitStatus(WORKER_LOST, why));
    partition.setEndTime(LocalDateTime.now());
    try {
      // Versioned update: a worker that was only slow and commits first wins, and is checked
      // again next time; one that commits after this is refused by the same version check.
      jobRepository.update(partition);
      out.println("colorize: " + partition.getStepName() + ": " + why
          + "; failed, to be sent again");
    } catch (OptimisticLockingFailureException e) {
      LOG.info("{} changed while being failed; checking again", partition.getStepName());
    }
  }
}
