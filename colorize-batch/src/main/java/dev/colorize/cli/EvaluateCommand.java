package dev.colorize.cli;

import dev.colorize.job.ColorizeJobs;
import org.springframework.batch.core.job.Job;
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
  Job job(ColorizeJobs jobs) {
    return jobs.evaluateJob();
  }
}
