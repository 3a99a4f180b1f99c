package dev.colorize.job.remote;

import dev.colorize.plan.DatasetPlan;
import dev.colorize.plan.RunPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared file system requirement: a worker reads the datasets and writes the run's parts at
 * the paths the manager planned. The manager leaves a marker per job execution in the run's
 * folder; a worker that does not see the marker, or a dataset's root, sees other folders than
 * the manager (a local copy, a missing mount) and must not take the partition.
 */
public final class SharedFolders {

  private final RunPlan plan;

  public SharedFolders(RunPlan plan) {
    this.plan = plan;
  }

  /** {@code runs/<identity>/remote/job-<id>}: written by the manager before it sends requests. */
  public Path marker(long jobExecutionId) {
    return plan.layout().parts().resolveSibling("remote").resolve("job-" + jobExecutionId);
  }

  /** The manager's side: marks the run's folder as the one this job execution writes. */
  public void mark(long jobExecutionId) {
    Path marker = marker(jobExecutionId);
    try {
      Files.createDirectories(marker.getParent());
      Files.writeString(marker, "colorize manager of job execution " + jobExecutionId + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + marker, e);
    }
  }

  /**
   * The worker's side.
   *
   * @throws NotSharedException naming the first path this worker does not see
   */
  public void check(long jobExecutionId) {
    for (DatasetPlan dataset : plan.datasets()) {
      Path root = dataset.spec().root();
      if (!Files.isReadable(root)) {
        throw new NotSharedException(root, "the root of dataset '" + dataset.name() + "'");
      }
    }
    Path marker = marker(jobExecutionId);
    if (!Files.isRegularFile(marker)) {
      throw new NotSharedException(marker, "the manager's marker in the work directory "
          + plan.workDirectory());
    }
  }

  /** This worker does not see a folder at the path the manager uses. */
  public static final class NotSharedException extends RuntimeException {
    NotSharedException(Path path, String what) {
      super("this worker does not see " + path + " (" + what + "): the manager and every worker"
          + " need the datasets and the work directory at the same paths, on a shared file"
          + " system (docs/scale-out.md); the partition stays queued for another worker");
    }
  }
}
