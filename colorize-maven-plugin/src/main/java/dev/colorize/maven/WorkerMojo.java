package dev.colorize.maven;

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * A worker of a remote run ({@code <remote>}, docs/scale-out.md): forks {@code colorize worker}
 * on this project's configuration, which takes and runs partitions of the manager's
 * {@code colorize:evaluate} (or {@code colorize:prepare}) until idle or Ctrl-C. Start as many as
 * you like, on any machine that reaches the database and sees the datasets and the work
 * directory at the same paths.
 */
@Mojo(name = "worker", requiresProject = true, threadSafe = true)
public class WorkerMojo extends EvaluateMojo {

  /** The manager's goal: {@code evaluate} (default) or {@code prepare}. */
  @Parameter(property = "colorize.workerGoal", defaultValue = "evaluate")
  protected String workerGoal;

  /** End after this many seconds without a partition; unset or negative: wait until Ctrl-C. */
  @Parameter(property = "colorize.idleSeconds")
  protected Long idleSeconds;

  @Override
  protected String command() {
    return "worker";
  }

  @Override
  protected boolean needsModels() {
    return !"prepare".equals(workerGoal);
  }

  @Override
  protected List<String> cliArguments() throws MojoFailureException, MojoExecutionException {
    if (!"evaluate".equals(workerGoal) && !"prepare".equals(workerGoal)) {
      throw new MojoFailureException("colorize.workerGoal is '" + workerGoal
          + "'; use evaluate or prepare (the goal the manager runs)");
    }
    if (remote == null) {
      throw new MojoFailureException("colorize:worker needs <remote> in the plugin's"
          + " configuration: without it the manager runs every step itself and sends no"
          + " partitions (docs/scale-out.md)");
    }
    List<String> arguments = new ArrayList<>(super.cliArguments());
    arguments.add("--goal");
    arguments.add(workerGoal);
    if (idleSeconds != null) {
      arguments.add("--idle-seconds");
      arguments.add(String.valueOf(idleSeconds));
    }
    return arguments;
  }
}
