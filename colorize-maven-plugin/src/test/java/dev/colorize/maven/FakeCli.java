package dev.colorize.maven;

import java.nio.file.Path;

/**
 * Stands in for the colorize CLI in {@link ForkedRunTest}: prints what the test asks for (in
 * the JVM's default stdout encoding, as the real CLI does) and exits with a chosen code.
 */
public final class FakeCli {

  private FakeCli() {}

  /**
   * {@code exit <code>}: prints Hangul on stdout, a warning on stderr, the working directory and
   * {@code $FAKE_CLI_VALUE}, then exits. {@code sleep <seconds>}: prints its pid and sleeps.
   */
  public static void main(String[] args) throws InterruptedException {
    if (args[0].equals("sleep")) {
      System.out.println("sleeping pid=" + ProcessHandle.current().pid());
      System.out.flush();
      Thread.sleep(Long.parseLong(args[1]) * 1000);
      System.exit(0);
    }
    System.out.println("김치찌개 scored");
    System.out.println("env=" + System.getenv("FAKE_CLI_VALUE"));
    System.out.println("cwd=" + Path.of("").toAbsolutePath());
    System.err.println("careful: 떡볶이 is spicy");
    System.exit(Integer.parseInt(args[1]));
  }
}
