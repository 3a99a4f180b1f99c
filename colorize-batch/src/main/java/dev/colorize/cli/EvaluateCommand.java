package dev.colorize.cli;

import dev.colorize.config.RunConfiguration;
import dev.colorize.job.BatchInfrastructure;
import dev.colorize.job.evaluate.EvaluateJob;
import dev.colorize.parallel.Workers;
import dev.colorize.model.ModelRegistry;
import dev.colorize.plan.RunPlan;
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
  RunnableJob build(RunConfiguration config, RunPlan plan, BatchInfrastructure infra,
      ModelRegistry registry, Workers workers, PrintStream out) {
    return planJob(new EvaluateJob(plan, infra, registry, workers, out).job(), goal(), plan);
  }
}
