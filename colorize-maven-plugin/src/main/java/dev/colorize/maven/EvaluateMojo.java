package dev.colorize.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Prepares the datasets, runs every declared model on them and scores the results: writes
 * {@code scores.csv}, {@code summary.csv}, {@code skipped.csv} and {@code run.json} under
 * {@code <workDirectory>/evaluate/}, and the HTML report {@code evaluate/report/index.html}
 * from them (docs/reports.md). Restartable after any crash; a completed configuration is
 * not recomputed (use {@code -Dcolorize.rerun=true} to force a new run).
 */
@Mojo(name = "evaluate", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class EvaluateMojo extends AbstractRunMojo {

  @Override
  protected String command() {
    return "evaluate";
  }

  @Override
  protected boolean needsModels() {
    return true;
  }
}
