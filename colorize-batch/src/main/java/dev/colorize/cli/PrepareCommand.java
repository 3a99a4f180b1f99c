package dev.colorize.cli;

import dev.colorize.config.RunConfiguration;
import dev.colorize.job.BatchInfrastructure;
import dev.colorize.job.prepare.PrepareJob;
import dev.colorize.parallel.Workers;
import dev.colorize.model.ModelRegistry;
import dev.colorize.plan.RunPlan;
import java.io.PrintStream;
import picocli.CommandLine.Command;

/** {@code colorize prepare}: decode, crop and resize every dataset into the prepared-pair cache. */
@Command(name = "prepare", mixinStandardHelpOptions = true,
    description = "Prepare the datasets' (gray, colour) pairs into the cache.")
final class PrepareCommand extends JobCommand {
  @Override
  String goal() {
    return "prepare";
  }

  @Override
  boolean needsModels() {
    return false;
  }

  @Override
  RunnableJob build(RunConfiguration config, RunPlan plan, BatchInfrastructure infra,
      ModelRegistry registry, Workers workers, PrintStream out) {
    return planJob(new PrepareJob(plan, infra, workers, out).job(), goal(), plan);
  }
}
