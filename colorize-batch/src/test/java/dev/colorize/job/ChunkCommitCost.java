package dev.colorize.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * The job repository's cost of one chunk commit, for scripts/bench/run-remote-workers.sh
 * (docs/scale-out.md): {@link CountingJob} with chunks of one item and no work, so its time is
 * the chunk transactions (step execution and execution-context updates, the flat-file writer's
 * flush), on the embedded H2 default and on a PostgreSQL server.
 *
 * <p>Args: workDirectory postgresUrl user password [items]
 */
public final class ChunkCommitCost {

  private ChunkCommitCost() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int items = args.length > 4 ? Integer.parseInt(args[4]) : 2000;
    Files.createDirectories(work);
    measure("h2", RepositorySettings.embedded(work.resolve("h2")), work.resolve("h2.txt"), items);
    measure("postgresql", new RepositorySettings(args[1], args[2], args[3]),
        work.resolve("pg.txt"), items);
  }

  private static void measure(String label, RepositorySettings settings, Path output, int items)
      throws Exception {
    try (BatchInfrastructure infra = BatchInfrastructure.open(settings)) {
      CountingJob job = new CountingJob();
      // A new instance each time: the parameters carry the start time.
      var parameters = new org.springframework.batch.core.job.parameters.JobParametersBuilder(
          CountingJob.parameters(items)).addLong("at", System.nanoTime()).toJobParameters();
      long start = System.nanoTime();
      JobExecution execution = new JobRunner(infra).run(job.build(infra, output, items, 1),
          parameters, false).execution();
      double seconds = (System.nanoTime() - start) / 1e9;
      long commits = execution.getStepExecutions().stream()
          .mapToLong(StepExecution::getCommitCount).sum();
      System.out.printf(Locale.ROOT, "%-10s %d commits in %.2f s: %.2f ms per chunk commit%n",
          label, commits, seconds, seconds * 1000 / commits);
    }
  }
}
