package dev.colorize.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.colorize.model.builtin.Architecture;
import dev.colorize.model.builtin.BuiltinCheckpoint;
import dev.colorize.model.builtin.InstanceCrops;
import dev.colorize.model.builtin.NetworkSize;
import dev.colorize.model.builtin.PatchGanDiscriminator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A built-in network ({@code dev.colorize.model.builtin}) as a {@link TrainableModel}, trained
 * with the losses of its family:
 *
 * <ul>
 *   <li>{@code chromagan}: {@code ChromaGanNetwork}; L2 on ab, {@link ClassDistributionKl} on its
 *       class head (output 1; labels from the samples, weight {@value #CLASS_KL_WEIGHT}; left
 *       out with fewer than 2 classes) and, in GAN phases, a {@link PatchGanDiscriminator}
 *       WGAN-GP critic. {@link #defaultPhases}: one GAN phase (ChromaGAN trains both from the
 *       start).
 *   <li>{@code deoldify}: {@code DeOldifyNetwork}; L2 on ab and the same PatchGAN WGAN-GP
 *       critic. {@link #defaultPhases}: NoGAN, 70% generator pretraining, 15% critic
 *       pretraining, 15% GAN.
 *   <li>{@code instcolor}: {@code InstColorNetwork}, one image per forward pass (the batch is
 *       run sample by sample); each sample's boxes become instance crops exactly as the
 *       {@code builtin} engine makes them ({@link InstanceCrops}: clipped, at most 8, resized
 *       to the sample size S, coordinates in S x S input pixels). L2 on the fused ab plus
 *       {@value #INSTANCE_WEIGHT} x L2 of the instance network's own ab on the crops' ab
 *       ({@code instance_l2}). No critic; {@link #defaultPhases}: one generator phase.
 * </ul>
 *
 * <p>Input is {@code L / 100} ({@link LScaling#ZERO_TO_ONE}), output ab / 110, as the
 * {@code builtin} engine runs them, so {@code BuiltinCheckpoint.save(file, header(S),
 * network())} gives a model that predicts what {@link TrainingLoop#predictAb} predicted. A start
 * checkpoint is loaded after initialisation only when the run does not resume.
 */
public final class BuiltinTrainable implements TrainableModel {
  /** Weight of ChromaGAN's class-distribution KL term (the paper's 0.003). */
  public static final float CLASS_KL_WEIGHT = 0.003f;
  /** Weight of ChromaGAN's adversarial term (the paper's 0.1), used for DeOldify as well. */
  public static final float ADVERSARIAL_WEIGHT = 0.1f;
  /** WGAN-GP's gradient-penalty lambda (Gulrajani et al.: 10). */
  public static final float PENALTY_WEIGHT = 10f;
  /** Weight of InstColor's instance-network L2 term. */
  public static final float INSTANCE_WEIGHT = 1f;
  /** Generator optimiser by default: PyTorch's Adam defaults (lr 1e-3). */
  public static final AdamSettings GENERATOR_ADAM = AdamSettings.DEFAULT;
  /** Critic optimiser by default: lr 1e-4, betas 0.5 and 0.9. */
  public static final AdamSettings CRITIC_ADAM = new AdamSettings(1e-4f, 0.5f, 0.9f, 1e-8f);

  private final Architecture architecture;
  private final NetworkSize size;
  private final int numClasses;
  private final Path startCheckpoint;
  private final AdamSettings generatorAdam;
  private final AdamSettings criticAdam;
  private final Block network;
  private final Critic critic;
  private final List<LossTerm> extraLosses;

  private BuiltinTrainable(Architecture architecture, NetworkSize size, int numClasses,
      Path startCheckpoint, AdamSettings generatorAdam, AdamSettings criticAdam) {
    this.architecture = architecture;
    this.size = size;
    this.numClasses = numClasses;
    this.startCheckpoint = startCheckpoint;
    this.generatorAdam = generatorAdam;
    this.criticAdam = criticAdam;
    this.network = architecture.newGenerator(size, numClasses);
    this.critic = architecture == Architecture.INSTCOLOR ? null
        : new Critic(new PatchGanDiscriminator(size), criticAdam, PENALTY_WEIGHT, 1,
            ADVERSARIAL_WEIGHT);
    List<LossTerm> extras = new ArrayList<>();
    if (architecture == Architecture.CHROMAGAN && numClasses >= 2) {
      extras.add(new ClassDistributionKl(1, numClasses, CLASS_KL_WEIGHT));
    }
    if (architecture == Architecture.INSTCOLOR) {
      extras.add(new InstanceL2(INSTANCE_WEIGHT));
    }
    this.extraLosses = List.copyOf(extras);
  }

  /**
   * A trainable built-in network with the default optimisers.
   *
   * @param architecture network family
   * @param size width/depth
   * @param numClasses classes of ChromaGAN's class head (ignored by the other families; use 1
   *     when the data has no labels: no KL term then)
   * @param startCheckpoint a {@link BuiltinCheckpoint} of the same architecture and size (and,
   *     for chromagan, class count) to start from, or null for random initialisation
   * @return the model, not yet initialised (the loop does that)
   * @throws TrainingException on a bad class count or an unusable start checkpoint
   */
  public static BuiltinTrainable create(Architecture architecture, NetworkSize size,
      int numClasses, Path startCheckpoint) {
    if (architecture == null || size == null) {
      throw new TrainingException("a built-in trainable needs an architecture and a size, got "
          + architecture + " and " + size);
    }
    if (numClasses < 1) {
      throw new TrainingException("class count must be 1 or more: " + numClasses);
    }
    if (startCheckpoint != null) {
      checkStart(startCheckpoint, architecture, size, numClasses);
    }
    return new BuiltinTrainable(architecture, size, numClasses, startCheckpoint, GENERATOR_ADAM,
        CRITIC_ADAM);
  }

  /**
   * @param generator generator optimiser settings
   * @param critic critic optimiser settings (unused by instcolor)
   * @return a fresh model like this one (new, uninitialised network) with these optimisers
   */
  public BuiltinTrainable withAdam(AdamSettings generator, AdamSettings critic) {
    return new BuiltinTrainable(architecture, size, numClasses, startCheckpoint, generator,
        critic);
  }

  private static void checkStart(Path file, Architecture architecture, NetworkSize size,
      int numClasses) {
    if (!Files.isRegularFile(file)) {
      throw new TrainingException("start checkpoint " + file + " is not a file");
    }
    BuiltinCheckpoint.Header header;
    try {
      header = BuiltinCheckpoint.readHeader(file);
    } catch (IOException e) {
      throw new TrainingException("start checkpoint " + file + ": " + e.getMessage(), e);
    }
    if (header.architecture() != architecture || header.size() != size) {
      throw new TrainingException("start checkpoint " + file + " holds a "
          + header.architecture().id() + " " + header.size().id() + " network, the model to"
          + " train is " + architecture.id() + " " + size.id());
    }
    if (architecture == Architecture.CHROMAGAN && header.numClasses() != numClasses) {
      throw new TrainingException("start checkpoint " + file + " has a class head of "
          + header.numClasses() + " classes, the model to train has " + numClasses);
    }
  }

  /** @return the builtin network being trained (the generator); save it with {@link #header} */
  public Block network() {
    return network;
  }

  /** @return the network family */
  public Architecture architecture() {
    return architecture;
  }

  /** @return the width/depth */
  public NetworkSize size() {
    return size;
  }

  /** @return the class count given to {@link #create} */
  public int numClasses() {
    return numClasses;
  }

  /** @return the start checkpoint, if any */
  public Optional<Path> startCheckpoint() {
    return Optional.ofNullable(startCheckpoint);
  }

  /**
   * @param inputSize the training side S (the engine's default input size)
   * @return the header to save {@link #network()} with
   */
  public BuiltinCheckpoint.Header header(int inputSize) {
    return new BuiltinCheckpoint.Header(architecture, size, numClasses, inputSize);
  }

  /**
   * The family's schedule over {@code totalSteps} (phases of zero steps are left out).
   *
   * @param totalSteps steps of the run
   * @return chromagan: {@code gan} (GAN) for all steps; deoldify: NoGAN {@code generator}
   *     (GENERATOR, 70%), {@code critic} (CRITIC, 15%), {@code gan} (GAN, the rest);
   *     instcolor: {@code generator} for all steps
   */
  public List<TrainingConfig.Phase> defaultPhases(int totalSteps) {
    if (totalSteps < 0) {
      throw new TrainingException("total steps must not be negative: " + totalSteps);
    }
    return switch (architecture) {
      case CHROMAGAN -> List.of(new TrainingConfig.Phase("gan", totalSteps,
          TrainingConfig.Kind.GAN));
      case INSTCOLOR -> List.of(new TrainingConfig.Phase("generator", totalSteps));
      case DEOLDIFY -> {
        int generator = Math.round(0.70f * totalSteps);
        int criticSteps = Math.round(0.15f * totalSteps);
        int gan = totalSteps - generator - criticSteps;
        List<TrainingConfig.Phase> phases = new ArrayList<>();
        if (generator > 0 || totalSteps == 0) {
          phases.add(new TrainingConfig.Phase("generator", generator));
        }
        if (criticSteps > 0) {
          phases.add(new TrainingConfig.Phase("critic", criticSteps, TrainingConfig.Kind.CRITIC));
        }
        if (gan > 0) {
          phases.add(new TrainingConfig.Phase("gan", gan, TrainingConfig.Kind.GAN));
        }
        yield List.copyOf(phases);
      }
    };
  }

  @Override
  public Block generator() {
    return network;
  }

  @Override
  public List<LossTerm> extraLosses() {
    return extraLosses;
  }

  @Override
  public Optional<Critic> critic() {
    return Optional.ofNullable(critic);
  }

  @Override
  public AdamSettings adam() {
    return generatorAdam;
  }

  @Override
  public LScaling lScaling() {
    return LScaling.ZERO_TO_ONE;
  }

  @Override
  public NDList forward(ParameterStore store, LossTerm.Batch batch, boolean training) {
    if (architecture != Architecture.INSTCOLOR) {
      return network.forward(store, new NDList(batch.l()), training);
    }
    NDManager manager = batch.l().getManager();
    int side = (int) batch.l().getShape().get(2);
    NDList full = new NDList();
    NDList instances = new NDList();
    for (int i = 0; i < batch.samples().size(); i++) {
      TrainingSample sample = batch.samples().get(i);
      NDList inputs = new NDList(batch.l().get(new NDIndex("{}:{}", i, i + 1)));
      InstanceCrops crops = InstanceCrops.of(sample.l(), sample.size(), sample.size(),
          sample.boxes(), side);
      int k = crops.count();
      if (k > 0) {
        inputs.add(TrainingLoop.tensor(manager, crops.crops(), new Shape(k, 1, side, side)));
        inputs.add(TrainingLoop.tensor(manager, crops.boxes(), new Shape(k, 4)));
      }
      NDList out = network.forward(store, inputs, training);
      full.add(out.get(0));
      if (k > 0) {
        instances.add(out.get(1));
      }
    }
    NDArray ab = full.size() == 1 ? full.head() : NDArrays.concat(full, 0);
    if (instances.isEmpty()) {
      return new NDList(ab);
    }
    return new NDList(ab, instances.size() == 1 ? instances.head()
        : NDArrays.concat(instances, 0));
  }

  @Override
  public void loadStartingWeights(NDManager manager) {
    if (startCheckpoint == null) {
      return;
    }
    try {
      BuiltinCheckpoint.loadInto(startCheckpoint, network, manager);
    } catch (IOException e) {
      throw new TrainingException("cannot load start checkpoint " + startCheckpoint + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * InstColor's instance-network loss: mean squared error between the instance network's ab
   * (generator output 1, the batch's crops in order) and each crop's ab / 110, cropped and
   * resized like the L crops. Zero when the batch has no instances.
   */
  static final class InstanceL2 implements LossTerm {
    private final float weight;

    InstanceL2(float weight) {
      this.weight = weight;
    }

    @Override
    public String name() {
      return "instance_l2";
    }

    @Override
    public NDArray compute(Batch batch, NDList generatorOutputs) {
      NDManager manager = batch.l().getManager();
      if (generatorOutputs.size() < 2) {
        return manager.zeros(new Shape());
      }
      int side = (int) batch.l().getShape().get(2);
      int plane = side * side;
      List<float[]> targets = new ArrayList<>();
      for (TrainingSample sample : batch.samples()) {
        int s = sample.size();
        InstanceCrops crops = InstanceCrops.of(sample.l(), s, s, sample.boxes(), side);
        float[] a = java.util.Arrays.copyOfRange(sample.ab(), 0, s * s);
        float[] b = java.util.Arrays.copyOfRange(sample.ab(), s * s, 2 * s * s);
        for (var box : crops.clipped()) {
          float[] target = new float[2 * plane];
          float[] ca = InstanceCrops.crop(a, s, box, side);
          float[] cb = InstanceCrops.crop(b, s, box, side);
          for (int p = 0; p < plane; p++) {
            target[p] = ca[p] / TrainingLoop.AB_SCALE;
            target[plane + p] = cb[p] / TrainingLoop.AB_SCALE;
          }
          targets.add(target);
        }
      }
      float[] all = new float[targets.size() * 2 * plane];
      for (int k = 0; k < targets.size(); k++) {
        System.arraycopy(targets.get(k), 0, all, k * 2 * plane, 2 * plane);
      }
      NDArray predicted = generatorOutputs.get(1);
      Shape shape = new Shape(targets.size(), 2, side, side);
      if (!predicted.getShape().equals(shape)) {
        throw new TrainingException("instance ab output has shape " + predicted.getShape()
            + ", the batch's crops need " + shape);
      }
      NDArray error = predicted.sub(TrainingLoop.tensor(manager, all, shape));
      return error.mul(error).mean().mul(manager.full(new Shape(), weight));
    }
  }
}
