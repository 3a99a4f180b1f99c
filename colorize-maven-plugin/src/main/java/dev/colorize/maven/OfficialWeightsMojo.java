package dev.colorize.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes an untrained, seeded network in the exact layout and format of an author's published
 * weight file (forks {@code colorize official-weights}), so an example or a CI smoke test can
 * run the {@code official} engine without downloading the real file. An existing file is kept.
 */
@Mojo(name = "official-weights", defaultPhase = LifecyclePhase.GENERATE_RESOURCES,
    threadSafe = true)
public class OfficialWeightsMojo extends AbstractForkingMojo {

  /** Network family: deoldify, instcolor (a checkpoint folder) or chromagan (an .h5). */
  @Parameter(property = "colorize.officialConvention", defaultValue = "deoldify")
  protected String convention;

  /** DeOldify variant: artistic or stable. */
  @Parameter(property = "colorize.officialVariant", defaultValue = "artistic")
  protected String variant;

  /** Seed of the weights. */
  @Parameter(property = "colorize.officialSeed", defaultValue = "7")
  protected long seed;

  /** The file to write. */
  @Parameter(property = "colorize.officialOut",
      defaultValue = "${project.build.directory}/models/ColorizeArtistic_gen.pth")
  protected File out;

  @Override
  protected String command() {
    return "official-weights";
  }

  @Override
  protected List<String> cliArguments() {
    return List.of("official-weights", "--convention", convention, "--variant", variant,
        "--seed", String.valueOf(seed), "--out", out.getAbsolutePath());
  }
}
