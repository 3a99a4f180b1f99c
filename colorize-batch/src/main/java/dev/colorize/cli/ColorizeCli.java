package dev.colorize.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the colorize command line ({@code bin/colorize}, and the JVM the Maven goals
 * fork). Each sub-command lives in its own class; this one only wires them.
 */
@Command(
    name = "colorize",
    mixinStandardHelpOptions = true,
    versionProvider = ColorizeCli.Version.class,
    description = "Reproducible image-colorization experiments: prepare, colorize, score and fine-tune.",
    subcommands = {ScoreCommand.class, PrepareCommand.class, EvaluateCommand.class,
        ColorizeCommand.class, FinetuneCommand.class, CompareCommand.class, ReportCommand.class,
        WorkerCommand.class,
        OfficialWeightsCommand.class,
        CommandLine.HelpCommand.class})
public final class ColorizeCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
  public static int run(String... args) {
    return new CommandLine(new ColorizeCli()).execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Reports the version Maven wrote into the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = ColorizeCli.class.getPackage().getImplementationVersion();
      return new String[] {"colorize " + (v == null ? "(development build)" : v)};
    }
  }
}
