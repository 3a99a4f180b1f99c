package dev.colorize.cli;

import dev.colorize.job.WorkDirectoryLock;
import dev.colorize.report.html.ReportRebuild;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code colorize report}: writes a finished run's HTML report again from its files. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Rebuild the HTML report of a finished evaluate or finetune run from its CSVs,"
        + " run.json and kept images, without computing anything again."})
final class ReportCommand implements Callable<Integer> {

  @Option(names = "--run", required = true, paramLabel = "FOLDER",
      description = "The run's output folder, e.g. target/colorize/evaluate or"
          + " target/colorize/finetune/<model>.")
  Path folder;

  @Override
  public Integer call() {
    ReportRebuild rebuild;
    try {
      rebuild = ReportRebuild.of(folder.toAbsolutePath().normalize());
    } catch (ReportRebuild.NotAFinishedRunException e) {
      System.err.println("colorize report: " + e.getMessage());
      return ExitCodes.INVALID_CONFIGURATION;
    } catch (IOException e) {
      System.err.println("colorize report: cannot read " + folder + ": " + e.getMessage());
      return ExitCodes.INVALID_CONFIGURATION;
    }
    // A run of the same work directory could be rewriting the files the report reads.
    try (WorkDirectoryLock lock = WorkDirectoryLock.acquire(rebuild.workDirectory())) {
      Path index = rebuild.write();
      System.out.println("colorize report: " + rebuild.goal() + " report " + index);
      return ExitCodes.OK;
    } catch (IOException | RuntimeException e) {
      return CommandSupport.exitFor(e, "report", System.err);
    }
  }
}
