package dev.colorize.maven;

import org.apache.maven.plugin.AbstractMojoExecutionException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * The colorize CLI's exit-code contract and how each code fails a Maven build. A build
 * <em>failure</em> ({@link MojoFailureException}) means the user must change something (the
 * configuration, or wait for the other run); an <em>error</em> ({@link MojoExecutionException})
 * means the run itself broke.
 */
public final class CliExit {

  /** The run succeeded. */
  public static final int SUCCESS = 0;
  /** The job ran and failed; running it again resumes it. */
  public static final int JOB_FAILED = 1;
  /** Invalid configuration or usage; the CLI has already printed why. */
  public static final int INVALID_CONFIGURATION = 2;
  /** Another run holds the work directory. */
  public static final int WORK_DIRECTORY_BUSY = 3;

  private CliExit() {}

  /**
   * The exception for a finished child, or null on success.
   *
   * @param command the CLI command (prepare, evaluate, score), for the message
   * @param commandLine the full, shell-quoted command line
   */
  public static AbstractMojoExecutionException toException(
      int exitCode, String command, String commandLine) {
    String shown = System.lineSeparator() + "Command line: " + commandLine;
    switch (exitCode) {
      case SUCCESS:
        return null;
      case INVALID_CONFIGURATION:
        return new MojoFailureException("colorize " + command
            + " refused its configuration or arguments (exit code 2); its message is in the log"
            + " above." + shown);
      case WORK_DIRECTORY_BUSY:
        return new MojoFailureException("colorize " + command
            + " did not start: another colorize run is using the work directory (exit code 3);"
            + " wait for it to finish or set another <workDirectory>." + shown);
      case JOB_FAILED:
        return new MojoExecutionException("colorize " + command
            + " failed (exit code 1); the reason is in the log above. Running the goal again"
            + " resumes from the last committed chunk." + shown);
      default:
        return new MojoExecutionException("colorize " + command + " failed with exit code "
            + exitCode + "; see the log above." + shown);
    }
  }
}
