package dev.colorize.job.finetune;

import dev.colorize.config.DatasetConfig;
import dev.colorize.config.RunConfiguration;
import dev.colorize.job.BatchInfrastructure;
import dev.colorize.job.HtmlReportStep;
import dev.colorize.job.prepare.PrepareJob;
import dev.colorize.job.prepare.PreparedSample;
import dev.colorize.metric.ImageScores;
import dev.colorize.model.ModelRegistry;
import dev.colorize.parallel.Workers;
import dev.colorize.plan.DatasetPlan;
import dev.colorize.plan.DatasetPlanner;
import dev.colorize.plan.RunPlan;
import dev.colorize.plan.RunPlanner;
import dev.colorize.report.html.FinetuneReport;
import dev.colorize.train.TrainingData;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;

/**
 * The {@code colorize-finetune} job of a run's {@code <finetune>}:
 * <ol>
 *   <li>two chunk steps prepare the dataset's training and validation splits at the training size
 *       (the same preparation, cache and skip handling as evaluate);
 *   <li>the train step: its items are optimiser-step numbers (mini-batches), a chunk is
 *       {@code checkpointInterval} of them and ends with a training checkpoint (weights, optimiser
 *       state, RNG states, data position, phase); validation each epoch, early stopping;
 *   <li>the export step publishes the trained generator as a {@code builtin} model (a
 *       TorchScript file for a {@code torchscript} model) with its curves in
 *       {@code <work>/finetune/<model>/};
 *   <li>the {@link HtmlReportStep} writes {@code report/index.html} there: curves, the
 *       early-stopping decision and the validation images kept after each epoch.
 * </ol>
 * Killed at any point, the same command resumes: preparation from its last committed chunk,
 * training from its newest checkpoint. On CPU with a fixed seed and thread count the resumed run
 * ends with the same weights as an uninterrupted one.
 */
public final class FinetuneJob {

  /** Job name in the repository. */
  public static final String NAME = "colorize-finetune";

  private final FinetuneSettings settings;
  private final RunConfiguration derived;
  private final PrepareJob prepare;
  private final BatchInfrastructure infra;
  private final PrintStream out;
  private final boolean validating;

  /**
   * @param config the run configuration with its {@code <finetune>}
   * @param infra job repository
   * @param registry model engines
   * @param workers preparation threads
   * @param out progress lines
   * @throws dev.colorize.config.ConfigurationException if {@code <finetune>} is invalid
   */
  public FinetuneJob(RunConfiguration config, BatchInfrastructure infra, ModelRegistry registry,
      Workers workers, PrintStream out) {
    this.settings = FinetuneSettings.of(config);
    this.infra = infra;
    this.out = out;
    this.validating = !"none".equals(settings.config().validationSplit);
    this.derived = derive(config, settings, validating);
    this.prepare = new PrepareJob(plan(config, derived, registry), infra, workers, out);
  }

  /**
   * The plan the job runs: the configuration's, with the derived size, datasets and identity.
   * Each split is resolved as its own dataset.
   */
  private static RunPlan plan(RunConfiguration config, RunConfiguration derived,
      ModelRegistry registry) {
    List<DatasetPlan> splits = new ArrayList<>();
    for (int d = 0; d < derived.datasets.size(); d++) {
      DatasetConfig split = derived.datasets.get(d);
      splits.add(DatasetPlanner.plan(split, DatasetPlanner.element(d, split)));
    }
    return new RunPlanner(registry, ImageScores.COLUMNS).plan(config, true)
        .withDatasets(derived.identity(), derived.imageSize, splits);
  }

  /**
   * The configuration the job runs: the original with the training image size and, as datasets,
   * the finetune dataset's training split and validation split.
   */
  private static RunConfiguration derive(RunConfiguration config, FinetuneSettings settings,
      boolean validating) {
    RunConfiguration derived;
    try {
      derived = RunConfiguration.fromJson(config.toJson());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    derived.imageSize = settings.config().imageSize;
    derived.datasets = new ArrayList<>();
    derived.datasets.add(splitOf(settings.dataset(), settings.config().split));
    if (validating) {
      derived.datasets.add(splitOf(settings.dataset(), settings.config().validationSplit));
    }
    return derived;
  }

  private static DatasetConfig splitOf(DatasetConfig dataset, String split) {
    DatasetConfig copy = new DatasetConfig(dataset.name + "[" + split + "]", dataset.format,
        dataset.path);
    copy.manifest = dataset.manifest;
    copy.limit = dataset.limit;
    copy.perClassLimit = dataset.perClassLimit;
    copy.fractions = dataset.fractions;
    copy.split = split;
    return copy;
  }

  /**
   * @param config a run configuration with a valid {@code <finetune>}
   * @return the identity of its finetune job instance; its files are under
   *     {@code <work>/runs/<identity>/}
   */
  public static String identityOf(RunConfiguration config) {
    FinetuneSettings settings = FinetuneSettings.of(config);
    return derive(config, settings, !"none".equals(settings.config().validationSplit)).identity();
  }

  /** @return the job-instance identity (of the derived configuration) */
  public String identity() {
    return derived.identity();
  }

  /** @return the identifying job parameters */
  public JobParameters parameters() {
    return prepare.parameters();
  }

  /** @return {@code <work>/finetune/<model>}: exported model, curves, skipped.csv, run.json */
  public Path output() {
    return prepare.layout().output("finetune").resolve(settings.model().name);
  }

  /** @return the exported model file */
  public Path modelFile() {
    return ExportTasklet.modelFile(output(), settings);
  }

  /** @return where checkpoints and curves of this configuration's training live */
  Path trainDirectory() {
    return prepare.layout().parts().resolveSibling("train");
  }

  /** @return the job */
  public Job job() {
    prepare.createParts();
    Path trainDirectory = trainDirectory();
    TrainingSession session = new TrainingSession(settings, trainDirectory,
        () -> data(0), () -> validating ? data(1) : empty(), out);
    Step train = new StepBuilder("train-" + settings.model().name, infra.jobRepository())
        .<Integer, Integer>chunk(settings.config().checkpointInterval)
        .transactionManager(infra.transactionManager())
        .reader(new StepNumberReader(session))
        .writer(new TrainingWriter(session))
        .listener(session)
        .build();
    List<Path> skipped = new ArrayList<>();
    for (int d = 0; d < derived.datasets.size(); d++) {
      skipped.add(prepare.layout().prepareSkipped(d));
    }
    Step export = new StepBuilder("export-" + settings.model().name, infra.jobRepository())
        .tasklet(new ExportTasklet(settings, trainDirectory, skipped, output(), out),
            infra.transactionManager())
        .build();
    var job = new JobBuilder(NAME, infra.jobRepository()).start(prepare.step(0));
    if (validating) {
      job = job.next(prepare.step(1));
    }
    return job.next(train).next(export)
        .next(HtmlReportStep.step(infra, "finetune", output(),
            run -> FinetuneReport.write(output(), run), out))
        .build();
  }

  /** The accepted samples of the d-th derived dataset as training data. */
  private TrainingData data(int d) {
    try {
      String name = derived.datasets.get(d).name;
      List<PreparedSample> samples = PreparedTrainingData.readList(name,
          prepare.layout().preparedList(d));
      return new PreparedTrainingData(samples, prepare.cache(), prepare.prepareOptions(),
          classes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the prepared list of "
          + derived.datasets.get(d).name, e);
    }
  }

  /**
   * Class label to index: the training split's labels in sorted order, so the same data gives
   * the same indices in every run. Labels past the model's class count get none (-1).
   */
  private Map<String, Integer> classes() throws IOException {
    TreeSet<String> labels = new TreeSet<>();
    for (PreparedSample s : PreparedTrainingData.readList("train",
        prepare.layout().preparedList(0))) {
      labels.add(s.label());
    }
    Map<String, Integer> index = new TreeMap<>();
    // A torchscript model has no class loss: every label gets an index, none is cut off.
    int numClasses = settings.imported() ? labels.size() : settings.network().numClasses();
    for (String label : labels) {
      if (index.size() < numClasses) {
        index.put(label, index.size());
      }
    }
    if (labels.size() > numClasses) {
      out.println("warning: finetune " + settings.model().name + ": the training split has "
          + labels.size() + " classes, the model's class head " + numClasses + "; the last "
          + (labels.size() - numClasses) + " train without a class target");
    }
    Path classesFile = output().resolve("classes.csv");
    Files.createDirectories(output());
    List<String> lines = new ArrayList<>(List.of("index,class"));
    index.forEach((label, i) -> lines.add(i + "," + label));
    Files.write(classesFile, lines);
    return index;
  }

  private static TrainingData empty() {
    return new TrainingData() {
      @Override
      public int size() {
        return 0;
      }

      @Override
      public dev.colorize.train.TrainingSample get(int index) {
        throw new IndexOutOfBoundsException(index);
      }
    };
  }
}
