package dev.colorize.maven;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Compares evaluate runs: forks {@code colorize compare}, which puts the overall rows of the
 * given {@code summary.csv} files side by side and compares each model with the baseline model
 * of the same dataset, writing {@code comparison.csv} (docs/reports.md).
 */
@Mojo(name = "compare", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class CompareMojo extends AbstractForkingMojo {

  /** One {@code <summary>}: a label and an evaluate run's summary.csv. */
  public static class Summary {
    /** Name of the run in the output, e.g. pretrained. */
    public String label;
    /** The summary.csv file. */
    public File path;
  }

  /** The runs to compare, in output order. */
  @Parameter
  protected List<Summary> summaries;

  /** Model every other model is compared with. */
  @Parameter(property = "colorize.baseline", defaultValue = "gray")
  protected String baseline;

  /** The comparison CSV to write. */
  @Parameter(property = "colorize.comparison",
      defaultValue = "${project.build.directory}/colorize/comparison.csv")
  protected File comparison;

  @Override
  protected String command() {
    return "compare";
  }

  @Override
  protected List<String> cliArguments() throws MojoFailureException {
    if (summaries == null || summaries.isEmpty()) {
      throw new MojoFailureException("<summaries> is empty; list each evaluate run's summary.csv"
          + " as <summary><label>NAME</label><path>FILE</path></summary>.");
    }
    List<String> arguments = new ArrayList<>(List.of("compare"));
    for (int i = 0; i < summaries.size(); i++) {
      Summary s = summaries.get(i);
      if (s == null || s.label == null || s.label.isBlank() || s.label.contains("=")) {
        throw new MojoFailureException("<summaries><summary>[" + (i + 1) + "]<label> is missing"
            + " or contains '='; give each run a plain name.");
      }
      if (s.path == null) {
        throw new MojoFailureException("<summaries><summary>[" + (i + 1) + "]<path> is missing.");
      }
      arguments.add("--summary");
      arguments.add(s.label.strip() + "=" + s.path.getAbsolutePath());
    }
    arguments.addAll(List.of("--baseline", baseline, "--out", comparison.getAbsolutePath()));
    return arguments;
  }
}
