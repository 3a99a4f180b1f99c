package dev.colorize.cli;

import dev.colorize.job.ColorizeJobs;
import dev.colorize.config.RunConfiguration;
import dev.colorize.job.BatchInfrastructure;
import dev.colorize.job.Workers;
import dev.colorize.model.ModelRegistry;
import java.io.PrintStream;
import picocli.CommandLine.Command;

/** {@code colorize evaluate}: prepare every dataset, run and score every model, write reports. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Prepare the datasets, colorize them with each model and score the results.")
final class EvaluateCommand extends JobCommand {
  @Override
  String goal() {
    return "evaluate";
  }

  @Override
  boolean needsModels() {
    return true;
  }

  @Override
  RunnableJob build(RunConfiguration config, BatchInfrastructure infra, ModelRegistry registry,
      Workers workers, PrintStream out) {
    ColorizeJobs jobs = new ColorizeJobs(config, infra, registry, workers, out);
    return colorizeJob(jobs, jobs.evaluateJob(), goal(), config);
  }
}
