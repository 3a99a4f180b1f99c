package dev.colorize.job.remote;

import dev.colorize.job.BatchInfrastructure;
import dev.colorize.plan.RunPlan;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.messaging.Message;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A worker JVM: takes partition requests of one run plan from the {@link PartitionChannel}, one
 * at a time, and runs each as the plan's ordinary chunk step on the partition's step execution,
 * beating its heartbeat in the {@link WorkerLedger} meanwhile. Taking a request, checking the
 * shared folders and recording the take are one transaction, so a request is never taken by a
 * worker that cannot run it. Ends after {@code idle} without a request, or when {@link #stop}ped
 * (Ctrl-C): the running partition stops at its next chunk boundary, so nothing is half-committed.
 */
public final class PartitionWorker {

  private static final Logger LOG = LoggerFactory.getLogger(PartitionWorker.class);
  private static final long POLL_MILLIS = 200;

  private final RunPlan plan;
  private final JobRepository jobRepository;
  private final TransactionTemplate transaction;
  private final PartitionChannel channel;
  private final WorkerLedger ledger;
  private final SharedFolders folders;
  private final Map<String, Step> steps = new HashMap<>();
  private final String name;
  private final PrintStream out;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicReference<StepExecution> running = new AtomicReference<>();
  private int partitionsRun;

  /**
   * @param steps the plan's worker steps (as built for one JVM, with a {@link PartitionBinding})
   * @param name  this worker's name in the ledger and run.json ({@link #defaultName})
   */
  public PartitionWorker(RunPlan plan, BatchInfrastructure infra, List<Step> steps, String name,
      PrintStream out) throws java.sql.SQLException {
    this.plan = plan;
    this.jobRepository = infra.jobRepository();
    this.transaction = new TransactionTemplate(infra.transactionManager());
    this.channel = PartitionChannel.open(infra.dataSource(), plan.identity());
    this.ledger = new WorkerLedger(infra.dataSource());
    this.folders = new SharedFolders(plan);
    for (Step step : steps) {
      this.steps.put(step.getName(), step);
    }
    this.name = name;
    this.out = out;
  }

  /** {@code <host>:<pid>}: unique among live workers, readable in run.json. */
  public static String defaultName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "unknown-host";
    }
    return host + ":" + ManagementFactory.getRuntimeMXBean().getPid();
  }

  /** How many partitions this worker ran, to the end or to a failure. */
  public int partitionsRun() {
    return partitionsRun;
  }

  /**
   * Takes and runs requests until {@code idle} passes without one or {@link #stop} is called.
   *
   * @param idle how long to wait for work; null waits until stopped
   * @throws SharedFolders.NotSharedException when this worker does not see the manager's folders
   *     (the request it met stays queued)
   */
  public void run(Duration idle) throws InterruptedException {
    out.println("colorize worker " + name + ": waiting for partitions of configuration "
        + plan.identity() + (idle == null ? "" : " (ends after " + idle.toSeconds()
        + " s without one)"));
    long idleSince = System.nanoTime();
    while (!stopping.get()) {
      StepExecution partition = take();
      if (partition == null) {
        if (idle != null && System.nanoTime() - idleSince > idle.toNanos()) {
          out.println("colorize worker " + name + ": no partition for " + idle.toSeconds()
              + " s; ran " + partitionsRun + ", ending");
          return;
        }
        Thread.sleep(POLL_MILLIS);
        continue;
      }
      execute(partition);
      idleSince = System.nanoTime();
    }
    out.println("colorize worker " + name + ": stopped; ran " + partitionsRun + " partitions");
  }

  /**
   * Stops taking requests and asks the running partition to stop after its current chunk.
   * Safe from a shutdown hook.
   */
  public void stop() {
    stopping.set(true);
    StepExecution partition = running.get();
    if (partition != null) {
      partition.setTerminateOnly();
    }
  }

  /** The next request's step execution, taken in one transaction with its ledger row. */
  private StepExecution take() {
    return transaction.execute(status -> {
      Message<?> message = channel.take();
      if (message == null) {
        return null;
      }
      StepExecutionRequest request = (StepExecutionRequest) message.getPayload();
      StepExecution partition = jobRepository.getStepExecution(request.getStepExecutionId());
      if (partition == null || partition.getStatus() != BatchStatus.STARTING
          || !steps.containsKey(request.getStepName())) {
        // A request of an execution that ended meanwhile (failed by the manager, or of a
        // finished run): dropping it is all there is to do.
        LOG.info("dropping request {}: its step execution is {}", request,
            partition == null ? "gone" : partition.getStatus());
        return null;
      }
      // Throws with the request still in this transaction: it rolls back into the queue.
      folders.check(partition.getJobExecutionId());
      ledger.taken(partition.getId(), name);
      return partition;
    });
  }

  private void execute(StepExecution partition) {
    Step step = steps.get(partition.getStepName().substring(0,
        partition.getStepName().lastIndexOf(':')));
    out.println("colorize worker " + name + ": running " + partition.getStepName());
    running.set(partition);
    ScheduledExecutorService heart = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "colorize-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long beat = plan.remote().heartbeatIntervalMillis();
    heart.scheduleWithFixedDelay(() -> beat(partition), beat, beat, TimeUnit.MILLISECONDS);
    try {
      step.execute(partition);
    } catch (JobInterruptedException e) {
      partition.setStatus(BatchStatus.STOPPED);
      record(partition);
    } catch (Throwable e) {
      // The step could not even record its own failure: record it, or the manager waits.
      partition.addFailureException(e);
      partition.setStatus(BatchStatus.FAILED);
      partition.setExitStatus(ExitStatus.FAILED.addExitDescription(e));
      record(partition);
    } finally {
      heart.shutdownNow();
      running.set(null);
    }
    if (partition.getStatus() == BatchStatus.STOPPED && stopping.get()) {
      // Stopped by its worker's user, not by the data: the manager sends it again.
      partition.setExitStatus(new ExitStatus(HeartbeatWatchdog.WORKER_LOST,
          "worker " + name + " was stopped (Ctrl-C) after a committed chunk"));
      record(partition);
    }
    ledger.finished(partition.getId());
    partitionsRun++;
    out.println("colorize worker " + name + ": " + partition.getStepName() + " "
        + partition.getStatus() + " (" + partition.getReadCount() + " read, "
        + partition.getWriteCount() + " written)");
  }

  /**
   * Writes the partition's end. Refused by the version check when the manager failed the
   * partition meanwhile (this worker was taken for dead): the manager's record stands, the
   * partition is sent again, and this worker goes on taking requests.
   */
  private void record(StepExecution partition) {
    try {
      jobRepository.update(partition);
    } catch (OptimisticLockingFailureException e) {
      out.println("colorize worker " + name + ": " + partition.getStepName() + " was failed by"
          + " the manager meanwhile (heartbeat too late); it is sent to a worker again");
    }
  }

  /**
   * Beats, and stops the partition if the manager failed it meanwhile (this worker was taken for
   * dead): its next commit would be refused by the repository's version check anyway.
   */
  private void beat(StepExecution partition) {
    try {
      ledger.beat(partition.getId());
      StepExecution stored = jobRepository.getStepExecution(partition.getId());
      if (stored != null && stored.getStatus() == BatchStatus.FAILED) {
        LOG.warn("{} was failed by the manager; stopping it", partition.getStepName());
        partition.setTerminateOnly();
      }
    } catch (RuntimeException e) {
      LOG.warn("heartbeat of {} failed: {}", partition.getStepName(), e.toString());
    }
  }
}
