package dev.colorize.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;

class JobRunnerTest {

  @TempDir Path work;

  private List<String> expected(int count) {
    return IntStream.rangeClosed(1, count).mapToObj(String::valueOf).collect(Collectors.toList());
  }

  @Test
  void failedRunResumesFromLastCommittedChunkWithoutRedoingOrDuplicating() throws Exception {
    Path out = work.resolve("out.txt");
    try (WorkDirectoryLock lock = WorkDirectoryLock.acquire(work);
        BatchInfrastructure infra = BatchInfrastructure.open(RepositorySettings.embedded(work))) {
      CountingJob job = new CountingJob();
      job.failAt = 37;
      var first = new JobRunner(infra).run(job.build(infra, out, 100, 10),
          CountingJob.parameters(100), false);
      assertEquals(BatchStatus.FAILED, first.status());
      assertEquals(expected(30), Files.readAllLines(out), "only committed chunks are in the file");

      CountingJob again = new CountingJob();
      var second = new JobRunner(infra).run(again.build(infra, out, 100, 10),
          CountingJob.parameters(100), false);
      assertEquals(JobRunner.Action.RESUMED, second.action());
      assertEquals(BatchStatus.COMPLETED, second.status());
      assertEquals(70, again.processed.get(), "items 1-30 were committed and not redone");
      assertEquals(expected(100), Files.readAllLines(out));
    }
  }

  @Test
  void completedInstanceIsNotRecomputedButRerunStartsANewOne() throws Exception {
    Path out = work.resolve("out.txt");
    try (WorkDirectoryLock lock = WorkDirectoryLock.acquire(work);
        BatchInfrastructure infra = BatchInfrastructure.open(RepositorySettings.embedded(work))) {
      JobRunner runner = new JobRunner(infra);
      var first = runner.run(new CountingJob().build(infra, out, 20, 5),
          CountingJob.parameters(20), false);
      assertEquals(BatchStatus.COMPLETED, first.status());

      CountingJob second = new CountingJob();
      var again = runner.run(second.build(infra, out, 20, 5), CountingJob.parameters(20), false);
      assertEquals(JobRunner.Action.ALREADY_COMPLETE, again.action());
      assertEquals(0, second.processed.get());

      CountingJob third = new CountingJob();
      var rerun = runner.run(third.build(infra, out, 20, 5), CountingJob.parameters(20), true);
      assertEquals(JobRunner.Action.STARTED, rerun.action());
      assertEquals(BatchStatus.COMPLETED, rerun.status());
      assertEquals(20, third.processed.get());
      assertEquals(expected(20), Files.readAllLines(out));
    }
  }

  @Test
  void runKilledWithSigkillIsRecoveredAndResumed() throws Exception {
    Path out = work.resolve("out.txt");
    int count = 400;
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        CountingJob.class.getName(), work.toString(), out.toString(), String.valueOf(count), "10",
        "10"));
    Process child = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(work.resolve("child.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (lineCount(out) < 50) {
      assertTrue(child.isAlive(), "child ended before it could be killed: "
          + Files.readString(work.resolve("child.log")));
      assertTrue(System.nanoTime() < deadline, "child made no progress");
      Thread.sleep(20);
    }
    child.destroyForcibly(); // SIGKILL: no shutdown hooks, execution left STARTED
    child.waitFor(30, TimeUnit.SECONDS);
    int committedBefore = lineCount(out);
    assertTrue(committedBefore < count, "killed mid-run");

    try (WorkDirectoryLock lock = WorkDirectoryLock.acquire(work);
        BatchInfrastructure infra = BatchInfrastructure.open(RepositorySettings.embedded(work))) {
      CountingJob job = new CountingJob();
      var outcome = new JobRunner(infra).run(job.build(infra, out, count, 10),
          CountingJob.parameters(count), false);
      assertEquals(JobRunner.Action.RESUMED, outcome.action());
      assertEquals(BatchStatus.COMPLETED, outcome.status());
      assertTrue(job.processed.get() <= count - committedBefore + 10,
          "redid more than the uncommitted chunk: " + job.processed.get());
      assertEquals(expected(count), Files.readAllLines(out));
    }
  }

  @Test
  void secondRunOnTheSameWorkDirectoryRefuses() {
    try (WorkDirectoryLock lock = WorkDirectoryLock.acquire(work)) {
      var e = assertThrows(WorkDirectoryLock.WorkDirectoryBusyException.class,
          () -> WorkDirectoryLock.acquire(work));
      assertTrue(e.getMessage().contains("another colorize run"), e.getMessage());
      assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
    }
    WorkDirectoryLock.acquire(work).close(); // released: can be taken again
  }

  @Test
  void schemaInitialisationIsIdempotent() {
    for (int i = 0; i < 2; i++) {
      try (BatchInfrastructure infra = BatchInfrastructure.open(RepositorySettings.embedded(work))) {
        assertTrue(infra.jobRepository().getJobNames().isEmpty());
      }
    }
  }

  @Test
  void unreachableRepositoryGivesOneClearSentence() {
    var e = assertThrows(BatchInfrastructure.RepositoryUnavailableException.class,
        () -> BatchInfrastructure.open(new RepositorySettings(
            "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2", "u", "p")));
    assertTrue(e.getMessage().startsWith("cannot connect to the job repository at jdbc:postgresql"),
        e.getMessage());
  }

  private static int lineCount(Path file) throws Exception {
    return Files.exists(file) ? (int) Files.lines(file).count() : 0;
  }
}
