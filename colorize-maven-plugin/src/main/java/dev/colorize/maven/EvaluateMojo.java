package dev.colorize.maven;

import dev.colorize.config.RunConfiguration;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Prepares the datasets, runs every declared model on them and scores the results: writes
 * {@code scores.csv}, {@code summary.csv}, {@code skipped.csv} and {@code run.json} under
 * {@code <workDirectory>/evaluate/}, and the HTML report {@code evaluate/report/index.html}
 * from them (docs/reports.md). Restartable after any crash; a completed configuration is
 * not recomputed (use {@code -Dcolorize.rerun=true} to force a new run).
 */
@Mojo(name = "evaluate", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class EvaluateMojo extends AbstractRunMojo {

  /**
   * Which predictions evaluate keeps: {@code report} (the default: only the images the HTML
   * report's gallery shows, copied into {@code evaluate/report/images/}), {@code all} (also every
   * prediction, under {@code <workDirectory>/runs/<identity>/predictions/<dataset>/<model>/}) or
   * {@code none}; other values are refused. See docs/reports.md.
   */
  @Parameter(property = "colorize.saveImages", defaultValue = "report")
  protected String saveImages;

  @Override
  RunConfiguration runConfiguration() {
    RunConfiguration c = super.runConfiguration();
    c.saveImages = saveImages == null || saveImages.isBlank() ? null : saveImages.strip();
    return c;
  }

  @Override
  protected String command() {
    return "evaluate";
  }

  @Override
  protected boolean needsModels() {
    return true;
  }
}
