package dev.colorize.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Trains a {@link TrainableModel} generator on (L, ab) samples, deterministically and
 * resumably, on the DJL PyTorch engine.
 *
 * <p>Each optimiser step sums the gradients of {@code accumulation} micro-batches of
 * {@code batchSize} samples (each micro-batch loss divided by {@code accumulation}, so the step
 * equals one of the combined batch), then applies {@link Adam}. The loss is the mean squared
 * error on normalised ab plus the model's {@link LossTerm}s. Data order is a per-epoch
 * permutation from a {@link SplitMix64} whose state is checkpointed; the last incomplete batch of
 * an epoch is dropped.
 *
 * <p>{@link #open} resumes from the newest checkpoint in {@code outputDir/checkpoints} if there
 * is one: weights, Adam moments and step, RNG states, epoch and batch position, phase. Rows of
 * {@code loss.csv}/{@code validation.csv} written after that checkpoint are dropped, so the
 * curves have each step once. On CPU with the same seed and thread count a resumed run ends with
 * bitwise the same weights as an uninterrupted one.
 *
 * <p>Single-threaded: DJL PyTorch allows one {@link GradientCollector} per JVM at a time.
 */
public final class TrainingLoop implements AutoCloseable {
  /**
   * Default network input: {@code L / L_SCALE - 1}, so L 0..100 maps to -1..1 (a model may
   * choose another {@link LScaling}).
   */
  public static final float L_SCALE = 50f;
  /** Network output and target: {@code ab / AB_SCALE}. */
  public static final float AB_SCALE = 110f;
  /** Computations of one step before a non-finite loss or gradient stops the run. */
  static final int ATTEMPTS = 3;

  /** Per thread, the direct buffer {@link #tensor} stages values in. */
  private static final ThreadLocal<ByteBuffer[]> STAGING =
      ThreadLocal.withInitial(() -> new ByteBuffer[1]);

  private final TrainableModel model;
  private final TrainingData data;
  private final TrainingConfig config;
  private final ValidationHook validation;
  private final int size;
  private final int batchesPerEpoch;
  private final NDManager manager;
  private final Block generator;
  private final List<Parameter> parameters;
  private final ParameterStore parameterStore;
  private final Adam adam;
  private final Critic critic;
  private final List<Parameter> criticParameters = new ArrayList<>();
  private final Adam criticAdam;
  private final Path resumedFrom;
  private int step;
  private int recomputations;
  private int epoch;
  private int batchInEpoch;
  private long shuffleState;
  private SplitMix64 noise;
  private int[] order;

  /** Receives progress; used by tests and jobs. */
  public interface Listener {
    /**
     * @param step steps done
     * @param checkpoint the checkpoint just written
     */
    default void checkpointWritten(int step, Path checkpoint) {}

    /**
     * Called after each validation pass, once its row is in {@code validation.csv}.
     *
     * @param step steps done
     * @param epoch epoch the loop is in after that step
     * @param scores the validation row's values by name
     * @return false to stop training here (early stopping): a checkpoint is written and
     *     {@link #run} returns
     */
    default boolean continueAfterValidation(int step, int epoch,
        LinkedHashMap<String, Double> scores) {
      return true;
    }
  }

  /**
   * Result of {@link #run}.
   *
   * @param steps steps done in total
   * @param lastLoss mean loss of the last step run here, NaN if none ran
   * @param lastCheckpoint newest checkpoint
   * @param stoppedEarly whether a listener stopped the run after a validation pass
   */
  public record Result(int steps, double lastLoss, Path lastCheckpoint, boolean stoppedEarly) {}

  private TrainingLoop(TrainableModel model, TrainingData data, TrainingConfig config,
      ValidationHook validation) {
    this.model = model;
    this.data = data;
    this.config = config;
    this.validation = validation;
    if (data.size() == 0) {
      throw new TrainingException("training data is empty");
    }
    this.size = data.get(0).size();
    this.batchesPerEpoch = data.size() / config.batchSize();
    if (batchesPerEpoch == 0) {
      throw new TrainingException("training data has " + data.size()
          + " samples, fewer than one batch of " + config.batchSize());
    }
    configureThreads(config.threads());
    Engine engine = Engine.getEngine("PyTorch");
    engine.setRandomSeed((int) config.seed()); // parameter initialisation
    this.manager = engine.newBaseManager();
    this.generator = model.generator();
    generator.initialize(manager, DataType.FLOAT32, new Shape(config.batchSize(), 1, size, size));
    this.parameters = new ArrayList<>();
    for (Pair<String, Parameter> p : generator.getParameters()) {
      // Batch-norm running statistics change in the forward pass; PyTorch refuses their grads.
      if (p.getValue().requiresGradient()) {
        parameters.add(p.getValue());
      }
    }
    this.parameterStore = new ParameterStore(manager, false);
    this.adam = new Adam(model.adam(), parameters, manager);
    this.critic = model.critic().orElse(null);
    if (critic != null) {
      critic.block().initialize(manager, DataType.FLOAT32,
          new Shape(config.batchSize(), 3, size, size));
      for (Pair<String, Parameter> p : critic.block().getParameters()) {
        if (p.getValue().requiresGradient()) {
          criticParameters.add(p.getValue());
        }
      }
      this.criticAdam = new Adam(critic.adam(), criticParameters, manager);
    } else {
      this.criticAdam = null;
      for (TrainingConfig.Phase phase : config.phases()) {
        if (phase.kind() != TrainingConfig.Kind.GENERATOR) {
          throw new TrainingException("phase '" + phase.name() + "' is " + phase.kind()
              + " but the model has no critic");
        }
      }
    }
    Optional<Path> latest = Checkpoint.latest(checkpoints());
    if (latest.isPresent()) {
      TrainingState state = Checkpoint.load(latest.get(), generator, manager, adam,
          critic == null ? null : critic.block(), criticAdam);
      if (state.seed() != config.seed()) {
        throw new TrainingException("checkpoint " + latest.get() + " was made with seed "
            + state.seed() + ", this run has seed " + config.seed());
      }
      step = state.step();
      epoch = state.epoch();
      batchInEpoch = state.batchInEpoch();
      shuffleState = state.shuffleState();
      noise = new SplitMix64(state.noiseState());
      resumedFrom = latest.get();
    } else {
      model.loadStartingWeights(manager);
      shuffleState = config.seed();
      noise = new SplitMix64(~config.seed());
      resumedFrom = null;
    }
    for (Parameter p : parameters) {
      p.getArray().setRequiresGradient(true);
    }
    for (Parameter p : criticParameters) {
      p.getArray().setRequiresGradient(true);
    }
  }

  /**
   * Sets PyTorch's intra-op and inter-op thread counts. The system properties only take effect
   * if the engine has not started yet; the intra-op count is also set directly.
   *
   * @param threads thread count
   */
  public static void configureThreads(int threads) {
    String value = Integer.toString(threads);
    System.setProperty("ai.djl.pytorch.num_threads", value);
    System.setProperty("ai.djl.pytorch.num_interop_threads", value);
    Engine.getEngine("PyTorch");
    if (JniUtils.getNumThreads() != threads) {
      JniUtils.setNumThreads(threads);
    }
  }

  /**
   * Creates the generator's parameters and resumes from the newest checkpoint, if any.
   *
   * @param model network
   * @param data training samples, all of one size
   * @param config settings
   * @param validation scores each {@code validateEvery} steps, or null
   * @return a loop to {@link #run} and close
   */
  public static TrainingLoop open(TrainableModel model, TrainingData data, TrainingConfig config,
      ValidationHook validation) {
    return new TrainingLoop(model, data, config, validation);
  }

  /** @return the checkpoint this loop resumed from, if any */
  public Optional<Path> resumedFrom() {
    return Optional.ofNullable(resumedFrom);
  }

  /**
   * @return computations repeated in this loop because a loss or gradient was not finite (each
   *     failed attempt counts once, including those of a run that then diverged)
   */
  public int recomputations() {
    return recomputations;
  }

  /** @return optimiser steps done */
  public int step() {
    return step;
  }

  /** @return the generator (its parameters live as long as this loop) */
  public Block generator() {
    return generator;
  }

  /** @return a copy of every parameter's values, by position and name */
  public Map<String, float[]> weights() {
    Map<String, float[]> weights = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : generator.getParameters()) {
      weights.put(p.getKey(), p.getValue().getArray().toFloatArray());
    }
    return weights;
  }

  /**
   * Trains until {@code totalSteps}, writing curves and checkpoints.
   *
   * @param listener progress receiver
   * @return summary
   */
  public Result run(Listener listener) {
    return runUntil(config.totalSteps(), listener);
  }

  /**
   * Trains until {@code target} steps are done (at most {@code totalSteps}), writing curves and
   * checkpoints; a checkpoint is also written at {@code target}, so a job can make each of its
   * chunks end on a checkpoint.
   *
   * @param target step count to reach
   * @param listener progress receiver
   * @return summary
   */
  public Result runUntil(int target, Listener listener) {
    int end = Math.min(target, config.totalSteps());
    boolean stopped = false;
    List<LossTerm> extras = model.extraLosses();
    List<String> lossColumns = new ArrayList<>(List.of("step", "epoch", "phase", "loss",
        model.baseLoss().id()));
    extras.forEach(term -> lossColumns.add(term.name()));
    if (critic != null) {
      lossColumns.addAll(List.of("critic", "gradient_penalty", "adversarial"));
      if (critic.switching() instanceof Critic.BelowThreshold) {
        lossColumns.add("critic_steps");
      }
    }
    double lastLoss = Double.NaN;
    Path lastCheckpoint = resumedFrom;
    try (CsvLog losses = new CsvLog(config.outputDir().resolve("loss.csv"), step);
        CsvLog scores = new CsvLog(config.outputDir().resolve("validation.csv"), step)) {
      losses.header(lossColumns);
      while (step < end && !stopped) {
        TrainingConfig.Phase current = config.phaseOf(step);
        String phase = current.name();
        double[] sums = runStep(current.kind(), extras);
        step++;
        lastLoss = sums[0];
        List<Object> row = new ArrayList<>(List.of(step, epoch, phase));
        for (double v : sums) {
          row.add(v);
        }
        losses.row(row);
        if (validation != null && config.validateEvery() > 0
            && step % config.validateEvery() == 0) {
          LinkedHashMap<String, Double> values = validation.validate(step, this::predictAb);
          List<String> header = new ArrayList<>(List.of("step", "epoch"));
          header.addAll(values.keySet());
          scores.header(header);
          List<Object> scoreRow = new ArrayList<>(List.of(step, epoch));
          scoreRow.addAll(values.values());
          scores.row(scoreRow);
          scores.flush();
          stopped = !listener.continueAfterValidation(step, epoch, values);
        }
        if (step % config.checkpointEvery() == 0 || step == end || stopped) {
          losses.flush();
          scores.flush();
          lastCheckpoint = Checkpoint.write(checkpoints(), state(phase), generator, adam,
              critic == null ? null : critic.block(), criticAdam, config.keepCheckpoints());
          listener.checkpointWritten(step, lastCheckpoint);
        }
      }
    } catch (IOException e) {
      throw new TrainingException("cannot write training curves in " + config.outputDir() + ": "
          + e.getMessage(), e);
    }
    return new Result(step, lastLoss, lastCheckpoint, stopped);
  }

  /**
   * Runs one step of the given kind. A critic step uses one micro-batch (gradient accumulation
   * applies to generator updates only: the penalty's double backward resets the critic's
   * gradients). In a GAN step the critic is updated as its {@link Critic.Switching} says, then
   * the generator once; in a critic step the critic is updated {@link Critic.FixedSteps} times,
   * or once when it switches by threshold.
   *
   * @return {loss, l2, extras..., [critic, gradient_penalty, adversarial, [critic_steps]]}; NaN
   *     where a value was not computed in this step; critic values are the last update's
   */
  private double[] runStep(TrainingConfig.Kind kind, List<LossTerm> extras) {
    boolean counted = critic != null && critic.switching() instanceof Critic.BelowThreshold;
    double[] row = new double[2 + extras.size() + (critic == null ? 0 : 3) + (counted ? 1 : 0)];
    java.util.Arrays.fill(row, Double.NaN);
    int criticColumn = 2 + extras.size();
    if (kind != TrainingConfig.Kind.GENERATOR) {
      int updates = 0;
      double[] criticSums;
      do {
        criticSums = attempt(this::criticGradients, criticAdam);
        updates++;
      } while (moreCriticSteps(kind, updates, criticSums[0]));
      row[criticColumn] = criticSums[0];
      row[criticColumn + 1] = criticSums[1];
      if (counted) {
        row[criticColumn + 3] = updates;
      }
      if (kind == TrainingConfig.Kind.CRITIC) {
        row[0] = row[criticColumn];
        return row;
      }
    }
    boolean adversarial = kind == TrainingConfig.Kind.GAN;
    double[] sums = attempt(() -> generatorGradients(extras, adversarial), adam);
    System.arraycopy(sums, 0, row, 0, 2 + extras.size());
    if (adversarial) {
      row[criticColumn + 2] = sums[2 + extras.size()];
    }
    return row;
  }

  /** Whether another critic update comes before the generator's (or the step's end). */
  private boolean moreCriticSteps(TrainingConfig.Kind kind, int updates, double lastLoss) {
    if (critic.switching() instanceof Critic.FixedSteps fixed) {
      return updates < fixed.criticSteps();
    }
    Critic.BelowThreshold threshold = (Critic.BelowThreshold) critic.switching();
    return kind == TrainingConfig.Kind.GAN && !(lastLoss < threshold.criticLoss())
        && updates < threshold.maxCriticSteps();
  }

  /**
   * Computes gradients and applies one update of {@code optimiser}. PyTorch 2.7.1's CPU
   * convolution backward was seen to put NaN into a few gradient entries at random (see
   * docs/training.md), so a computation whose loss or gradients are not finite is repeated
   * from the same weights, batch and noise, up to {@link #ATTEMPTS} times, before the run is
   * declared diverged.
   */
  private double[] attempt(java.util.function.Supplier<double[]> compute, Adam optimiser) {
    int epochBefore = epoch;
    int batchBefore = batchInEpoch;
    long shuffleBefore = shuffleState;
    int[] orderBefore = order;
    long noiseBefore = noise.state();
    for (int attempt = 1; ; attempt++) {
      double[] sums = compute.get();
      if (sums != null && optimiser.updateIfFinite()) {
        zeroGradients();
        return sums;
      }
      zeroGradients();
      recomputations++;
      if (attempt == ATTEMPTS) {
        throw new TrainingException("loss or gradients are not finite at step " + (step + 1)
            + " (epoch " + epochBefore + ", batch " + batchBefore + ") in " + ATTEMPTS
            + " attempts: training diverged");
      }
      epoch = epochBefore;
      batchInEpoch = batchBefore;
      shuffleState = shuffleBefore;
      order = orderBefore;
      noise = new SplitMix64(noiseBefore);
    }
  }

  /** @return {total, l2, extras..., [adversarial]} means, or null if a loss is not finite */
  private double[] generatorGradients(List<LossTerm> extras, boolean adversarial) {
    int micro = config.accumulation();
    double[] sums = new double[2 + extras.size() + (adversarial ? 1 : 0)];
    try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
      for (int i = 0; i < micro; i++) {
        try (NDManager scratch = manager.newSubManager()) {
          LossTerm.Batch batch = nextBatch(scratch);
          NDList outputs = model.forward(parameterStore, batch, true);
          NDArray error = outputs.get(0).sub(model.target(batch, outputs));
          NDArray l2 = model.baseLoss().of(error);
          NDArray total = l2;
          double[] parts = new double[extras.size() + (adversarial ? 1 : 0)];
          for (int t = 0; t < extras.size(); t++) {
            NDArray term = extras.get(t).compute(batch, outputs);
            parts[t] = term.getFloat();
            total = total.add(term);
          }
          if (adversarial) {
            NDArray scores = criticScores(critic.inputs().fake(batch, outputs),
                !critic.evalWhileOtherTrains(), scratch);
            NDArray term = adversarialTerm(scores).mul(scratch.full(new Shape(),
                critic.adversarialWeight()));
            parts[extras.size()] = term.getFloat();
            total = total.add(term);
          }
          float totalValue = total.getFloat();
          if (!Float.isFinite(totalValue)) {
            return null;
          }
          // A tensor scale rather than div(Number): the divisor is kept for the backward pass.
          collector.backward(micro == 1 ? total : total.mul(scratch.full(new Shape(), 1f / micro)));
          sums[0] += totalValue / micro;
          sums[1] += l2.getFloat() / micro;
          for (int t = 0; t < parts.length; t++) {
            sums[2 + t] += parts[t] / micro;
          }
        }
      }
    }
    return sums;
  }

  /** The generator's adversarial term, unweighted: {@code -mean D(fake)} or BCE against 1. */
  private NDArray adversarialTerm(NDArray fakeScores) {
    return critic.objective() instanceof Critic.Wasserstein ? fakeScores.mean().neg()
        : Critic.BinaryCrossEntropy.generatorLoss(fakeScores);
  }

  /** The critic's scores of images; a training pass gets the critic's noise inputs. */
  private NDArray criticScores(NDArray images, boolean training, NDManager scratch) {
    NDList inputs = new NDList(images);
    if (training) {
      inputs.addAll(critic.inputs().trainingNoise((int) images.getShape().get(0), noise,
          scratch));
    }
    return critic.block().forward(parameterStore, inputs, training).get(0);
  }

  /**
   * @return {critic loss, gradient penalty (NaN without one)}, or null if the loss is not
   *     finite
   */
  private double[] criticGradients() {
    try (GradientCollector collector = manager.getEngine().newGradientCollector();
        NDManager scratch = manager.newSubManager()) {
      LossTerm.Batch batch = nextBatch(scratch);
      NDList outputs = model.forward(parameterStore, batch, !critic.evalWhileOtherTrains());
      NDArray real = critic.inputs().real(batch, outputs).stopGradient();
      NDArray generated = critic.inputs().fake(batch, outputs).stopGradient();
      NDArray loss;
      NDArray penalty = null;
      if (critic.objective() instanceof Critic.Wasserstein w) {
        float[] mixing = new float[config.batchSize()];
        for (int i = 0; i < mixing.length; i++) {
          mixing[i] = noise.nextFloat();
        }
        penalty = GradientPenalty.compute(critic.block(), parameterStore, real, generated,
            mixing, scratch);
        NDArray realScore = criticScores(real, true, scratch).mean();
        NDArray fakeScore = criticScores(generated, true, scratch).mean();
        loss = fakeScore.sub(realScore).add(penalty.mul(scratch.full(new Shape(),
            w.penaltyWeight())));
      } else {
        // real first, then fake: the order of fastai's critic step (each pass of a spectral-norm
        // critic does one power iteration)
        NDArray realScores = criticScores(real, true, scratch);
        NDArray fakeScores = criticScores(generated, true, scratch);
        loss = Critic.BinaryCrossEntropy.criticLoss(realScores, fakeScores);
      }
      float value = loss.getFloat();
      if (!Float.isFinite(value)) {
        return null;
      }
      collector.backward(loss);
      return new double[] {value, penalty == null ? Double.NaN : penalty.getFloat()};
    }
  }

  private void zeroGradients() {
    for (List<Parameter> list : List.of(parameters, criticParameters)) {
      for (Parameter p : list) {
        PtNDArray array = (PtNDArray) p.getArray();
        // PyTorch's zero_ (not muli(0): NaN * 0 stays NaN); null: no gradient yet.
        try (PtNDArray gradient = JniUtils.getGradient(array)) {
          if (gradient != null) {
            JniUtils.zeroGrad(array);
          }
        }
      }
    }
  }

  private LossTerm.Batch nextBatch(NDManager scratch) {
    if (order == null) {
      order = new SplitMix64(shuffleState).permutation(data.size());
    }
    int b = config.batchSize();
    List<TrainingSample> samples = new ArrayList<>(b);
    for (int i = 0; i < b; i++) {
      TrainingSample sample = data.get(order[batchInEpoch * b + i]);
      if (sample.size() != size) {
        throw new TrainingException("training sample " + order[batchInEpoch * b + i]
            + " has size " + sample.size() + ", the first had " + size);
      }
      samples.add(sample);
    }
    batchInEpoch++;
    if (batchInEpoch == batchesPerEpoch) {
      // The next epoch's order continues the generator that drew this one.
      SplitMix64 rng = new SplitMix64(shuffleState);
      rng.permutation(data.size());
      shuffleState = rng.state();
      order = null;
      batchInEpoch = 0;
      epoch++;
    }
    return batchOf(samples, scratch);
  }

  /** Normalised arrays of samples of one size: L by the model's {@link LScaling}, ab / 110. */
  private LossTerm.Batch batchOf(List<TrainingSample> samples, NDManager scratch) {
    int b = samples.size();
    int side = samples.get(0).size();
    int plane = side * side;
    LScaling scaling = model.lScaling();
    float[] l = new float[b * plane];
    float[] ab = new float[b * 2 * plane];
    float[] labels = new float[b];
    for (int i = 0; i < b; i++) {
      TrainingSample sample = samples.get(i);
      for (int p = 0; p < plane; p++) {
        l[i * plane + p] = scaling.apply(sample.l()[p]);
      }
      for (int p = 0; p < 2 * plane; p++) {
        ab[i * 2 * plane + p] = sample.ab()[p] / AB_SCALE;
      }
      labels[i] = sample.classLabel();
    }
    return new LossTerm.Batch(tensor(scratch, l, new Shape(b, 1, side, side)),
        tensor(scratch, ab, new Shape(b, 2, side, side)), tensor(scratch, labels, new Shape(b)),
        samples);
  }

  /**
   * Copies values into a tensor that owns its memory. {@code NDManager.create(float[])} wraps a
   * direct buffer that nothing keeps reachable, so the garbage collector may free it while
   * PyTorch still reads it (seen as NaN first-layer gradients at random steps); cloning while
   * the buffer is provably alive avoids that. The staging buffer is the thread's own and is
   * reused: a fresh direct buffer per batch is native memory (0.4 MB per step at batch 8,
   * 64x64) that only a garbage collection frees.
   */
  static NDArray tensor(NDManager manager, float[] values, Shape shape) {
    int bytes = values.length * Float.BYTES;
    ByteBuffer[] staging = STAGING.get();
    if (staging[0] == null || staging[0].capacity() < bytes) {
      staging[0] = ByteBuffer.allocateDirect(Math.max(bytes, 2 * (staging[0] == null ? 0
          : staging[0].capacity())));
    }
    ByteBuffer buffer = staging[0].duplicate().clear().limit(bytes).slice()
        .order(ByteOrder.nativeOrder());
    buffer.asFloatBuffer().put(values);
    try (NDArray view = manager.create(buffer, shape, DataType.FLOAT32)) {
      return view.duplicate();
    } finally {
      Reference.reachabilityFence(staging);
    }
  }

  /**
   * @param sample input (its ab is ignored; its boxes reach instance-aware models)
   * @return predicted ab in Lab units, a* plane then b*
   */
  public float[] predictAb(TrainingSample sample) {
    try (NDManager scratch = manager.newSubManager()) {
      LossTerm.Batch batch = batchOf(List.of(sample), scratch);
      float[] ab = model.forward(parameterStore, batch, false).get(0).toFloatArray();
      for (int p = 0; p < ab.length; p++) {
        ab[p] *= AB_SCALE;
      }
      return ab;
    }
  }

  /**
   * @return the noise generator (for models that draw noise, e.g. WGAN-GP interpolation); its
   *     state is checkpointed
   */
  public SplitMix64 noise() {
    return noise;
  }

  private TrainingState state(String phase) {
    return new TrainingState(Checkpoint.FORMAT_VERSION, config.seed(), step, epoch, batchInEpoch,
        phase, shuffleState, noise.state());
  }

  private Path checkpoints() {
    return config.outputDir().resolve("checkpoints");
  }

  @Override
  public void close() {
    manager.close();
  }

  /** Appends CSV rows; on open drops rows past the resumed step. */
  private static final class CsvLog implements AutoCloseable {
    private final Path file;
    private BufferedWriter writer;

    CsvLog(Path file, int keepUpToStep) throws IOException {
      this.file = file;
      Files.createDirectories(file.toAbsolutePath().getParent());
      if (Files.exists(file)) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> kept = new ArrayList<>();
        int columns = lines.isEmpty() ? 0 : lines.get(0).split(",", -1).length;
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i);
          // A row cut short by a kill has fewer cells; it is past the checkpoint anyway.
          if (i == 0 || (line.split(",", -1).length == columns
              && Integer.parseInt(line.split(",", 2)[0]) <= keepUpToStep)) {
            kept.add(line);
          }
        }
        if (kept.size() < lines.size()) {
          // Atomically: a kill during the rewrite must not lose the rows before the checkpoint.
          Path temp = file.resolveSibling(file.getFileName() + ".tmp");
          Files.write(temp, kept, StandardCharsets.UTF_8);
          Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.ATOMIC_MOVE);
        }
      }
    }

    void header(List<String> columns) throws IOException {
      if (writer == null) {
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
        if (fresh) {
          writer.write(String.join(",", columns));
          writer.newLine();
        }
      }
    }

    void row(List<Object> values) throws IOException {
      List<String> cells = new ArrayList<>();
      for (Object v : values) {
        cells.add(v instanceof Double d ? String.format(Locale.ROOT, "%.6g", d) : v.toString());
      }
      writer.write(String.join(",", cells));
      writer.newLine();
    }

    void flush() throws IOException {
      if (writer != null) {
        writer.flush();
      }
    }

    @Override
    public void close() throws IOException {
      if (writer != null) {
        writer.close();
      }
    }
  }
}
