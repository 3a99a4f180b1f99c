package dev.colorize.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Prepares the declared datasets: decodes, crops and resizes every image into (gray, colour)
 * pairs in the prepared-pair cache under the work directory. Restartable; a completed
 * configuration is not recomputed (use {@code -Dcolorize.rerun=true} to force a new run).
 */
@Mojo(name = "prepare", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class PrepareMojo extends AbstractRunMojo {

  @Override
  protected String command() {
    return "prepare";
  }

  @Override
  protected boolean needsModels() {
    return false;
  }
}
