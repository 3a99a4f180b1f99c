package dev.colorize.cli;

import dev.colorize.config.ConfigurationException;
import dev.colorize.config.RunConfiguration;
import dev.colorize.job.BatchInfrastructure;
import dev.colorize.job.evaluate.EvaluateJob;
import dev.colorize.job.prepare.PrepareJob;
import dev.colorize.job.remote.PartitionWorker;
import dev.colorize.job.remote.SharedFolders;
import dev.colorize.metric.ImageScores;
import dev.colorize.model.ModelRegistry;
import dev.colorize.parallel.Workers;
import dev.colorize.plan.RunPlan;
import dev.colorize.plan.RunPlanner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.batch.core.step.Step;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code colorize worker}: a worker JVM of a remote run (docs/scale-out.md). Plans the same
 * configuration as the manager, then takes and runs its partitions until idle or Ctrl-C. Takes
 * no work-directory lock: the manager holds it, and the workers share the folder with it.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = "Run partitions of a remote evaluate or prepare run (a <remote> configuration).")
final class WorkerCommand implements Callable<Integer> {

  /** System property: seconds without a partition after which a worker ends. */
  static final String IDLE_SECONDS = "colorize.idleSeconds";

  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "The run configuration (JSON) the manager runs.")
  Path configFile;

  @Option(names = "--goal", defaultValue = "evaluate", paramLabel = "GOAL",
      description = "The manager's goal: evaluate (default) or prepare.")
  String goal;

  @Option(names = "--idle-seconds", paramLabel = "S",
      description = "End after S seconds without a partition (default: -D" + IDLE_SECONDS
          + ", else wait until Ctrl-C).")
  Long idleSeconds;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    PrintStream err = System.err;
    if (!goal.equals("evaluate") && !goal.equals("prepare")) {
      err.println("colorize worker: --goal is '" + goal + "'; use evaluate or prepare");
      return ExitCodes.INVALID_CONFIGURATION;
    }
    RunConfiguration config = CommandSupport.read(configFile, err);
    if (config == null) {
      return ExitCodes.INVALID_CONFIGURATION;
    }
    ModelRegistry registry = ModelRegistry.standard();
    RunPlan plan;
    try {
      plan = new RunPlanner(registry, ImageScores.COLUMNS).plan(config, goal.equals("evaluate"));
    } catch (ConfigurationException e) {
      err.println("colorize worker: invalid configuration: " + e.getMessage());
      return ExitCodes.INVALID_CONFIGURATION;
    }
    if (!plan.isRemote()) {
      err.println("colorize worker: the configuration " + configFile + " has no <remote>: a"
          + " manager runs it in one JVM and sends no partitions");
      return ExitCodes.INVALID_CONFIGURATION;
    }
    Duration idle = idle();
    try (BatchInfrastructure infra = BatchInfrastructure.open(CommandSupport.repository(config));
        Workers workers = new Workers(plan.threads())) {
      List<Step> steps = goal.equals("evaluate")
          ? new EvaluateJob(plan, infra, registry, workers, out).workerSteps()
          : new PrepareJob(plan, infra, workers, out).workerSteps();
      PartitionWorker worker = new PartitionWorker(plan, infra, steps,
          PartitionWorker.defaultName(), out);
      CountDownLatch ended = new CountDownLatch(1);
      Thread hook = new Thread(() -> {
        // Ctrl-C: the running partition stops after its current chunk; wait for it.
        worker.stop();
        try {
          ended.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "colorize-worker-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        worker.run(idle);
      } catch (SharedFolders.NotSharedException e) {
        err.println("colorize worker: " + e.getMessage());
        return ExitCodes.NOT_SHARED;
      } finally {
        ended.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: it only waits for this
        }
      }
      return ExitCodes.OK;
    } catch (Exception e) {
      return CommandSupport.exitFor(e, "worker", err);
    }
  }

  private Duration idle() {
    Long seconds = idleSeconds;
    if (seconds == null && System.getProperty(IDLE_SECONDS) != null) {
      seconds = Long.parseLong(System.getProperty(IDLE_SECONDS).strip());
    }
    return seconds == null || seconds < 0 ? null : Duration.ofSeconds(seconds);
  }
}
