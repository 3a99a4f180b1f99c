package dev.colorize.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.colorize.image.Box;
import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationException;
import dev.colorize.model.ColorizationInput;
import dev.colorize.model.convention.Convention;
import dev.colorize.model.convention.InstColorConvention;
import dev.colorize.model.convention.Resampling;
import dev.colorize.model.convention.Tensor;
import dev.colorize.model.official.instcolor.InstColorBoxes;
import dev.colorize.model.official.instcolor.InstColorFolder;
import dev.colorize.model.official.instcolor.InstColorNetworks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * InstColor's published checkpoint folder ({@code official} engine) as a {@link TrainableModel},
 * trained in one of the three stages its authors train it in ({@code models/train_model.py},
 * {@code scripts/train.sh}), one stage per fine-tuning run; the export of one run is the folder
 * the next starts from.
 *
 * <ul>
 *   <li>{@link Stage#FULL}: the full-image network {@code GComp} on whole images, train mode;
 *   <li>{@link Stage#INSTANCE}: the instance network {@code G} on the instance crops (each
 *       sample's boxes as the {@code instcolor} convention selects them, L and ab cropped and
 *       resized to the sample size with Pillow's bilinear filter), train mode; a sample without
 *       boxes gives its whole image as one crop;
 *   <li>{@link Stage#FUSION}: the fusion network's weight generators, {@code model10} and
 *       {@code model_out} (the parameters the authors' optimiser holds), everything in eval mode
 *       (batch norms with their running statistics), one image at a time with its instances; an
 *       image without boxes trains the fusion network's own trunk.
 * </ul>
 * Every other tensor is frozen: checkpointed and written, never given a gradient. The loss is
 * the loop's L2 on ab / 110, or the authors' own 10 x Huber loss with delta 1/110 on the same
 * scale ({@code <finetune><loss>huber</loss>}, {@link BaseLoss#HUBER}). Validation colorizes with the whole model, fusion where there are boxes and
 * {@code GComp} where there are none, as inference does.
 */
public final class OfficialInstColorTrainable implements OfficialTrainable {

  /** A training stage of InstColor and the tensors it updates. */
  public enum Stage {
    FULL(key -> key.startsWith(InstColorNetworks.FULL)),
    INSTANCE(key -> key.startsWith(InstColorNetworks.INSTANCE)),
    FUSION(key -> key.startsWith(InstColorNetworks.FUSION + "weight_layer")
        && !key.startsWith(InstColorNetworks.FUSION + "weight_layerout")
        || key.startsWith(InstColorNetworks.FUSION + "model10.")
        || key.startsWith(InstColorNetworks.FUSION + "model_out."));

    private final Predicate<String> trained;

    Stage(Predicate<String> trained) {
      this.trained = trained;
    }

    /** Whether this stage updates a key of {@link InstColorNetworks}. */
    public boolean trains(String key) {
      return trained.test(key);
    }

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The stage of an id ({@code full}, {@code instance}, {@code fusion}), or null. */
    public static Stage of(String id) {
      for (Stage s : values()) {
        if (s.id().equals(id)) {
          return s;
        }
      }
      return null;
    }
  }

  private final Path folder;
  private final Stage stage;
  private final InstColorNetworks networks;
  private final AdamSettings adam;
  private final InstColorConvention instcolor = new InstColorConvention();
  private final Convention convention = InstColorBoxes.convention(instcolor);
  private InstColorFolder.Opened source;

  private final BaseLoss baseLoss;

  private OfficialInstColorTrainable(Path folder, Stage stage, InstColorFolder.Opened source,
      AdamSettings adam, BaseLoss baseLoss) {
    this.folder = folder;
    this.stage = stage;
    this.source = source;
    this.adam = adam;
    this.baseLoss = baseLoss;
    this.networks = source.networks();
    networks.useWeights(source.weights());
  }

  /**
   * Opens a checkpoint folder to train one stage of (its tensors are read when the loop
   * initialises the networks).
   *
   * @throws TrainingException when it is no readable InstColor folder
   */
  public static OfficialInstColorTrainable open(Path folder, Stage stage, AdamSettings adam) {
    return open(folder, stage, adam, BaseLoss.L2);
  }

  /**
   * As {@link #open(Path, Stage, AdamSettings)}, on a base loss ({@link BaseLoss#HUBER}:
   * the authors' own).
   */
  public static OfficialInstColorTrainable open(Path folder, Stage stage, AdamSettings adam,
      BaseLoss baseLoss) {
    try {
      InstColorFolder.Opened opened = InstColorFolder.open(folder, stage::trains);
      if (!opened.networks().hasInstances()) {
        opened.close();
        throw new TrainingException(folder + " holds InstColor's full-image network only;"
            + " fine-tuning needs the checkpoint folder with all three networks");
      }
      return new OfficialInstColorTrainable(folder, stage, opened, adam, baseLoss);
    } catch (IOException e) {
      throw new TrainingException(e.getMessage(), e);
    }
  }

  public Stage stage() {
    return stage;
  }

  @Override
  public BaseLoss baseLoss() {
    return baseLoss;
  }

  public Path folder() {
    return folder;
  }

  @Override
  public Block generator() {
    return networks;
  }

  @Override
  public AdamSettings adam() {
    return adam;
  }

  @Override
  public void loadStartingWeights(NDManager manager) {
    release(); // the loop initialised the networks from the files: nothing more to read
  }

  /** Writes the current weights as the authors' checkpoint folder ({@link InstColorFolder}). */
  @Override
  public void export(Path target) throws IOException {
    // written beside and swapped in, so a kill leaves the old folder or the new one whole
    Path fresh = target.resolveSibling(target.getFileName() + ".tmp");
    Path old = target.resolveSibling(target.getFileName() + ".old");
    deleteFolder(fresh);
    deleteFolder(old);
    InstColorFolder.write(networks, fresh);
    if (Files.exists(target)) {
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
    deleteFolder(old);
  }

  private static void deleteFolder(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (var files = Files.list(folder)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.delete(f);
      }
    }
    Files.delete(folder);
  }

  @Override
  public NDList forward(ParameterStore store, LossTerm.Batch batch, boolean training) {
    NDManager manager = batch.l().getManager();
    List<TrainingSample> samples = batch.samples();
    int side = samples.get(0).size();
    if (side % InstColorNetworks.SIZE_MULTIPLE != 0) {
      throw new TrainingException("InstColor trains on sizes that are multiples of "
          + InstColorNetworks.SIZE_MULTIPLE + "; the samples are " + side + " px");
    }
    Map<String, String> options = Map.of("size", String.valueOf(side));
    if (training && stage == Stage.FULL) {
      return new NDList(networks.fullImage(store, normalisedL(manager, samples, side), true));
    }
    if (training && stage == Stage.INSTANCE) {
      return instanceStage(store, manager, samples, side, options);
    }
    // the fusion stage trains in eval mode, and validation colorizes as inference does
    NDList outputs = new NDList();
    for (TrainingSample sample : samples) {
      List<NDArray> in = inputs(manager, sample, options);
      boolean boxes = in.get(1).getShape().get(0) > 0;
      outputs.add(training || boxes ? networks.fused(store, in.get(0), in.get(1), in.get(2), false)
          : networks.fullImage(store, in.get(0), false));
    }
    return new NDList(outputs.size() == 1 ? outputs.head() : NDArrays.concat(outputs, 0));
  }

  /** The crops' own ab as output 1 of an instance-stage pass; else the batch's. */
  @Override
  public NDArray target(LossTerm.Batch batch, NDList outputs) {
    return outputs.size() > 1 ? outputs.get(1) : batch.ab();
  }

  private NDList instanceStage(ParameterStore store, NDManager manager,
      List<TrainingSample> samples, int side, Map<String, String> options) {
    int plane = side * side;
    List<float[]> l = new ArrayList<>();
    List<float[]> ab = new ArrayList<>();
    for (TrainingSample sample : samples) {
      ColorizationInput input = input(sample);
      List<Box> boxes = instcolor.selectInstances(input, options);
      if (boxes.isEmpty()) {
        boxes = List.of(new Box(0, 0, side, side));
      }
      for (Box box : boxes) {
        l.add(crop(sample.l(), 0, side, box));
        float[] both = new float[2 * plane];
        for (int c = 0; c < 2; c++) {
          float[] channel = crop(sample.ab(), c * plane, side, box);
          for (int p = 0; p < plane; p++) {
            both[c * plane + p] = channel[p] / TrainingLoop.AB_SCALE;
          }
        }
        ab.add(both);
      }
    }
    int k = l.size();
    float[] crops = new float[k * plane];
    float[] targets = new float[k * 2 * plane];
    for (int i = 0; i < k; i++) {
      float[] li = l.get(i);
      for (int p = 0; p < plane; p++) {
        crops[i * plane + p] = (li[p] - 50f) / 100f;
      }
      System.arraycopy(ab.get(i), 0, targets, i * 2 * plane, 2 * plane);
    }
    NDArray x = TrainingLoop.tensor(manager, crops, new Shape(k, 1, side, side));
    NDArray y = TrainingLoop.tensor(manager, targets, new Shape(k, 2, side, side));
    return new NDList(networks.instance(store, x, true), y);
  }

  /** A box of one plane of a sample, resized back to the sample's side (Pillow bilinear). */
  private static float[] crop(float[] planes, int offset, int side, Box box) {
    float[] c = new float[box.width() * box.height()];
    for (int y = 0; y < box.height(); y++) {
      System.arraycopy(planes, offset + (box.y() + y) * side + box.x(), c, y * box.width(),
          box.width());
    }
    return Resampling.pilBilinear(c, box.width(), box.height(), side, side);
  }

  private static NDArray normalisedL(NDManager manager, List<TrainingSample> samples, int side) {
    int plane = side * side;
    float[] values = new float[samples.size() * plane];
    for (int i = 0; i < samples.size(); i++) {
      float[] l = samples.get(i).l();
      for (int p = 0; p < plane; p++) {
        values[i * plane + p] = (l[p] - 50f) / 100f;
      }
    }
    return TrainingLoop.tensor(manager, values, new Shape(samples.size(), 1, side, side));
  }

  private static ColorizationInput input(TrainingSample sample) {
    int side = sample.size();
    float[] zeros = new float[side * side];
    return new ColorizationInput(new LabImage(side, side, sample.l(), zeros, zeros),
        sample.boxes());
  }

  /** The convention's tensors for one sample: full L, instance crops, box info. */
  private List<NDArray> inputs(NDManager manager, TrainingSample sample,
      Map<String, String> options) {
    List<Tensor> tensors;
    try {
      tensors = convention.inputs(List.of(input(sample)), options);
    } catch (ColorizationException e) {
      throw new TrainingException(e.getMessage(), e);
    }
    List<NDArray> arrays = new ArrayList<>();
    for (Tensor t : tensors) {
      arrays.add(TrainingLoop.tensor(manager, t.data(), new Shape(t.shape())));
    }
    return arrays;
  }

  private void release() {
    if (source != null) {
      try {
        source.close();
      } catch (IOException ignored) {
        // every tensor was read already; a failing close loses nothing
      }
      source = null;
    }
  }

  @Override
  public void close() {
    release();
  }
}
