package dev.colorize.maven;

import dev.colorize.model.cpu.InstructionSetChoice;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.AbstractMojoExecutionException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What every colorize goal shares: {@code skip}, and how the CLI is forked ({@code jvm},
 * {@code jvmArgs}, {@code environment}, {@code forkTimeoutSeconds}). A goal supplies the CLI
 * arguments ({@link #cliArguments()}, which also validates); this class runs the CLI in a new JVM
 * whose classpath is the plugin's own runtime artifacts and maps its exit code ({@link CliExit}).
 */
public abstract class AbstractForkingMojo extends AbstractMojo {

  /** JVM arguments used when {@code jvmArgs} is not set. */
  public static final List<String> DEFAULT_JVM_ARGS = List.of("-Xmx2g");

  /** Skips the goal. */
  @Parameter(property = "colorize.skip", defaultValue = "false")
  protected boolean skip;

  /** The java executable of the forked JVM; default: the JVM running Maven. */
  @Parameter(property = "colorize.jvm")
  protected File jvm;

  /**
   * Arguments of the forked JVM, e.g. {@code <jvmArg>-Xmx8g</jvmArg>}; from the command line
   * comma-separated ({@code -Dcolorize.jvmArgs=-Xmx8g,-XX:+UseG1GC}). Default {@code -Xmx2g}.
   */
  @Parameter(property = "colorize.jvmArgs")
  protected List<String> jvmArgs;

  /**
   * Environment variables added to the forked JVM's (inherited) environment, e.g.
   * {@code <CUDA_VISIBLE_DEVICES>0</CUDA_VISIBLE_DEVICES>}. An empty element sets an empty value.
   */
  @Parameter
  protected Map<String, String> environment;

  /** Longest time the forked JVM may run, in seconds; 0 = no limit. */
  @Parameter(property = "colorize.forkTimeoutSeconds", defaultValue = "0")
  protected long forkTimeoutSeconds;

  /** The plugin's runtime dependencies: colorize-batch and everything it needs. */
  @Parameter(defaultValue = "${plugin.artifacts}", readonly = true, required = true)
  protected List<Artifact> pluginArtifacts;

  /** The project folder; relative paths in the configuration are resolved against it. */
  @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
  protected File basedir;

  /** The CLI command this goal runs: prepare, evaluate or score. */
  protected abstract String command();

  /**
   * Validates this goal's parameters and prepares whatever the CLI reads.
   *
   * @return the CLI arguments, starting with {@link #command()}
   * @throws MojoFailureException for a configuration the user must fix
   */
  protected abstract List<String> cliArguments()
      throws MojoFailureException, MojoExecutionException;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("colorize " + command() + " skipped (colorize.skip)");
      return;
    }
    List<String> arguments = cliArguments();
    fork(forkConfiguration(arguments));
  }

  /** The forked JVM for the given CLI arguments. */
  ForkConfiguration forkConfiguration(List<String> arguments)
      throws MojoFailureException, MojoExecutionException {
    Path java = javaExecutable();
    List<Path> classpath = classpath();
    if (classpath.isEmpty()) {
      throw new MojoExecutionException("the plugin's runtime artifacts (${plugin.artifacts}) are"
          + " empty; the colorize CLI cannot be forked");
    }
    ForkConfiguration.Builder fork = ForkConfiguration.builder()
        .java(java)
        .jvmArgs(jvmArgs == null || jvmArgs.isEmpty() ? DEFAULT_JVM_ARGS : jvmArgs)
        .classpath(classpath)
        .arguments(arguments)
        .workingDirectory(basedir == null ? null : basedir.toPath());
    try {
      fork.environment(defaultEnvironment());
      fork.environment(environment);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("<environment> " + e.getMessage() + ".");
    }
    return fork.build();
  }

  /**
   * Environment variables every fork gets unless the POM's {@code <environment>} (or, for
   * {@code DNNL_MAX_CPU_ISA}, Maven's own environment) sets them otherwise: what the machine's
   * convolution self-check chose ({@link InstructionSetChoice}, once per machine and kept).
   * {@code DNNL_MAX_CPU_ISA}: the fastest oneDNN instruction set whose convolutions are right
   * here (PyTorch 2.7.1's AVX-512 and AVX2 kernels were seen wrong on some AMD EPYC machines and
   * right on others, docs/training.md); {@code MALLOC_PERTURB_=255} (glibc zeroes fresh
   * allocations) only where its convolutions read uninitialised memory; channel padding off
   * where every channel count is right. When the instruction set is set by hand, nothing is
   * known of it, so both guards stay on.
   */
  protected Map<String, String> defaultEnvironment() {
    return forkEnvironment(false);
  }

  /**
   * {@link #defaultEnvironment()} for a fork; {@code paddedOnly}: every convolution it computes
   * goes through {@code PaddedConv2d} (it runs built-in and official networks only).
   */
  protected Map<String, String> forkEnvironment(boolean paddedOnly) {
    String isa = instructionSet(paddedOnly);
    if (isa == null) {
      Map<String, String> guarded = new LinkedHashMap<>();
      guarded.put("MALLOC_PERTURB_", InstructionSetChoice.FILL);
      return guarded;
    }
    return cpuChoice.environment(paddedOnly);
  }

  /** The self-check's choice; tests set it, forks compute it once per Mojo. */
  InstructionSetChoice.Choice cpuChoice;
  /** The environment the fork inherits (Maven's); tests replace it. */
  Map<String, String> inheritedEnvironment = System.getenv();

  /**
   * The {@code DNNL_MAX_CPU_ISA} for this fork, or null when the POM or Maven's environment set it.
   *
   * @param paddedOnly whether every convolution of the fork goes through {@code PaddedConv2d}
   */
  protected String instructionSet(boolean paddedOnly) {
    if ((environment != null && environment.containsKey("DNNL_MAX_CPU_ISA"))
        || inheritedEnvironment.get("DNNL_MAX_CPU_ISA") != null) {
      return null;
    }
    if (cpuChoice == null) {
      cpuChoice = InstructionSetChoice.forClasspath(javaExecutable(), classpath()).choose(false);
      getLog().info(cpuChoice.describe());
      if (cpuChoice.warning() != null) {
        getLog().warn(cpuChoice.warning());
      }
    }
    return paddedOnly ? cpuChoice.padded() : cpuChoice.any();
  }

  private Path javaExecutable() {
    return jvm != null
        ? jvm.toPath()
        : ForkConfiguration.javaExecutable(Path.of(System.getProperty("java.home")));
  }

  /**
   * The plugin's runtime artifacts that belong on a classpath, in resolution order, without the
   * plugin's own jar (Mojos only; the CLI does not need them).
   */
  List<Path> classpath() {
    List<Path> entries = new ArrayList<>();
    if (pluginArtifacts != null) {
      for (Artifact artifact : pluginArtifacts) {
        boolean onClasspath = !"maven-plugin".equals(artifact.getType())
            && (artifact.getArtifactHandler() == null
                || artifact.getArtifactHandler().isAddedToClasspath());
        if (artifact.getFile() != null && onClasspath) {
          entries.add(artifact.getFile().toPath());
        }
      }
    }
    return entries;
  }

  private void fork(ForkConfiguration fork) throws MojoExecutionException, MojoFailureException {
    getLog().debug("Forking: " + fork.display());
    int exitCode;
    try {
      exitCode = new ForkedRun(fork, Duration.ofSeconds(Math.max(0, forkTimeoutSeconds)),
          new MavenLogOutput(getLog())).run();
    } catch (ForkException e) {
      throw new MojoExecutionException("colorize " + command() + ": " + e.getMessage()
          + System.lineSeparator() + "Command line: " + e.commandLine(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException("colorize " + command()
          + " was interrupted; the forked JVM was terminated", e);
    }
    AbstractMojoExecutionException failure =
        CliExit.toException(exitCode, command(), fork.display());
    if (failure instanceof MojoFailureException f) {
      throw f;
    }
    if (failure instanceof MojoExecutionException e) {
      throw e;
    }
  }

  /** A path from the POM, absolute: relative ones are taken from the project folder. */
  String absolute(String path) {
    if (path == null || path.isBlank()) {
      return path;
    }
    Path p = Path.of(path);
    if (!p.isAbsolute() && basedir != null) {
      p = basedir.toPath().resolve(p);
    }
    return p.normalize().toString();
  }
}
