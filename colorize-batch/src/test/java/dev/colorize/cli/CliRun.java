package dev.colorize.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@link ColorizeCli} in this JVM, capturing what it prints, for tests. */
public final class CliRun {

  /** The exit code and the captured standard output and error. */
  public record Result(int exit, String out, String err) {}

  private CliRun() {}

  /** {@code colorize args...} with System.out and System.err captured and then restored. */
  public static Result run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = ColorizeCli.run(args);
      return new Result(exit, out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
