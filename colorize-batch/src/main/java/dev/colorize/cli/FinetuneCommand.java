package dev.colorize.cli;

import dev.colorize.config.RunConfiguration;
import dev.colorize.job.BatchInfrastructure;
import dev.colorize.parallel.Workers;
import dev.colorize.job.finetune.FinetuneJob;
import dev.colorize.job.finetune.FinetuneSettings;
import dev.colorize.model.ModelRegistry;
import dev.colorize.plan.RunPlan;
import java.io.PrintStream;
import picocli.CommandLine.Command;

/**
 * {@code colorize finetune}: train the {@code <finetune>} model (builtin or torchscript) and export
 * it as a model of the same engine.
 */
@Command(name = "finetune", mixinStandardHelpOptions = true,
    description = "Fine-tune a builtin network or a TorchScript model on a dataset split,"
        + " resumably, and export it.")
final class FinetuneCommand extends JobCommand {
  @Override
  String goal() {
    return "finetune";
  }

  @Override
  boolean needsModels() {
    return true;
  }

  @Override
  void validateGoal(RunConfiguration config) {
    FinetuneSettings.of(config);
  }

  @Override
  RunnableJob build(RunConfiguration config, RunPlan plan, BatchInfrastructure infra,
      ModelRegistry registry, Workers workers, PrintStream out) {
    FinetuneJob job = new FinetuneJob(config, infra, registry, workers, out);
    return new RunnableJob(job.job(), job.parameters(), job.output(), job.identity());
  }
}
