package dev.colorize.job.remote;

import dev.colorize.job.BatchInfrastructure;
import dev.colorize.plan.RemotePlan;
import dev.colorize.plan.RunPlan;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.function.LongSupplier;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.integration.partition.RemotePartitioningManagerStepBuilder;
import org.springframework.messaging.PollableChannel;

/**
 * The manager's side of a remote run: turns a step of the plan into a manager step that sends
 * one request per range of the step's input over the {@link PartitionChannel} and polls the job
 * repository until every partition has ended (no reply channel: the repository is the reply),
 * followed by a step that joins the partitions' part files ({@link PartitionJoin}).
 */
public final class RemoteSteps {

  /** How often the manager polls the repository for its partitions. */
  static final long POLL_MILLIS = 200;

  private final BatchInfrastructure infra;
  private final RemotePlan remote;
  private final PollableChannel requests;
  private final WorkerLedger ledger;
  private final SharedFolders folders;
  private final PrintStream out;

  private RemoteSteps(BatchInfrastructure infra, RemotePlan remote, PollableChannel requests,
      WorkerLedger ledger, SharedFolders folders, PrintStream out) {
    this.infra = infra;
    this.remote = remote;
    this.requests = requests;
    this.ledger = ledger;
    this.folders = folders;
    this.out = out;
  }

  /**
   * The remote steps of a plan, or null when it runs in one JVM.
   *
   * @throws IllegalStateException when the channel's tables cannot be created
   */
  public static RemoteSteps of(RunPlan plan, BatchInfrastructure infra, PrintStream out) {
    if (!plan.isRemote()) {
      return null;
    }
    try {
      PartitionChannel channel = PartitionChannel.open(infra.dataSource(), plan.identity());
      return new RemoteSteps(infra, plan.remote(), channel.requests(),
          new WorkerLedger(infra.dataSource()), new SharedFolders(plan), out);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the partition channel's tables: " + e, e);
    }
  }

  /**
   * The manager and join steps that stand for {@code workerStep} in the job.
   *
   * @param items counts the worker step's input (called when the manager step splits)
   * @param parts the one-JVM part files the worker step's {@link PartitionBinding} redirects
   */
  public List<Step> partitioned(String workerStep, LongSupplier items, List<Path> parts) {
    Step manager = new RemotePartitioningManagerStepBuilder(workerStep, infra.jobRepository())
        .partitioner(workerStep, new ItemRangePartitioner(items))
        .gridSize(remote.partitions())
        .outputChannel(requests)
        .pollInterval(POLL_MILLIS)
        .listener(new HeartbeatWatchdog(infra.jobRepository(), ledger, folders,
            remote.heartbeatSeconds(), remote.heartbeatIntervalMillis(), out))
        .build();
    Step join = new StepBuilder(workerStep + "-join", infra.jobRepository())
        .tasklet(new PartitionJoin(infra.jobRepository(), workerStep, parts),
            infra.transactionManager())
        .build();
    return List.of(manager, join);
  }
}
