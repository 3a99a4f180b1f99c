package dev.colorize.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An immutable description of one forked JVM: the java executable, JVM arguments, extra
 * environment variables, classpath, main class and program arguments. It builds the command line
 * and nothing else; {@link ForkedRun} runs it.
 *
 * <p>The command line is {@code java <jvmArgs> <fixed properties> -cp <classpath> <main> <args>}.
 * The fixed properties come after the user's JVM arguments so they always win: DJL stays offline,
 * AWT headless, and the child writes UTF-8 (Hangul intact) whatever the machine's locale, with
 * slf4j-simple logging to stdout so stderr carries only real problems.
 */
public final class ForkConfiguration {

  /** The colorize CLI entry point. */
  public static final String CLI_MAIN_CLASS = "dev.colorize.cli.ColorizeCli";

  /**
   * Properties every fork gets. {@code sun.std*.encoding} is what JDK 17/18 read for
   * System.out/err, {@code std*.encoding} what JDK 19+ read.
   */
  public static final List<String> FIXED_JVM_PROPERTIES = List.of(
      "-Dai.djl.offline=true",
      "-Djava.awt.headless=true",
      "-Dfile.encoding=UTF-8",
      "-Dsun.stdout.encoding=UTF-8",
      "-Dsun.stderr.encoding=UTF-8",
      "-Dstdout.encoding=UTF-8",
      "-Dstderr.encoding=UTF-8",
      "-Dorg.slf4j.simpleLogger.logFile=System.out");

  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

  private final Path java;
  private final List<String> jvmArgs;
  private final Map<String, String> environment;
  private final List<Path> classpath;
  private final String mainClass;
  private final List<String> arguments;
  private final Path workingDirectory;

  private ForkConfiguration(Builder b) {
    this.java = Objects.requireNonNull(b.java, "java executable");
    this.jvmArgs = List.copyOf(b.jvmArgs);
    this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
    this.classpath = List.copyOf(b.classpath);
    this.mainClass = b.mainClass;
    this.arguments = List.copyOf(b.arguments);
    this.workingDirectory = b.workingDirectory;
    if (classpath.isEmpty()) {
      throw new IllegalArgumentException("the fork classpath is empty");
    }
    if (mainClass == null || mainClass.isBlank()) {
      throw new IllegalArgumentException("the fork main class is not set");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code <javaHome>/bin/java} (or {@code java.exe} on Windows). */
  public static Path javaExecutable(Path javaHome) {
    boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
    return javaHome.resolve("bin").resolve(windows ? "java.exe" : "java");
  }

  /** The full command line, one element per argument. */
  public List<String> commandLine() {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(jvmArgs);
    command.addAll(FIXED_JVM_PROPERTIES);
    command.add("-cp");
    command.add(classpathString());
    command.add(mainClass);
    command.addAll(arguments);
    return Collections.unmodifiableList(command);
  }

  /** The command line as one shell-pasteable string (arguments quoted where needed). */
  public String display() {
    return commandLine().stream().map(ForkConfiguration::shellQuote)
        .collect(Collectors.joining(" "));
  }

  /** The classpath joined with the platform's path separator. */
  public String classpathString() {
    return classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }

  static String shellQuote(String argument) {
    if (!argument.isEmpty() && SHELL_SAFE.matcher(argument).matches()) {
      return argument;
    }
    return "'" + argument.replace("'", "'\\''") + "'";
  }

  public Path java() {
    return java;
  }

  public List<String> jvmArgs() {
    return jvmArgs;
  }

  /** Variables added to (or replacing those in) the child's inherited environment. */
  public Map<String, String> environment() {
    return environment;
  }

  public List<Path> classpath() {
    return classpath;
  }

  public String mainClass() {
    return mainClass;
  }

  public List<String> arguments() {
    return arguments;
  }

  /** The child's working directory; null = the current one. */
  public Path workingDirectory() {
    return workingDirectory;
  }

  /** Collects the parts of a {@link ForkConfiguration}; blank JVM arguments are dropped. */
  public static final class Builder {
    private Path java;
    private final List<String> jvmArgs = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<Path> classpath = new ArrayList<>();
    private String mainClass = CLI_MAIN_CLASS;
    private final List<String> arguments = new ArrayList<>();
    private Path workingDirectory;

    private Builder() {}

    public Builder java(Path java) {
      this.java = java;
      return this;
    }

    public Builder jvmArgs(List<String> args) {
      if (args != null) {
        args.stream().filter(a -> a != null && !a.isBlank()).map(String::strip)
            .forEach(jvmArgs::add);
      }
      return this;
    }

    /**
     * Adds environment variables. A null value (an empty POM element) becomes the empty string.
     *
     * @throws IllegalArgumentException for a blank or '='-containing name
     */
    public Builder environment(Map<String, String> variables) {
      if (variables != null) {
        variables.forEach((name, value) -> {
          if (name == null || name.isBlank() || name.contains("=")) {
            throw new IllegalArgumentException(
                "environment variable name '" + name + "' is not valid");
          }
          environment.put(name, value == null ? "" : value);
        });
      }
      return this;
    }

    public Builder classpath(List<Path> entries) {
      classpath.addAll(entries);
      return this;
    }

    public Builder mainClass(String mainClass) {
      this.mainClass = mainClass;
      return this;
    }

    public Builder arguments(List<String> args) {
      arguments.addAll(args);
      return this;
    }

    public Builder workingDirectory(Path directory) {
      this.workingDirectory = directory;
      return this;
    }

    public ForkConfiguration build() {
      return new ForkConfiguration(this);
    }
  }
}
