package dev.colorize.cli;

import dev.colorize.config.ConfigurationException;
import dev.colorize.config.RunConfiguration;
import dev.colorize.job.BatchInfrastructure;
import dev.colorize.job.RepositorySettings;
import dev.colorize.job.WorkDirectoryLock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * What the job commands share: reading the run configuration, choosing the job repository, and
 * turning failures into one line and an exit code (no stack traces: they are in the repository).
 */
final class CommandSupport {

  private CommandSupport() {}

  /** The run configuration, or null after printing why it cannot be read. */
  static RunConfiguration read(Path file, PrintStream err) {
    try {
      return RunConfiguration.read(file);
    } catch (IOException e) {
      err.println("colorize: cannot read the run configuration " + file + ": " + e.getMessage());
      return null;
    }
  }

  /** The configured JDBC repository, or the embedded H2 file under the work directory. */
  static RepositorySettings repository(RunConfiguration config) {
    return config.jdbc == null || config.jdbc.url == null || config.jdbc.url.isBlank()
        ? RepositorySettings.embedded(config.workPath())
        : new RepositorySettings(config.jdbc.url, config.jdbc.user, config.jdbc.password);
  }

  /** Prints a failure of a command's run as one line and returns its exit code. */
  static int exitFor(Exception e, String command, PrintStream err) {
    if (e instanceof WorkDirectoryLock.WorkDirectoryBusyException) {
      err.println("colorize: " + e.getMessage());
      return ExitCodes.WORK_DIRECTORY_BUSY;
    }
    if (e instanceof BatchInfrastructure.RepositoryUnavailableException) {
      err.println("colorize: " + e.getMessage());
      return ExitCodes.JOB_FAILED;
    }
    if (e instanceof ConfigurationException) {
      err.println("colorize: invalid configuration: " + e.getMessage());
      return ExitCodes.INVALID_CONFIGURATION;
    }
    err.println("colorize " + command + ": failed: " + describe(e));
    return ExitCodes.JOB_FAILED;
  }

  /** Prints why an execution did not complete and how to resume; returns the exit code. */
  static int failed(JobExecution execution, String command, PrintStream err) {
    err.println("colorize " + command + ": " + execution.getStatus() + ": "
        + failureOf(execution));
    err.println("colorize " + command + ": run the same command again to resume from the last"
        + " committed chunk");
    return ExitCodes.JOB_FAILED;
  }

  /** The first failure's message. */
  static String failureOf(JobExecution execution) {
    for (StepExecution step : execution.getStepExecutions()) {
      for (Throwable t : step.getFailureExceptions()) {
        return "step " + step.getStepName() + ": " + describe(t);
      }
    }
    for (Throwable t : execution.getAllFailureExceptions()) {
      return describe(t);
    }
    for (StepExecution step : execution.getStepExecutions()) {
      // An execution read back from the repository (a remote run's) keeps exit descriptions,
      // not exceptions; a partition's is the worker's failure.
      String description = step.getExitStatus().getExitDescription();
      if (step.getStatus().isUnsuccessful() && description != null && !description.isBlank()
          && step.getStepName().contains(":")) {
        return "step " + step.getStepName() + ": " + description.lines().findFirst().orElse("");
      }
    }
    return "no failure recorded";
  }

  /** A throwable's message, with its root cause's when that adds something. */
  static String describe(Throwable t) {
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != t && root.getMessage() != null && !message.contains(root.getMessage())) {
      message += " (" + root.getMessage() + ")";
    }
    return message;
  }
}
