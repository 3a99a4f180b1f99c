package dev.colorize.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.colorize.model.convention.Resampling;
import dev.colorize.model.official.TorchOps;
import dev.colorize.model.official.chromagan.ChromaGanFile;
import dev.colorize.model.official.chromagan.ChromaGanGenerator;
import dev.colorize.model.official.chromagan.KerasStructure;
import dev.colorize.model.official.chromagan.Vgg16Classifier;
import dev.colorize.model.official.h5.KerasWeightsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

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
 *   <li>Not trained here: the adversarial term (the discriminator is a separate file the
 *       authors do not publish).
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
  private KerasWeightsFile source;
  private NDManager teacherManager;
  private Vgg16Classifier teacher;

  private OfficialChromaGanTrainable(Path file, ChromaGanFile.Opened opened, AdamSettings adam,
      Path teacherFile) {
    this.file = file;
    this.source = opened.file();
    this.structure = opened.structure();
    this.adam = adam;
    this.teacherFile = teacherFile;
    this.generator = new ChromaGanGenerator();
    generator.useWeights(opened.weights());
  }

  /**
   * Opens a published ChromaGAN file to train (its weights are read when the loop initialises
   * the generator).
   *
   * @throws TrainingException when it is no readable ChromaGAN colorization model
   */
  public static OfficialChromaGanTrainable open(Path file, AdamSettings adam) {
    return open(file, adam, null);
  }

  /**
   * Opens a published ChromaGAN file to train with the class-distribution term against
   * {@code teacherFile}, Keras's VGG-16 ImageNet classifier (null: without the term). The
   * teacher file is checked now and read on the first pass, on the pass's device.
   *
   * @throws TrainingException when either file is not what it should be
   */
  public static OfficialChromaGanTrainable open(Path file, AdamSettings adam, Path teacherFile) {
    try {
      if (teacherFile != null) {
        Vgg16Classifier.probe(teacherFile);
      }
      return new OfficialChromaGanTrainable(file, ChromaGanFile.open(file), adam, teacherFile);
    } catch (IOException e) {
      throw new TrainingException(e.getMessage(), e);
    }
  }

  /** ChromaGAN's weight of the class-distribution term ({@code loss_weights}, 0.003). */
  static final float CLASS_WEIGHT = 0.003f;

  @Override
  public List<LossTerm> extraLosses() {
    return teacherFile == null ? List.of() : List.of(new TeacherKl(1, 2, CLASS_WEIGHT));
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
      result.add(teacher(x).forward(new ParameterStore(manager, false), new NDList(x), false)
          .head().stopGradient());
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
