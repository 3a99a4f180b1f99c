package dev.colorize.maven;

import java.io.File;
import java.nio.file.Files;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Scores existing colorizations against their ground truth: forks
 * {@code colorize score --truth T --pred P --out O --size N --threads K}, which writes one CSV
 * row per image pair with every metric, a mean row, and the images it could not score to
 * {@code <out>-skipped.csv}. Needs no project: {@code mvn dev.colorize:colorize-maven-plugin:score
 * -Dcolorize.truth=... -Dcolorize.pred=...} works in any folder.
 */
@Mojo(name = "score", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true,
    requiresProject = false)
public class ScoreMojo extends AbstractForkingMojo {

  /** Folder of ground-truth colour images. */
  @Parameter(property = "colorize.truth")
  protected File truth;

  /**
   * Folder of predicted colorizations; each is scored against the truth image at the same
   * relative path (any image extension).
   */
  @Parameter(property = "colorize.pred")
  protected File pred;

  /** The CSV to write. */
  @Parameter(property = "colorize.out",
      defaultValue = "${project.build.directory}/colorize/score/scores.csv")
  protected File out;

  /** Side of the square both images are resized to before scoring, in pixels. */
  @Parameter(property = "colorize.size", defaultValue = "256")
  protected int size;

  /** Worker threads; 0 = one per core. */
  @Parameter(property = "colorize.threads", defaultValue = "0")
  protected int threads;

  @Override
  protected String command() {
    return "score";
  }

  @Override
  protected List<String> cliArguments() throws MojoFailureException {
    requireFolder("<truth>", "colorize.truth", truth);
    requireFolder("<pred>", "colorize.pred", pred);
    if (out == null) {
      throw new MojoFailureException("<out> is not set; name the CSV file to write.");
    }
    if (size < 16 || size > 4096) {
      throw new MojoFailureException(
          "<size> is " + size + "; use a side between 16 and 4096 pixels (default 256).");
    }
    if (threads < 0) {
      throw new MojoFailureException(
          "<threads> is " + threads + "; use 0 (one per core) or more.");
    }
    return List.of("score",
        "--truth", truth.getAbsolutePath(),
        "--pred", pred.getAbsolutePath(),
        "--out", out.getAbsolutePath(),
        "--size", Integer.toString(size),
        "--threads", Integer.toString(threads));
  }

  private static void requireFolder(String element, String property, File file)
      throws MojoFailureException {
    if (file == null) {
      throw new MojoFailureException(element + " is not set; set it in the <configuration> or"
          + " with -D" + property + "=<folder>.");
    }
    if (!Files.isDirectory(file.toPath())) {
      throw new MojoFailureException(
          element + " '" + file.getAbsolutePath() + "' is not an existing folder.");
    }
  }
}
