package dev.colorize.maven;

import dev.colorize.config.FinetuneConfig;
import dev.colorize.config.RunConfiguration;
import dev.colorize.job.finetune.FinetuneSettings;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Fine-tunes the {@code <finetune>} model (a {@code <model>} with {@code <engine>builtin</engine>},
 * or a {@code <engine>torchscript</engine>} model of convention chromagan, instcolor or lab) on a
 * split of a declared dataset and exports the result as a model of the same engine under
 * {@code <workDirectory>/finetune/<model>/} ({@code <model>.builtin} or {@code <model>.pt},
 * {@code loss.csv},
 * {@code validation.csv}, {@code finetune.json}, {@code skipped.csv}, {@code run.json}).
 * Chunks of optimiser steps end on training checkpoints, so a killed run resumes from the last
 * one; a completed configuration is not retrained (use {@code -Dcolorize.rerun=true}).
 */
@Mojo(name = "finetune", threadSafe = true)
public class FinetuneMojo extends AbstractRunMojo {

  /**
   * What to train: {@code <model>}, {@code <dataset>}, {@code <split>}, {@code <validationSplit>},
   * {@code <epochs>}, {@code <batchSize>}, {@code <gradientAccumulation>}, {@code <learningRate>}, {@code <seed>},
   * {@code <checkpointInterval>}, {@code <imageSize>}, {@code <patience>}, {@code <monitor>},
   * {@code <threads>}, {@code <phases>}, {@code <stage>}, {@code <classTeacher>}, {@code <discriminator>},
   * {@code <loss>}, {@code <featureLoss>}
   * (docs/training.md).
   */
  @Parameter
  protected FinetuneConfig finetune;

  @Override
  protected String command() {
    return "finetune";
  }

  /**
   * The self-check's choice for any convolution, whatever the trained network: the padded choice
   * is checked on single convolutions only, and on an AMD EPYC Zen 5 host it (AVX2) had every
   * padded convolution right yet whole networks' gradients wrong, right at the choice for any
   * (SSE4.1; docs/training.md). Inference forks keep the padded choice.
   */
  @Override
  protected Map<String, String> defaultEnvironment() {
    return forkEnvironment(false);
  }

  @Override
  protected boolean needsModels() {
    return true;
  }

  @Override
  protected void validateGoal(RunConfiguration config) {
    FinetuneSettings.of(config);
  }

  @Override
  RunConfiguration runConfiguration() {
    RunConfiguration c = super.runConfiguration();
    if (finetune != null) {
      c.finetune = copy(finetune);
    }
    return c;
  }

  private static FinetuneConfig copy(FinetuneConfig f) {
    FinetuneConfig c = new FinetuneConfig(f.model, f.dataset);
    c.split = f.split;
    c.validationSplit = f.validationSplit;
    c.epochs = f.epochs;
    c.batchSize = f.batchSize;
    c.gradientAccumulation = f.gradientAccumulation;
    c.seed = f.seed;
    c.learningRate = f.learningRate;
    c.checkpointInterval = f.checkpointInterval;
    c.imageSize = f.imageSize;
    c.patience = f.patience;
    c.monitor = f.monitor;
    c.threads = f.threads;
    c.phases = f.phases;
    c.stage = f.stage;
    c.classTeacher = f.classTeacher;
    c.discriminator = f.discriminator;
    c.loss = f.loss;
    c.featureLoss = f.featureLoss;
    return c;
  }
}
