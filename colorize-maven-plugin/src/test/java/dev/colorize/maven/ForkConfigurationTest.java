package dev.colorize.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForkConfigurationTest {

  private static final Path JAVA = Path.of("/opt/jdk/bin/java");
  private static final List<Path> CLASSPATH =
      List.of(Path.of("/repo/colorize-batch.jar"), Path.of("/repo/picocli.jar"));

  private ForkConfiguration.Builder base() {
    return ForkConfiguration.builder().java(JAVA).classpath(CLASSPATH);
  }

  @Test
  void commandLineIsJavaJvmArgsFixedPropertiesClasspathMainAndArguments() {
    ForkConfiguration fork = base()
        .jvmArgs(List.of("-Xmx2g", "-XX:+UseG1GC"))
        .arguments(List.of("evaluate", "--config", "/w/config/evaluate.json"))
        .build();

    List<String> expected = new ArrayList<>();
    expected.add("/opt/jdk/bin/java");
    expected.add("-Xmx2g");
    expected.add("-XX:+UseG1GC");
    expected.addAll(ForkConfiguration.FIXED_JVM_PROPERTIES);
    expected.add("-cp");
    expected.add("/repo/colorize-batch.jar" + File.pathSeparator + "/repo/picocli.jar");
    expected.add("dev.colorize.cli.ColorizeCli");
    expected.addAll(List.of("evaluate", "--config", "/w/config/evaluate.json"));
    assertEquals(expected, fork.commandLine());
  }

  @Test
  void fixedPropertiesKeepDjlOfflineAndOutputUtf8AfterUserArguments() {
    List<String> line = base().jvmArgs(List.of("-Dai.djl.offline=false")).build().commandLine();
    int user = line.indexOf("-Dai.djl.offline=false");
    int fixed = line.indexOf("-Dai.djl.offline=true");
    assertTrue(user > 0 && fixed > user, "the fixed property must come last and win: " + line);
    assertTrue(line.contains("-Dsun.stdout.encoding=UTF-8"), line.toString());
    assertTrue(line.contains("-Dstdout.encoding=UTF-8"), line.toString());
  }

  @Test
  void blankAndNullJvmArgumentsAreDroppedAndOthersStripped() {
    ForkConfiguration fork = base().jvmArgs(Arrays.asList(" -Xmx1g ", "", null, "  ")).build();
    assertEquals(List.of("-Xmx1g"), fork.jvmArgs());
  }

  @Test
  void environmentKeepsOrderAndTurnsEmptyElementsIntoEmptyValues() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CUDA_VISIBLE_DEVICES", "0");
    env.put("EMPTY", null);
    ForkConfiguration fork = base().environment(env).build();
    assertEquals(List.of("CUDA_VISIBLE_DEVICES", "EMPTY"),
        new ArrayList<>(fork.environment().keySet()));
    assertEquals("", fork.environment().get("EMPTY"));
  }

  @Test
  void environmentNamesWithEqualsSignsAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> base().environment(Map.of("A=B", "1")));
    assertTrue(e.getMessage().contains("'A=B'"), e.getMessage());
  }

  @Test
  void emptyClasspathIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ForkConfiguration.builder().java(JAVA).build());
    assertEquals("the fork classpath is empty", e.getMessage());
  }

  @Test
  void displayQuotesOnlyWhatTheShellWouldSplitOrExpand() {
    ForkConfiguration fork = base()
        .arguments(List.of("score", "--truth", "/data/한국 음식", "--out", "it's.csv"))
        .build();
    String shown = fork.display();
    assertTrue(shown.startsWith("/opt/jdk/bin/java -Dai.djl.offline=true "), shown);
    assertTrue(shown.endsWith(
        " dev.colorize.cli.ColorizeCli score --truth '/data/한국 음식' --out 'it'\\''s.csv'"), shown);
  }

  @Test
  void objectsAreImmutableCopies() {
    List<String> args = new ArrayList<>(List.of("prepare"));
    ForkConfiguration fork = base().arguments(args).build();
    args.add("--oops");
    assertEquals(List.of("prepare"), fork.arguments());
    assertThrows(UnsupportedOperationException.class, () -> fork.commandLine().add("x"));
  }

  @Test
  void javaExecutableIsUnderBin() {
    Path java = ForkConfiguration.javaExecutable(Path.of("/opt/jdk"));
    assertEquals(Path.of("/opt/jdk/bin"), java.getParent());
    assertTrue(java.getFileName().toString().startsWith("java"));
  }
}
