package dev.colorize.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Rebuilds the HTML report of a finished run: forks {@code colorize report}, which writes
 * {@code <run>/report/index.html} again from the run's CSVs, run.json and kept images without
 * computing anything, so a report's look can change without rerunning its goal
 * (docs/reports.md).
 */
@Mojo(name = "report", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class ReportMojo extends AbstractForkingMojo {

  /**
   * The finished run's output folder: {@code <workDirectory>/evaluate} or
   * {@code <workDirectory>/finetune/<model>}.
   */
  @Parameter(property = "colorize.run",
      defaultValue = "${project.build.directory}/colorize/evaluate")
  protected File run;

  @Override
  protected String command() {
    return "report";
  }

  @Override
  protected List<String> cliArguments() throws MojoFailureException {
    if (run == null) {
      throw new MojoFailureException("<run> is not set; name a finished run's output folder,"
          + " e.g. -Dcolorize.run=target/colorize/evaluate.");
    }
    String folder = absolute(run.getPath());
    if (!new File(folder).isDirectory()) {
      throw new MojoFailureException("<run> '" + folder + "' is not an existing folder; run the"
          + " evaluate or finetune goal that writes it first, or set -Dcolorize.run=FOLDER.");
    }
    return List.of("report", "--run", folder);
  }
}
