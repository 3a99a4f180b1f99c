package dev.colorize.maven;

/** The forked JVM could not be started or did not finish in time. Carries the command line. */
public class ForkException extends Exception {

  private final String commandLine;

  public ForkException(String message, ForkConfiguration fork, Throwable cause) {
    super(message, cause);
    this.commandLine = fork.display();
  }

  /** The full command line, shell-quoted. */
  public String commandLine() {
    return commandLine;
  }
}
