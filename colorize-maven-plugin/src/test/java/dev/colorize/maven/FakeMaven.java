package dev.colorize.maven;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Stands in for Maven's JVM in {@link ForkedRunShutdownTest}: forks {@link FakeCli} to sleep
 * with {@link ForkedRun}, echoing its output, until it is itself terminated.
 */
public final class FakeMaven {

  private FakeMaven() {}

  public static void main(String[] args) throws Exception {
    ForkConfiguration fork = ForkConfiguration.builder()
        .java(ForkConfiguration.javaExecutable(Path.of(System.getProperty("java.home"))))
        .jvmArgs(List.of("-Xmx64m"))
        .classpath(List.of(Path.of(args[0])))
        .mainClass(FakeCli.class.getName())
        .arguments(List.of("sleep", "120"))
        .build();
    int exit = new ForkedRun(fork, Duration.ZERO, (line, err) -> {
      System.out.println(line);
      System.out.flush();
    }).run();
    System.out.println("child exited " + exit);
  }
}
