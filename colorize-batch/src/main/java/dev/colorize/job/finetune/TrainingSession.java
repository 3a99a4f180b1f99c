package dev.colorize.job.finetune;

import dev.colorize.model.builtin.BuiltinCheckpoint;
import dev.colorize.train.AdamSettings;
import dev.colorize.train.BuiltinTrainable;
import dev.colorize.train.OfficialChromaGanTrainable;
import dev.colorize.train.OfficialDeOldifyTrainable;
import dev.colorize.train.OfficialInstColorTrainable;
import dev.colorize.train.OfficialTrainable;
import dev.colorize.train.ColorValidation;
import dev.colorize.train.TorchScriptTrainable;
import dev.colorize.train.TrainableModel;
import dev.colorize.train.TrainingConfig;
import dev.colorize.train.TrainingData;
import dev.colorize.train.TrainingException;
import dev.colorize.train.TrainingLoop;
import dev.colorize.train.ValidationImages;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * The training loop behind the train step: opened (resuming from the newest training checkpoint)
 * before the step, closed after it. Between, {@link #trainUntil} runs one chunk's steps and ends
 * on a checkpoint; after each validation pass the best weights so far are saved as a model of the
 * trained model's engine ({@code best.builtin}, {@code best.pt} for a torchscript model, or
 * {@code best.pth} in the published format for an official one, a checkpoint folder
 * {@code best/} for InstColor's) and
 * early stopping decides whether to go on; when training ends the last weights are saved too
 * ({@code last.builtin} / {@code last.pt}).
 */
final class TrainingSession implements StepExecutionListener {

  static final String BEST = "best";
  /** Under the train directory: the first validation samples colorized after each epoch. */
  static final String VALIDATION_IMAGES = "validation-images";
  static final String LAST = "last";

  private final FinetuneSettings settings;
  private final Path directory;
  private final Supplier<TrainingData> training;
  private final Supplier<TrainingData> validation;
  private final PrintStream out;
  private BuiltinTrainable builtin;
  private TorchScriptTrainable torchScript;
  private OfficialTrainable official;
  private TrainingLoop loop;
  private TrainingConfig config;
  private EarlyStopping early;
  private boolean stopped;
  private long startNanos;
  private int startStep;
  private int stepsPerEpoch;

  /**
   * @param settings the checked {@code <finetune>}
   * @param directory where checkpoints, curves and exported weights go
   * @param training training samples, read when the step starts
   * @param validation validation samples (may be empty), read when the step starts
   * @param out progress lines
   */
  TrainingSession(FinetuneSettings settings, Path directory, Supplier<TrainingData> training,
      Supplier<TrainingData> validation, PrintStream out) {
    this.settings = settings;
    this.directory = directory;
    this.training = training;
    this.validation = validation;
    this.out = out;
  }

  @Override
  public void beforeStep(StepExecution stepExecution) {
    TrainingData data = training.get();
    TrainingData check = validation.get();
    var f = settings.config();
    int microBatches = data.size() / f.batchSize;
    stepsPerEpoch = microBatches / f.gradientAccumulation;
    if (stepsPerEpoch == 0) {
      throw new TrainingException("the " + f.split + " split of dataset '" + f.dataset + "' has "
          + data.size() + " prepared images, fewer than one optimiser step needs (batchSize "
          + f.batchSize + " x gradientAccumulation " + f.gradientAccumulation + ")");
    }
    int totalSteps = f.epochs * stepsPerEpoch;
    AdamSettings defaults = BuiltinTrainable.GENERATOR_ADAM;
    AdamSettings generatorAdam = f.learningRate > 0 ? new AdamSettings((float) f.learningRate,
        defaults.beta1(), defaults.beta2(), defaults.epsilon()) : defaults;
    TrainableModel trainable;
    List<TrainingConfig.Phase> defaultPhases;
    if (settings.official()) {
      Path path = Path.of(settings.model().path);
      official = settings.officialInstColor()
          ? OfficialInstColorTrainable.open(path, settings.stage(), generatorAdam,
              settings.baseLoss())
          : settings.officialChromaGan()
          ? OfficialChromaGanTrainable.open(path, generatorAdam, settings.classTeacher(),
              settings.adversary())
          : OfficialDeOldifyTrainable.open(path, generatorAdam, settings.baseLoss(),
              settings.featureLoss(), settings.deOldifyAdversary());
      trainable = official;
      defaultPhases = List.of(new TrainingConfig.Phase("generator", totalSteps));
    } else if (settings.torchScript()) {
      var model = settings.model();
      torchScript = TorchScriptTrainable.load(Path.of(model.path), model.convention,
          model.options, generatorAdam);
      trainable = torchScript;
      defaultPhases = List.of(new TrainingConfig.Phase("generator", totalSteps));
    } else {
      var network = settings.network();
      builtin = BuiltinTrainable.create(network.architecture(), network.size(),
          network.numClasses(), network.checkpoint());
      if (f.learningRate > 0) {
        builtin = builtin.withAdam(generatorAdam, BuiltinTrainable.CRITIC_ADAM);
      }
      trainable = builtin;
      defaultPhases = builtin.defaultPhases(totalSteps);
    }
    List<TrainingConfig.Phase> phases = new ArrayList<>();
    for (FinetuneSettings.PhaseEpochs p : settings.phases()) {
      phases.add(new TrainingConfig.Phase(p.kind().name().toLowerCase(Locale.ROOT),
          p.epochs() * stepsPerEpoch, p.kind()));
    }
    if (phases.isEmpty()) {
      phases = defaultPhases;
    }
    boolean validating = check.size() > 0;
    if (!validating) {
      out.println("finetune " + settings.model().name + ": " + ("none".equals(f.validationSplit)
          ? "validation is off (<validationSplit>none</validationSplit>)"
          : "warning: the " + f.validationSplit + " split has no images, nothing to validate on")
          + "; no early stopping, the last weights are exported");
    }
    config = new TrainingConfig(directory, f.seed, f.batchSize, f.gradientAccumulation,
        totalSteps, f.checkpointInterval, 2, validating ? stepsPerEpoch : 0, f.threads, phases);
    try {
      loop = TrainingLoop.open(trainable, data, config,
          validating ? new ColorValidation(check, new ValidationImages(
              directory.resolve(VALIDATION_IMAGES),
              Math.min(ValidationImages.DEFAULT_COUNT, check.size()))) : null);
    } catch (RuntimeException e) {
      if (torchScript != null) {
        torchScript.close();
        torchScript = null;
      }
      if (official != null) {
        official.close();
        official = null;
      }
      throw e;
    }
    try {
      early = new EarlyStopping(settings).replay(directory.resolve("validation.csv"), loop.step());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + directory.resolve("validation.csv"), e);
    }
    stopped = early.exhausted();
    startStep = loop.step();
    startNanos = System.nanoTime();
    out.println("finetune " + settings.model().name + ": " + settings.describeNetwork() + ", "
        + data.size() + " training and " + check.size()
        + " validation images at " + f.imageSize + "px, " + stepsPerEpoch + " steps per epoch, "
        + totalSteps + " steps" + loop.resumedFrom().map(p -> ", resuming from " + p).orElse(""));
  }

  /** @return the step the next chunk starts after */
  int step() {
    return loop.step();
  }

  /** @return optimiser steps of the whole schedule */
  int totalSteps() {
    return config.totalSteps();
  }

  /** @return whether no step is left: the schedule is done or early stopping ended it */
  boolean finished() {
    return stopped || loop.step() >= config.totalSteps();
  }

  /** Trains up to {@code target} steps, ending on a checkpoint. */
  void trainUntil(int target) throws IOException {
    TrainingLoop.Result result = loop.runUntil(target, new TrainingLoop.Listener() {
      @Override
      public boolean continueAfterValidation(int step, int epoch,
          LinkedHashMap<String, Double> scores) {
        Double value = scores.get(settings.config().monitor);
        if (value != null && early.record(step, value)) {
          save(BEST);
        }
        out.printf(Locale.ROOT, "finetune %s: epoch %d validated at step %d: %s (best %s %.4g at"
            + " step %d)%n", settings.model().name, step / stepsPerEpoch, step, format(scores),
            settings.config().monitor, early.best(), early.bestStep());
        return !early.exhausted();
      }
    });
    stopped = result.stoppedEarly();
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    out.printf(Locale.ROOT, "finetune %s: step %d/%d, loss %.5g, %.2f steps/s%n",
        settings.model().name, result.steps(), config.totalSteps(), result.lastLoss(),
        (result.steps() - startStep) / Math.max(seconds, 1e-9));
    if (stopped) {
      out.println("finetune " + settings.model().name + ": stopped early after "
          + settings.config().patience + " epochs without a better " + settings.config().monitor);
    }
  }

  /**
   * @param settings the checked {@code <finetune>}
   * @param name {@link #BEST} or {@link #LAST}
   * @return that weights file's name, with the exported model's suffix
   */
  static String fileName(FinetuneSettings settings, String name) {
    return name + settings.modelExtension();
  }

  private void save(String name) {
    Path file = directory.resolve(fileName(settings, name));
    try {
      if (official != null) {
        official.export(file);
      } else if (torchScript != null) {
        torchScript.export(file);
      } else {
        BuiltinCheckpoint.save(file, builtin.header(settings.config().imageSize),
            builtin.network());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save " + file, e);
    }
  }

  private static String format(LinkedHashMap<String, Double> scores) {
    StringBuilder s = new StringBuilder();
    scores.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append(' ')
        .append(String.format(Locale.ROOT, "%.4g", v)));
    return s.toString();
  }

  @Override
  public ExitStatus afterStep(StepExecution stepExecution) {
    // Here rather than after the last chunk: a run killed between its last checkpoint and this
    // point resumes with nothing left to train and must still leave the last weights.
    if (loop != null && stepExecution.getStatus() == BatchStatus.COMPLETED && finished()) {
      save(LAST);
    }
    if (loop != null) {
      loop.close();
      loop = null;
    }
    if (torchScript != null) {
      torchScript.close(); // after the loop: it owns the module the loop trained
      torchScript = null;
    }
    if (official != null) {
      official.close();
      official = null;
    }
    return stepExecution.getExitStatus();
  }
}
