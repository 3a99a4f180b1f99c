package dev.colorize.maven;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link ForkConfiguration} to completion: starts the process, streams its stdout and
 * stderr line by line (UTF-8) to an {@link Output}, enforces an optional timeout and returns the
 * exit code. The child never outlives the run: on a timeout, an interrupt, or Maven's JVM
 * shutting down (Ctrl-C), it and its descendants are terminated (SIGTERM, then SIGKILL after a
 * grace period).
 */
public final class ForkedRun {

  /** Where the child's output lines go. Called from the two reader threads. */
  public interface Output {
    void line(String line, boolean fromStderr);
  }

  /** How long a terminated child gets to run its shutdown hooks before it is killed. */
  static final Duration GRACE = Duration.ofSeconds(10);
  /** How long the reader threads may lag behind the exit (grandchildren can hold the pipes). */
  private static final Duration DRAIN = Duration.ofSeconds(10);

  private final ForkConfiguration fork;
  private final Duration timeout;
  private final Output output;

  /**
   * @param timeout longest run; {@link Duration#ZERO} (or null) for none
   */
  public ForkedRun(ForkConfiguration fork, Duration timeout, Output output) {
    this.fork = fork;
    this.timeout = timeout == null ? Duration.ZERO : timeout;
    this.output = output;
    if (this.timeout.isNegative()) {
      throw new IllegalArgumentException("fork timeout is negative: " + timeout);
    }
  }

  /**
   * Runs the child and waits for it.
   *
   * @return the child's exit code
   * @throws ForkException when it cannot start or exceeds the timeout
   * @throws InterruptedException when this thread is interrupted (the child is terminated first)
   */
  public int run() throws ForkException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(fork.commandLine());
    builder.environment().putAll(fork.environment());
    if (fork.workingDirectory() != null) {
      builder.directory(fork.workingDirectory().toFile());
    }
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new ForkException("cannot start " + fork.java() + ": " + e.getMessage(), fork, e);
    }
    Thread killer = new Thread(() -> terminate(process), "colorize-fork-killer");
    boolean hooked = addShutdownHook(killer);
    try {
      closeStdin(process);
      Thread stdout = pump(process.getInputStream(), false, "colorize-fork-stdout");
      Thread stderr = pump(process.getErrorStream(), true, "colorize-fork-stderr");
      boolean finished;
      try {
        if (timeout.isZero()) {
          process.waitFor();
          finished = true;
        } else {
          finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        terminate(process);
        throw e;
      }
      if (!finished) {
        terminate(process);
        stdout.join(DRAIN.toMillis());
        stderr.join(DRAIN.toMillis());
        throw new ForkException("the forked JVM did not finish within " + timeout.toSeconds()
            + " s (forkTimeoutSeconds) and was terminated", fork, null);
      }
      stdout.join(DRAIN.toMillis());
      stderr.join(DRAIN.toMillis());
      return process.exitValue();
    } finally {
      if (hooked) {
        removeShutdownHook(killer);
      }
    }
  }

  /** Terminates the child and its descendants: politely, then forcibly after {@link #GRACE}. */
  static void terminate(Process process) {
    if (!process.isAlive()) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private Thread pump(InputStream stream, boolean fromStderr, String name) {
    Thread thread = new Thread(() -> {
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          output.line(line, fromStderr);
        }
      } catch (IOException e) {
        // The pipe closes when the child is killed; nothing more to read.
      }
    }, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** The child reads no input: give it EOF at once rather than a pipe that never closes. */
  private static void closeStdin(Process process) {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // Already gone: the child has exited, which waitFor reports.
    }
  }

  private static boolean addShutdownHook(Thread hook) {
    try {
      Runtime.getRuntime().addShutdownHook(hook);
      return true;
    } catch (IllegalStateException e) {
      return false; // JVM already shutting down
    }
  }

  private static void removeShutdownHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Shutdown in progress: the hook is running or has run; nothing to undo.
    }
  }
}
