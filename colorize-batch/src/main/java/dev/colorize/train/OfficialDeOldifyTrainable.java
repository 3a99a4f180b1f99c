package dev.colorize.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.colorize.image.CieLab;
import dev.colorize.model.convention.GrayLevels;
import dev.colorize.model.official.PthWeights;
import dev.colorize.model.official.TorchOps;
import dev.colorize.model.official.deoldify.DeOldifyCritic;
import dev.colorize.model.official.deoldify.DeOldifyCriticFile;
import dev.colorize.model.official.deoldify.DeOldifyFile;
import dev.colorize.model.official.deoldify.DeOldifyGenerator;
import dev.colorize.model.official.deoldify.DeOldifyVariant;
import dev.colorize.model.official.deoldify.Vgg16BnFeatures;
import dev.colorize.model.official.pth.PthFile;
import dev.colorize.model.official.pth.StateDict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A published DeOldify generator ({@code official} engine) as a {@link TrainableModel}: its own
 * parameters, read from the author's {@code .pth}, trained on the loop's L2 loss on ab through
 * a differentiable form of the {@code deoldify} convention.
 *
 * <ul>
 *   <li>Input: each sample's L as the convention makes it, at the sample size S (a multiple of
 *       16, so no resize): the 8-bit gray value of L ({@link GrayLevels#gray}), / 255, repeated
 *       to three channels and ImageNet-normalised. It needs no gradient and is built in Java.
 *   <li>Output: the convention's post-processing without its 8-bit rounding (which has no
 *       gradient): {@code clip(out * std + mean, 0, 1)}; BT.601 U and V of that RGB merged with
 *       the input's gray as Y ({@code R = Y + 1.140 V}, {@code G = Y - 0.395 U - 0.581 V},
 *       {@code B = Y + 2.032 U}, clipped to [0, 1]); sRGB to CIE Lab (D65, as
 *       {@code CieLab}); ab / 110, the loop's normalised ab.
 *   <li>Train mode as PyTorch's {@code model.train()}: batch norms normalise with the batch's
 *       statistics and move their running statistics, spectral norms take one power iteration
 *       per pass. All of these are parameters to the loop, so checkpoints hold them and a
 *       resumed run continues exactly.
 *   <li>The base loss on ab is L2 (the loop's) or L1 (DeOldify's {@code F.l1_loss};
 *       {@code <finetune><loss>}); with torchvision's {@code vgg16_bn} weights
 *       ({@code <finetune><featureLoss>}), DeOldify's VGG feature terms are added
 *       ({@link DeOldifyFeatureLoss}): the forward pass then also returns the generator's
 *       output and the target image in its normalised RGB.
 *   <li>With an {@link Adversary}, the critic of adversarial phases is DeOldify's NoGAN critic
 *       ({@link DeOldifyCritic}, read from {@code ColorizeArtistic_crit.pth} or seeded) trained
 *       as DeOldify's notebooks train it with fastai's {@code GANLearner}: binary cross entropy
 *       on the generator's normalised RGB against the target image's, critic updates until its
 *       loss is below 0.65 ({@code AdaptiveGANSwitcher(critic_thresh=0.65)}), the critic's
 *       learning rate 5x the generator's ({@code GANDiscriminativeLR(mult_lr=5)}), Adam betas
 *       (0, 0.9), each network in eval mode while the other trains ({@code switch_eval}), and
 *       the adversarial term weighted against the generator's loss as {@code weights_gen}
 *       (1 : 2 for artistic, 1 : 1.5 for stable and video: {@link #adversarialWeight}).
 * </ul>
 *
 * <p>{@link #export} writes the weights as the published files are stored (legacy
 * {@code .pth}, bare state dict), which the {@code official} engine and DeOldify's own code load.
 * Close it after training: it holds the source file open until the loop has read it.
 */
public final class OfficialDeOldifyTrainable implements OfficialTrainable {

  private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] STD = {0.229f, 0.224f, 0.225f};
  private static final float XN = 0.95047f;
  private static final float ZN = 1.08883f;
  private static final float[][] RGB_TO_XYZ = {
    {0.412453f, 0.357580f, 0.180423f},
    {0.212671f, 0.715160f, 0.072169f},
    {0.019334f, 0.119193f, 0.950227f}
  };
  private static final float LAB_EPSILON = 0.008856f;

  private final Path file;
  private final DeOldifyVariant variant;
  private final DeOldifyGenerator generator;
  private final AdamSettings adam;
  private final BaseLoss baseLoss;
  private final Path featureFile;
  private final DeOldifyCritic criticNetwork;
  private final Critic critic;
  private DeOldifyCriticFile.Opened criticSource;
  private PthFile source;
  private NDManager featureManager;
  private DeOldifyFeatureLoss featureLoss;

  private OfficialDeOldifyTrainable(Path file, DeOldifyVariant variant, PthFile source,
      StateDict stateDict, AdamSettings adam, BaseLoss baseLoss, Path featureFile,
      Adversary adversary) throws IOException {
    this.file = file;
    this.variant = variant;
    this.source = source;
    this.adam = adam;
    this.baseLoss = baseLoss;
    this.featureFile = featureFile;
    this.generator = new DeOldifyGenerator(variant);
    generator.useWeights(new PthWeights(source, stateDict));
    if (adversary == null) {
      criticNetwork = null;
      critic = null;
      return;
    }
    if (adversary.file() != null) {
      criticSource = DeOldifyCriticFile.open(adversary.file());
      criticNetwork = criticSource.critic();
      criticNetwork.useWeights(criticSource.weights());
    } else {
      criticNetwork = new DeOldifyCritic(DeOldifyCritic.FEATURES, DeOldifyCritic.BLOCKS);
      criticNetwork.useWeights(DeOldifyCriticFile.seeded(criticNetwork, adversary.seed()));
    }
    AdamSettings criticAdam = new AdamSettings(CRITIC_LEARNING_RATE_FACTOR * adam.learningRate(),
        0f, 0.9f, adam.epsilon());
    critic = new Critic(criticNetwork, criticAdam, new Critic.BinaryCrossEntropy(),
        new Critic.BelowThreshold(CRITIC_THRESHOLD, MAX_CRITIC_STEPS),
        adversarialWeight(variant), new RgbImages(criticNetwork), true);
  }

  /**
   * The critic to train against: a DeOldify critic file, or null for an untrained
   * {@code custom_gan_critic()} (nf 256, three blocks) from {@code seed}, as NoGAN's critic
   * pretraining starts.
   */
  public record Adversary(Path file, long seed) {}

  /** {@code AdaptiveGANSwitcher(critic_thresh=0.65)} in DeOldify's notebooks. */
  static final float CRITIC_THRESHOLD = 0.65f;
  /** A bound fastai does not have, so that a critic that cannot learn does not stall a run. */
  static final int MAX_CRITIC_STEPS = 16;
  /** {@code GANDiscriminativeLR(mult_lr=5.)}. */
  static final float CRITIC_LEARNING_RATE_FACTOR = 5f;

  /**
   * The adversarial term's weight against the generator's loss: DeOldify's
   * {@code weights_gen=(1.0, w)} weights the critic's term 1 and the generator's loss w (2 in
   * the artistic notebook, 1.5 in the stable and video ones); here the generator's loss keeps
   * weight 1 and the term gets 1 / w, the same ratio (Adam's steps do not depend on a constant
   * factor of the loss, up to its epsilon).
   */
  static float adversarialWeight(DeOldifyVariant variant) {
    return variant == DeOldifyVariant.ARTISTIC ? 1f / 2f : 1f / 1.5f;
  }

  /**
   * What DeOldify's critic sees: the generator's output (forward's output 1) and the target
   * image (output 2), both ImageNet-normalised RGB; its dropout masks from the loop's noise.
   */
  private record RgbImages(DeOldifyCritic network) implements Critic.Inputs {
    @Override
    public NDArray real(LossTerm.Batch batch, NDList generatorOutputs) {
      return generatorOutputs.get(2);
    }

    @Override
    public NDArray fake(LossTerm.Batch batch, NDList generatorOutputs) {
      return generatorOutputs.get(1);
    }

    @Override
    public NDList trainingNoise(int batch, SplitMix64 noise, NDManager manager) {
      return network.dropoutMasks(batch, noise::nextFloat, manager);
    }
  }

  @Override
  public Optional<Critic> critic() {
    return Optional.ofNullable(critic);
  }

  /**
   * Opens a published generator file to train (its tensors are read when the loop initialises
   * the generator).
   *
   * @throws TrainingException when it is no readable DeOldify generator
   */
  public static OfficialDeOldifyTrainable open(Path file, AdamSettings adam) {
    return open(file, adam, BaseLoss.L2, null);
  }

  /**
   * Opens a published generator file to train on {@code baseLoss}, plus DeOldify's feature loss
   * when {@code featureFile} (torchvision's {@code vgg16_bn} weights) is not null; that file is
   * checked now and read on the first pass, on the pass's device.
   *
   * @throws TrainingException when a file is not what it should be
   */
  public static OfficialDeOldifyTrainable open(Path file, AdamSettings adam, BaseLoss baseLoss,
      Path featureFile) {
    return open(file, adam, baseLoss, featureFile, null);
  }

  /**
   * Opens a published generator file to train as {@link #open(Path, AdamSettings, BaseLoss,
   * Path)}, against DeOldify's critic in adversarial phases when {@code adversary} is not null
   * (its file is recognised now and read when the loop initialises the critic).
   *
   * @throws TrainingException when a file is not what it should be
   */
  public static OfficialDeOldifyTrainable open(Path file, AdamSettings adam, BaseLoss baseLoss,
      Path featureFile, Adversary adversary) {
    PthFile pth = null;
    try {
      if (featureFile != null) {
        Vgg16BnFeatures.probe(featureFile);
      }
      pth = PthFile.open(file);
      StateDict sd = StateDict.of(pth.root(), file.toString());
      DeOldifyVariant variant = DeOldifyFile.recognise(sd, file);
      return new OfficialDeOldifyTrainable(file, variant, pth, sd, adam, baseLoss, featureFile,
          adversary);
    } catch (IOException e) {
      closeQuietly(pth);
      throw new TrainingException(e.getMessage(), e);
    }
  }

  private static void closeQuietly(PthFile pth) {
    if (pth != null) {
      try {
        pth.close();
      } catch (IOException ignored) {
        // the read failed already; that error is the one reported
      }
    }
  }

  public DeOldifyVariant variant() {
    return variant;
  }

  public Path file() {
    return file;
  }

  @Override
  public Block generator() {
    return generator;
  }

  @Override
  public AdamSettings adam() {
    return adam;
  }

  @Override
  public BaseLoss baseLoss() {
    return baseLoss;
  }

  @Override
  public List<LossTerm> extraLosses() {
    // the term reads outputs 1 and 2, which forward adds in training passes
    return featureFile == null ? List.of() : List.of(new LazyFeatureLoss());
  }

  /** The feature loss, its network read on first use on the pass's device. */
  private final class LazyFeatureLoss implements LossTerm {
    @Override
    public String name() {
      return "feature";
    }

    @Override
    public NDArray compute(LossTerm.Batch batch, NDList outputs) {
      if (featureLoss == null) {
        featureManager = NDManager.newBaseManager(outputs.get(1).getDevice(), "PyTorch");
        try {
          featureLoss = new DeOldifyFeatureLoss(Vgg16BnFeatures.load(featureFile,
              featureManager), 1, 2);
        } catch (IOException e) {
          throw new TrainingException(e.getMessage(), e);
        }
      }
      return featureLoss.compute(batch, outputs);
    }
  }

  @Override
  public LScaling lScaling() {
    return LScaling.ZERO_TO_ONE;
  }

  @Override
  public void loadStartingWeights(NDManager manager) {
    release(); // the loop initialised both networks from the files: nothing more to read
  }

  /**
   * Writes the current weights in the published format ({@link DeOldifyFile#write}) and, with
   * a critic, the critic's beside them as {@link #criticExport} names it.
   */
  @Override
  public void export(Path target) throws IOException {
    DeOldifyFile.write(generator, target);
    if (criticNetwork != null) {
      DeOldifyCriticFile.write(criticNetwork, criticExport(target));
    }
  }

  /** Where {@link #export} writes the critic: {@code <name>_crit.pth} beside {@code <name>.pth}. */
  public static Path criticExport(Path generatorExport) {
    String name = generatorExport.getFileName().toString();
    String stem = name.endsWith(".pth") ? name.substring(0, name.length() - 4) : name;
    return generatorExport.resolveSibling(stem + "_crit.pth");
  }

  @Override
  public NDList forward(ParameterStore store, LossTerm.Batch batch, boolean training) {
    NDManager manager = batch.l().getManager();
    List<TrainingSample> samples = batch.samples();
    int side = samples.get(0).size();
    if (side % DeOldifyGenerator.SIZE_MULTIPLE != 0) {
      throw new TrainingException("DeOldify trains on sizes that are multiples of "
          + DeOldifyGenerator.SIZE_MULTIPLE + "; the samples are " + side + " px");
    }
    int n = samples.size();
    int plane = side * side;
    float[] input = new float[n * 3 * plane];
    float[] gray = new float[n * plane];
    for (int i = 0; i < n; i++) {
      float[] l = samples.get(i).l();
      for (int p = 0; p < plane; p++) {
        float g = GrayLevels.gray(l[p]) / 255f;
        gray[i * plane + p] = g;
        for (int c = 0; c < 3; c++) {
          input[(i * 3 + c) * plane + p] = (g - MEAN[c]) / STD[c];
        }
      }
    }
    NDArray x = TrainingLoop.tensor(manager, input, new Shape(n, 3, side, side));
    NDArray y = TrainingLoop.tensor(manager, gray, new Shape(n, 1, side, side));
    NDArray out = generator.forward(store, new NDList(x), training).head();
    NDList result = new NDList(toNormalisedAb(out, y));
    // the feature loss needs them in training passes, the critic in every pass
    if ((featureFile != null && training) || critic != null) {
      result.add(out);
      result.add(TrainingLoop.tensor(manager, targetRgb(samples), new Shape(n, 3, side, side)));
    }
    return result;
  }

  /** The samples' colour images as 8-bit sRGB / 255, ImageNet-normalised, NCHW. */
  static float[] targetRgb(List<TrainingSample> samples) {
    int side = samples.get(0).size();
    int plane = side * side;
    float[] rgb = new float[samples.size() * 3 * plane];
    int[] pixel = new int[3];
    for (int i = 0; i < samples.size(); i++) {
      float[] l = samples.get(i).l();
      float[] ab = samples.get(i).ab();
      for (int p = 0; p < plane; p++) {
        CieLab.labToRgb(l[p], ab[p], ab[plane + p], pixel);
        for (int c = 0; c < 3; c++) {
          rgb[(i * 3 + c) * plane + p] = (pixel[c] / 255f - MEAN[c]) / STD[c];
        }
      }
    }
    return rgb;
  }

  /** The differentiable deoldify post-processing (class comment), ab / 110. */
  static NDArray toNormalisedAb(NDArray out, NDArray y) {
    NDArray[] rgb = new NDArray[3];
    for (int c = 0; c < 3; c++) {
      NDArray channel = out.get(":, {}:{}", c, c + 1);
      rgb[c] = channel.mul(s(out, STD[c])).add(s(out, MEAN[c])).clip(0f, 1f);
    }
    NDArray luma = rgb[0].mul(s(out, 0.299f)).add(rgb[1].mul(s(out, 0.587f)))
        .add(rgb[2].mul(s(out, 0.114f)));
    NDArray u = rgb[2].sub(luma).mul(s(out, 0.492f));
    NDArray v = rgb[0].sub(luma).mul(s(out, 0.877f));
    NDArray[] merged = {
      y.add(v.mul(s(out, 1.140f))).clip(0f, 1f),
      y.sub(u.mul(s(out, 0.395f))).sub(v.mul(s(out, 0.581f))).clip(0f, 1f),
      y.add(u.mul(s(out, 2.032f))).clip(0f, 1f)
    };
    NDArray[] linear = new NDArray[3];
    for (int c = 0; c < 3; c++) {
      NDArray m = merged[c];
      // both branches stay finite for every input, so where() passes no NaN gradient
      NDArray curve = m.add(s(out, 0.055f)).div(s(out, 1.055f)).pow(s(out, 2.4f));
      NDArray line = m.div(s(out, 12.92f));
      linear[c] = NDArrays.where(m.gt(0.04045f), curve, line);
    }
    NDArray[] f = new NDArray[3];
    float[] white = {XN, 1f, ZN};
    for (int k = 0; k < 3; k++) {
      NDArray t = linear[0].mul(s(out, RGB_TO_XYZ[k][0] / white[k]))
          .add(linear[1].mul(s(out, RGB_TO_XYZ[k][1] / white[k])))
          .add(linear[2].mul(s(out, RGB_TO_XYZ[k][2] / white[k])));
      NDArray cube = t.maximum(LAB_EPSILON).pow(s(out, 1f / 3f));
      NDArray line = t.mul(s(out, 7.787f)).add(s(out, 16f / 116f));
      f[k] = NDArrays.where(t.gt(LAB_EPSILON), cube, line);
    }
    NDArray a = f[0].sub(f[1]).mul(s(out, 500f / TrainingLoop.AB_SCALE));
    NDArray b = f[1].sub(f[2]).mul(s(out, 200f / TrainingLoop.AB_SCALE));
    return a.concat(b, 1);
  }

  private static NDArray s(NDArray like, float value) {
    return TorchOps.scalar(like, value);
  }

  private void release() {
    closeQuietly(source);
    source = null;
    if (criticSource != null) {
      try {
        criticSource.close();
      } catch (IOException ignored) {
        // the critic's tensors were read already (or the run failed for another reason)
      }
      criticSource = null;
    }
  }

  @Override
  public void close() {
    release();
    if (featureManager != null) {
      featureManager.close();
      featureManager = null;
      featureLoss = null;
    }
  }
}
