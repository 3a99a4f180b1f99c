package dev.colorize.cli;

/** The CLI's exit codes; the Maven goals map them to build failures or errors. */
public final class ExitCodes {
  /** Done (or already done). */
  public static final int OK = 0;
  /** The job ran and failed; running the same command again resumes it. */
  public static final int JOB_FAILED = 1;
  /** Invalid configuration or usage; nothing ran. */
  public static final int INVALID_CONFIGURATION = 2;
  /** Another run holds the work directory; nothing ran. */
  public static final int WORK_DIRECTORY_BUSY = 3;
  /**
   * A worker does not see the datasets or the work directory at the manager's paths; the
   * partition it met stays queued for another worker.
   */
  public static final int NOT_SHARED = 4;

  private ExitCodes() {}
}
