package dev.colorize.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Forks real JVMs running {@link FakeCli}. */
class ForkedRunTest {

  @TempDir Path dir;
  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();

  private ForkConfiguration fakeCli(Map<String, String> env, String... args) throws Exception {
    Path testClasses =
        Path.of(FakeCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return ForkConfiguration.builder()
        .java(ForkConfiguration.javaExecutable(Path.of(System.getProperty("java.home"))))
        .jvmArgs(List.of("-Xmx64m", "-Xshare:auto"))
        .environment(env)
        .classpath(List.of(testClasses))
        .mainClass(FakeCli.class.getName())
        .arguments(List.of(args))
        .workingDirectory(dir)
        .build();
  }

  private int run(ForkConfiguration fork, Duration timeout) throws Exception {
    return new ForkedRun(fork, timeout, (line, err) -> (err ? stderr : stdout).add(line)).run();
  }

  @Test
  void streamsBothOutputsInUtf8EvenUnderAnAsciiLocaleAndReturnsTheExitCode() throws Exception {
    // LC_ALL=C would make a JDK 17 child print '?' for Hangul without the fixed properties.
    Map<String, String> env = Map.of("FAKE_CLI_VALUE", "값", "LC_ALL", "C", "LANG", "C");
    int exit = run(fakeCli(env, "exit", "3"), Duration.ZERO);

    assertEquals(3, exit);
    assertEquals(List.of("김치찌개 scored", "env=값", "cwd=" + dir.toRealPath()), stdout);
    assertEquals(List.of("careful: 떡볶이 is spicy"), stderr);
  }

  @Test
  void aChildThatOutlivesTheTimeoutIsTerminatedAndReported() throws Exception {
    ForkConfiguration fork = fakeCli(Map.of(), "sleep", "120");
    long start = System.nanoTime();
    ForkException e = assertThrows(ForkException.class, () -> run(fork, Duration.ofSeconds(2)));
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;

    assertTrue(seconds < 30, "took " + seconds + " s");
    assertTrue(e.getMessage().contains("did not finish within 2 s"), e.getMessage());
    assertTrue(e.commandLine().endsWith(FakeCli.class.getName() + " sleep 120"),
        e.commandLine());
    assertEquals(1, stdout.size());
    assertTrue(stdout.get(0).startsWith("sleeping pid="), stdout.toString());
    assertTrue(ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive),
        "the timed-out child is still running");
  }

  @Test
  void anInterruptedWaitTerminatesTheChild() throws Exception {
    ForkConfiguration fork = fakeCli(Map.of(), "sleep", "120");
    Thread main = Thread.currentThread();
    Thread interrupter = new Thread(() -> {
      while (stdout.isEmpty()) {
        Thread.onSpinWait();
      }
      main.interrupt();
    });
    interrupter.start();
    assertThrows(InterruptedException.class, () -> run(fork, Duration.ZERO));
    interrupter.join();
    Thread.interrupted();
    assertTrue(ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive),
        "a child of this JVM is still alive");
  }

  @Test
  void aMissingJavaExecutableIsAForkExceptionNamingIt() throws Exception {
    ForkConfiguration fork = ForkConfiguration.builder()
        .java(dir.resolve("no-such-java"))
        .classpath(List.of(dir))
        .build();
    ForkException e = assertThrows(ForkException.class, () -> run(fork, Duration.ZERO));
    assertTrue(e.getMessage().startsWith("cannot start " + dir.resolve("no-such-java")),
        e.getMessage());
  }
}
