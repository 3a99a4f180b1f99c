package dev.colorize.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.colorize.config.ConfigurationException;
import dev.colorize.config.RunConfiguration;
import dev.colorize.image.DecodeOptions;
import dev.colorize.job.BatchInfrastructure;
import dev.colorize.job.JobRunner;
import dev.colorize.job.RepositorySettings;
import dev.colorize.job.WorkDirectoryLock;
import dev.colorize.parallel.Workers;
import dev.colorize.job.colorize.ColorizeJob;
import dev.colorize.job.colorize.ColorizeRequest;
import dev.colorize.job.colorize.ColorizeRun;
import dev.colorize.job.colorize.ColorizeWriter;
import dev.colorize.job.colorize.OutputFormat;
import dev.colorize.model.GrayEngine;
import dev.colorize.model.ModelRegistry;
import dev.colorize.report.CsvLine;
import dev.colorize.report.ReportColumns;
import dev.colorize.report.RunReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code colorize colorize}: applies one declared model to a folder (or a declared dataset) of
 * photos and writes them colorized at their original resolution. The run configuration supplies
 * the declarations and settings; the options say what to colorize and where to.
 */
@Command(name = "colorize", mixinStandardHelpOptions = true,
    description = {"Colorize every photo under --input (or of --dataset) with the declared model"
        + " --model and write them, at their original resolution, to the same relative paths"
        + " under --output.",
        "Restartable: running the same command again resumes after the last committed chunk."})
final class ColorizeCommand implements Callable<Integer> {

  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "Run configuration (JSON), as written by the Maven goals: work directory,"
          + " <models>, <datasets>, imageSize (the model's working size), chunkSize, threads,"
          + " skip limits, job repository.")
  Path configFile;

  @Option(names = "--model", required = true, paramLabel = "NAME",
      description = "Name of a model declared in the configuration.")
  String model;

  @Option(names = "--input", paramLabel = "DIR", description = "Folder of photos.")
  Path input;

  @Option(names = "--dataset", paramLabel = "NAME",
      description = "A declared dataset to colorize instead of --input.")
  String dataset;

  @Option(names = "--output", required = true, paramLabel = "DIR",
      description = "Folder the colorized tree is written to.")
  Path output;

  @Option(names = "--output-format", defaultValue = "same", paramLabel = "same|png",
      description = "same: the input's format (JPEG quality 95, PNG lossless); png: always PNG"
          + " (default ${DEFAULT-VALUE}).")
  String outputFormat;

  @Option(names = "--max-pixels", paramLabel = "N",
      description = "Largest photo in pixels; larger ones are skipped as TOO_LARGE"
          + " (default ${DEFAULT-VALUE}).")
  long maxPixels = DecodeOptions.DEFAULT_MAX_PIXELS;

  @Option(names = "--rerun", description = "Start a new run even if this request completed.")
  boolean rerun;

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public Integer call() {
    PrintStream out = System.out;
    PrintStream err = System.err;
    RunConfiguration config = CommandSupport.read(configFile, err);
    if (config == null) {
      return ExitCodes.INVALID_CONFIGURATION;
    }
    ModelRegistry registry = ModelRegistry.standard();
    ColorizeRun run;
    try {
      OutputFormat format;
      try {
        format = OutputFormat.fromId(outputFormat);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("<outputFormat>", "is '" + outputFormat
            + "'; use same or png");
      }
      run = ColorizeRun.resolve(config, new ColorizeRequest(model, input, dataset, output, format,
          maxPixels), registry);
    } catch (ConfigurationException e) {
      err.println("colorize: invalid configuration: " + e.getMessage());
      return ExitCodes.INVALID_CONFIGURATION;
    }
    RunConfiguration used = run.configuration();
    Path work = run.plan().workDirectory();
    RepositorySettings repository = CommandSupport.repository(used);
    try (WorkDirectoryLock lock = WorkDirectoryLock.acquire(work);
        BatchInfrastructure infra = BatchInfrastructure.open(repository);
        Workers workers = new Workers(run.plan().threads())) {
      ColorizeJob job = new ColorizeJob(run, infra, registry, workers, out);
      out.println("colorize colorize: model '" + run.model().name + "', photos "
          + run.source().root() + ", output " + run.output() + ", working size "
          + run.imageSize() + ", request " + run.identity() + ", work directory " + work + ", "
          + workers.threads() + " worker threads");
      JobRunner.Outcome outcome = new JobRunner(infra).run(job.job(), job.parameters(),
          rerun || used.rerun);
      Path reports = job.reportDirectory();
      JobExecution execution = outcome.execution();
      if (outcome.action() == JobRunner.Action.ALREADY_COMPLETE) {
        out.println("colorize colorize: this request already completed (execution "
            + execution.getId() + "); the photos are in " + run.output() + " and the lists in "
            + reports + " (set colorize.rerun=true to colorize them again)");
        return ExitCodes.OK;
      }
      Path report = RunReport.write(reports, ColorizeJob.GOAL, run.toJson(), run.identity(),
          repository.redactedUrl(), outcome.action().name(), execution);
      long noChroma = addColorizedCounts(report, reports.resolve("colorized.csv"));
      if (noChroma > 0 && !GrayEngine.ID.equals(run.model().engine)) {
        err.println("colorize colorize: warning: " + noChroma + " photos came back without colour"
            + " (no_chroma = 1 in colorized.csv): the model failed on them (for DeOldify often a"
            + " GPU out-of-memory error) or its weights did not load");
      }
      if (execution.getStatus() == BatchStatus.COMPLETED) {
        out.println("colorize colorize: completed; photos in " + run.output() + ", lists of"
            + " colorized and skipped photos in " + reports);
        return ExitCodes.OK;
      }
      return CommandSupport.failed(execution, ColorizeJob.GOAL, err);
    } catch (Exception e) {
      return CommandSupport.exitFor(e, ColorizeJob.GOAL, err);
    }
  }

  /**
   * run.json counts the rows of the shared report names; adds colorized.csv's and how many of
   * them came back without colour.
   *
   * @return photos flagged no_chroma
   */
  private static long addColorizedCounts(Path report, Path colorized) throws IOException {
    if (!Files.exists(colorized)) {
      return 0;
    }
    int column = ColorizeWriter.COLUMNS.indexOf(ReportColumns.NO_CHROMA);
    long rows = 0;
    long noChroma = 0;
    try (Stream<String> lines = Files.lines(colorized, StandardCharsets.UTF_8)) {
      for (String line : (Iterable<String>) lines.skip(1)::iterator) {
        if (!line.isEmpty()) {
          rows++;
          if ("1".equals(CsvLine.parse(line).get(column))) {
            noChroma++;
          }
        }
      }
    }
    ObjectNode root = (ObjectNode) JSON.readTree(report.toFile());
    root.withObjectProperty("rows").put("colorized.csv", rows);
    root.put("noChroma", noChroma);
    Path temp = report.resolveSibling(report.getFileName() + ".tmp");
    Files.writeString(temp, JSON.writeValueAsString(root), StandardCharsets.UTF_8);
    Files.move(temp, report, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    return noChroma;
  }
}
