package dev.colorize.maven;

import dev.colorize.config.ConfigurationException;
import dev.colorize.config.RunConfiguration;
import dev.colorize.image.DecodeOptions;
import dev.colorize.job.colorize.ColorizeRequest;
import dev.colorize.job.colorize.ColorizeRun;
import dev.colorize.job.colorize.OutputFormat;
import dev.colorize.model.ModelRegistry;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Applies one declared model to a folder (or a declared dataset) of photos and writes them
 * colorized at their original resolution, mirroring the input tree under {@code output}:
 * {@code mvn colorize:colorize -Dcolorize.model=NAME -Dcolorize.input=DIR -Dcolorize.output=DIR}.
 * The model sees the lightness at {@code imageSize}; its chroma is upsampled and joined with the
 * original full-resolution lightness. Lists of colorized and skipped photos and {@code run.json}
 * go to {@code <workDirectory>/colorize/}. Restartable: a killed run resumes without redoing
 * finished photos; a completed request is not redone (use {@code -Dcolorize.rerun=true}).
 */
@Mojo(name = "colorize", threadSafe = true)
public class ColorizeMojo extends AbstractRunMojo {

  /** Name of the {@code <models>} entry to apply. */
  @Parameter(property = "colorize.model")
  protected String model;

  /** Folder of photos (every image below it); relative to the project folder. */
  @Parameter(property = "colorize.input")
  protected File input;

  /** A declared {@code <datasets>} entry to colorize instead of {@code input}. */
  @Parameter(property = "colorize.dataset")
  protected String dataset;

  /** Folder the colorized photos are written to, mirroring the input tree. */
  @Parameter(property = "colorize.output", defaultValue = "${project.build.directory}/colorized")
  protected File output;

  /** {@code same}: each input's format (JPEG quality 95, PNG lossless); {@code png}: always PNG. */
  @Parameter(property = "colorize.outputFormat", defaultValue = "same")
  protected String outputFormat;

  /** Largest photo in pixels; larger ones are skipped as TOO_LARGE. */
  @Parameter(property = "colorize.maxPixels", defaultValue = "100000000")
  protected long maxPixels = DecodeOptions.DEFAULT_MAX_PIXELS;

  @Override
  protected String command() {
    return "colorize";
  }

  @Override
  protected boolean needsModels() {
    return true;
  }

  @Override
  String hint() {
    return "Set it in the colorize-maven-plugin <configuration> of your pom or on the command line"
        + " (-Dcolorize.model=NAME -Dcolorize.input=DIR -Dcolorize.output=DIR); 'mvn"
        + " colorize:help -Ddetail -Dgoal=colorize' lists every parameter.";
  }

  @Override
  protected List<String> cliArguments() throws MojoFailureException, MojoExecutionException {
    RunConfiguration config = runConfiguration();
    String format = outputFormat == null ? "same" : outputFormat.strip();
    try {
      OutputFormat parsed;
      try {
        parsed = OutputFormat.fromId(format);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("<outputFormat>", "is '" + format
            + "'; use same or png");
      }
      ColorizeRun.resolve(config, request(parsed), ModelRegistry.standard());
    } catch (ConfigurationException e) {
      throw new MojoFailureException(e.getMessage() + System.lineSeparator() + hint(), e);
    }
    Path file = configurationFile();
    try {
      config.write(file);
    } catch (IOException e) {
      throw new MojoExecutionException("cannot write the run configuration " + file + ": " + e, e);
    }
    getLog().info("colorize colorize: run configuration " + file);
    List<String> arguments = new ArrayList<>(List.of(command(), "--config", file.toString(),
        "--model", model));
    if (input != null) {
      arguments.addAll(List.of("--input", absolutePath(input)));
    } else {
      arguments.addAll(List.of("--dataset", dataset));
    }
    arguments.addAll(List.of("--output", absolutePath(output), "--output-format", format,
        "--max-pixels", String.valueOf(maxPixels)));
    return arguments;
  }

  private ColorizeRequest request(OutputFormat format) {
    String datasetName = dataset == null || dataset.isBlank() ? null : dataset.strip();
    return new ColorizeRequest(model == null ? null : model.strip(),
        input == null ? null : Path.of(absolutePath(input)), datasetName,
        output == null ? null : Path.of(absolutePath(output)), format, maxPixels);
  }

  private String absolutePath(File file) {
    return absolute(file.getPath());
  }
}
