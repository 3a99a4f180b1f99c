package dev.colorize.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.colorize.model.convention.Resampling;
import dev.colorize.model.official.TorchOps;
import dev.colorize.model.official.chromagan.ChromaGanDiscriminator;
import dev.colorize.model.official.chromagan.ChromaGanFile;
import dev.colorize.model.official.chromagan.ChromaGanGenerator;
import dev.colorize.model.official.chromagan.KerasStructure;
import dev.colorize.model.official.chromagan.Vgg16Classifier;
import dev.colorize.model.official.h5.KerasWeightsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * ChromaGAN's published colorization network ({@code official} engine) as a
 * {@link TrainableModel}: all its parameters, read from the authors' {@code .h5}, trained on the
 * loop's L2 loss on ab (ChromaGAN's own first term, {@code mse} with weight 1) through a
 * differentiable form of the {@code chromagan} convention.
 *
 * <ul>
 *   <li>Input: each sample's L resized to 224 x 224 as the convention does (OpenCV's bilinear),
 *       / 100, three times, NHWC. Built in Java: it needs no gradient.
 *   <li>Output: the sigmoid ab {@code v} as the convention reads it, CIE {@code a = 255 v - 128}
 *       (the convention's clip to [0, 255] never acts on a sigmoid), resized from 224 to the
 *       sample size with bilinear interpolation ({@link TorchOps#interpolateBilinear}, which for
 *       upscaling weighs the pixels as OpenCV's INTER_LINEAR does), / 110.
 *   <li>Train mode as Keras's: batch norms normalise with the batch's statistics and move their
 *       moving statistics (momentum 0.99, epsilon 1e-3).
 *   <li>With a class teacher (Keras's VGG-16 ImageNet classifier file, {@link Vgg16Classifier}):
 *       ChromaGAN's second term, {@code 0.003 x kld} from the teacher's predictions on the same
 *       input to the class head ({@link TeacherKl}). Without one, no loss reaches the class
 *       head: it is carried unchanged and written back.
 *   <li>With adversarial phases ({@code <phases>} with {@code critic} or {@code gan}): ChromaGAN's
 *       discriminator ({@link ChromaGanDiscriminator}) as the loop's WGAN-GP critic, as its
 *       authors train it: the generator's term {@code -0.1 x mean D(L, G(L))}, the critic's
 *       {@code mean D(fake) - mean D(real) + 10 x gradient penalty}, Adam lr 2e-5, betas 0.5 and
 *       0.999 (their {@code Adam(0.00002, 0.5)}). Its starting weights are a discriminator file
 *       ({@code my_model_discriminatorEpoch<N>.h5}) or, without one, a seed.
 * </ul>
 *
 * <p>{@link #export} writes the weights as the file read stores them (its layout, layer names
 * and {@code model_config}), which the {@code official} engine and Keras's {@code load_model}
 * read. Close it after training: it holds the source file open until the loop has read it.
 */
public final class OfficialChromaGanTrainable implements OfficialTrainable {

  private final Path file;
  private final ChromaGanGenerator generator;
  private final KerasStructure structure;
  private final AdamSettings adam;
  private final Path teacherFile;
  private final Critic critic;
  private KerasWeightsFile source;
  private ChromaGanDiscriminator.Opened discriminatorSource;
  private NDManager teacherManager;
  private Vgg16Classifier teacher;

  private OfficialChromaGanTrainable(Path file, ChromaGanFile.Opened opened, AdamSettings adam,
      Path teacherFile, Adversary adversary) throws IOException {
    this.file = file;
    this.source = opened.file();
    this.structure = opened.structure();
    this.adam = adam;
    this.teacherFile = teacherFile;
    this.generator = new ChromaGanGenerator();
    generator.useWeights(opened.weights());
    if (adversary == null) {
      critic = null;
    } else {
      ChromaGanDiscriminator discriminator = new ChromaGanDiscriminator();
      if (adversary.file() != null) {
        discriminatorSource = ChromaGanDiscriminator.open(adversary.file());
        discriminator.useWeights(discriminatorSource.weights());
      } else {
        discriminator.useWeights(ChromaGanDiscriminator.seeded(adversary.seed()));
      }
      critic = new Critic(discriminator, CHROMAGAN_ADAM, PENALTY_WEIGHT, 1, ADVERSARIAL_WEIGHT);
    }
  }

  /**
   * The discriminator to train against: its file, or null for weights from {@code seed}.
   *
   * @param file a ChromaGAN discriminator {@code .h5}, or null
   * @param seed the seed of an untrained discriminator
   */
  public record Adversary(Path file, long seed) {}

  /** ChromaGAN's optimiser for both networks: {@code Adam(0.00002, 0.5)}, Keras's epsilon. */
  static final AdamSettings CHROMAGAN_ADAM = new AdamSettings(2e-5f, 0.5f, 0.999f, 1e-7f);
  /** ChromaGAN's {@code GRADIENT_PENALTY_WEIGHT}. */
  static final float PENALTY_WEIGHT = 10f;
  /** ChromaGAN's weight of the Wasserstein term in the generator's loss (-0.1 on D's score). */
  static final float ADVERSARIAL_WEIGHT = 0.1f;

  @Override
  public Optional<Critic> critic() {
    return Optional.ofNullable(critic);
  }

  /**
   * Opens a published ChromaGAN file to train (its weights are read when the loop initialises
   * the generator).
   *
   * @throws TrainingException when it is no readable ChromaGAN colorization model
   */
  public static OfficialChromaGanTrainable open(Path file, AdamSettings adam) {
    return open(file, adam, null, null);
  }

  /**
   * Opens a published ChromaGAN file to train with the class-distribution term against
   * {@code teacherFile}, Keras's VGG-16 ImageNet classifier (null: without the term), and
   * against a discriminator (null: no critic). The teacher file is checked now and read on the
   * first pass, on the pass's device.
   *
   * @throws TrainingException when a file is not what it should be
   */
  public static OfficialChromaGanTrainable open(Path file, AdamSettings adam, Path teacherFile,
      Adversary adversary) {
    ChromaGanFile.Opened opened = null;
    try {
      if (teacherFile != null) {
        Vgg16Classifier.probe(teacherFile);
      }
      opened = ChromaGanFile.open(file);
      return new OfficialChromaGanTrainable(file, opened, adam, teacherFile, adversary);
    } catch (IOException e) {
      if (opened != null) {
        opened.close();
      }
      throw new TrainingException(e.getMessage(), e);
    }
  }

  /** ChromaGAN's weight of the class-distribution term ({@code loss_weights}, 0.003). */
  static final float CLASS_WEIGHT = 0.003f;

  @Override
  public List<LossTerm> extraLosses() {
    return teacherFile == null ? List.of() : List.of(new TeacherKl(1, 2,
        x -> teacher(x).forward(new ParameterStore(x.getManager(), false), new NDList(x), false)
            .head(), CLASS_WEIGHT));
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
  public LScaling lScaling() {
    return LScaling.ZERO_TO_ONE;
  }

  @Override
  public void loadStartingWeights(NDManager manager) {
    release(); // the loop initialised the generator from the file: nothing more to read
  }

  /** Writes the current weights in the structure of the file read ({@link KerasStructure}). */
  @Override
  public void export(Path target) throws IOException {
    structure.write(generator, target);
  }

  @Override
  public NDList forward(ParameterStore store, LossTerm.Batch batch, boolean training) {
    NDManager manager = batch.l().getManager();
    List<TrainingSample> samples = batch.samples();
    int side = samples.get(0).size();
    int n = samples.size();
    int size = ChromaGanGenerator.SIZE;
    int plane = size * size;
    float[] input = new float[n * plane * 3];
    for (int i = 0; i < n; i++) {
      float[] l = Resampling.bilinear(samples.get(i).l(), side, side, size, size);
      for (int p = 0; p < plane; p++) {
        float v = l[p] / 100f;
        int at = (i * plane + p) * 3;
        input[at] = v;
        input[at + 1] = v;
        input[at + 2] = v;
      }
    }
    NDArray x = TrainingLoop.tensor(manager, input, new Shape(n, size, size, 3));
    NDList out = generator.forward(store, new NDList(x), training);
    NDArray v = out.get(0).transpose(0, 3, 1, 2);
    NDArray ab = v.mul(TorchOps.scalar(v, 255f)).sub(TorchOps.scalar(v, 128f))
        .div(TorchOps.scalar(v, TrainingLoop.AB_SCALE));
    NDList result = new NDList(TorchOps.interpolateBilinear(ab, side, side), out.get(1));
    if (teacherFile != null && training) {
      result.add(x); // the class term runs the teacher on it
    }
    return result;
  }

  /** The class teacher, read on first use on the device of {@code like}. */
  private Vgg16Classifier teacher(NDArray like) {
    if (teacher == null) {
      teacherManager = NDManager.newBaseManager(like.getDevice(), "PyTorch");
      try {
        teacher = Vgg16Classifier.load(teacherFile, teacherManager);
      } catch (IOException e) {
        throw new TrainingException(e.getMessage(), e);
      }
    }
    return teacher;
  }

  private void release() {
    if (source != null) {
      source.close();
      source = null;
    }
    if (discriminatorSource != null) {
      discriminatorSource.close();
      discriminatorSource = null;
    }
  }

  @Override
  public void close() {
    release();
    if (teacherManager != null) {
      teacherManager.close();
      teacherManager = null;
      teacher = null;
    }
  }
}
