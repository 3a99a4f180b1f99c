package dev.colorize.train;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationException;
import dev.colorize.model.ColorizationInput;
import dev.colorize.model.convention.AbOutput;
import dev.colorize.model.convention.Convention;
import dev.colorize.model.convention.Conventions;
import dev.colorize.model.convention.InvalidOptionException;
import dev.colorize.model.convention.Layout;
import dev.colorize.model.convention.Resampling;
import dev.colorize.model.convention.Tensor;
import dev.colorize.model.convention.UnknownConventionException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An imported TorchScript colorizer (the {@code torchscript} engine's models) as a
 * {@link TrainableModel}: the module's own parameters are trained, with its {@link Convention}'s
 * pre- and post-processing around it, so the trained module, exported with {@link #export},
 * predicts through the {@code torchscript} engine what {@link TrainingLoop#predictAb} predicted.
 *
 * <ul>
 *   <li>Loaded with DJL's {@code trainParam=true}: the module's parameters require gradients.
 *   <li>Input: the convention's own {@link Convention#inputs} on each sample's L plane (and, for
 *       InstColor, its boxes: instance crops exactly as in inference), so the module sees what
 *       the engine feeds it. Inputs need no gradient, so they are built in Java.
 *   <li>Output: the convention's {@link AbOutput} map ({@code clamp(out * scale) + offset}) and a
 *       resize to the sample size S, as differentiable tensor operations, then {@code / 110}: the
 *       loop's normalised ab (B, 2, S, S). The resize is a product with two resampling matrices
 *       built from {@link Resampling} itself (bilinear resizing is linear and separable), so it is
 *       the convention's OpenCV or Pillow bilinear exactly, and the loss backpropagates through
 *       it.
 *   <li>DeOldify is refused: its RGB output, 8-bit rounding and YUV merge are not a
 *       differentiable map to ab.
 *   <li>The module runs in eval mode throughout (batch normalisation uses, and keeps, the
 *       imported running statistics; dropout is off): only parameters change, and those are
 *       what checkpoints hold, so a resumed run continues exactly.
 *   <li>No extra losses, no critic: the L2 loss on ab only (the module's other outputs, such as
 *       ChromaGAN's class head, have no target here).
 * </ul>
 *
 * <p>Close it after the {@link TrainingLoop} that trained it: it owns the loaded module.
 */
public final class TorchScriptTrainable implements TrainableModel, AutoCloseable {

  private final Path file;
  private final Convention convention;
  private final Map<String, String> options;
  private final AbOutput output;
  private final AdamSettings adam;
  private final Model model;
  private final PtSymbolBlock module;
  private final Generator generator;
  private final Map<String, float[]> resamplers = new ConcurrentHashMap<>();

  private TorchScriptTrainable(Path file, Convention convention, Map<String, String> options,
      AbOutput output, AdamSettings adam, Model model) {
    this.file = file;
    this.convention = convention;
    this.options = Map.copyOf(options);
    this.output = output;
    this.adam = adam;
    this.model = model;
    this.module = (PtSymbolBlock) model.getBlock();
    // Eval mode for good (see the class comment); forward() always passes training=true, so
    // DJL never switches the module back to train mode and autograd records the pass.
    JniUtils.enableInferenceMode(module);
    this.generator = new Generator(module);
  }

  /**
   * Loads a TorchScript colorizer to train.
   *
   * @param file the {@code .pt} file
   * @param conventionId its {@code <convention>}: chromagan, instcolor or lab
   * @param options the model's {@code <options>} (checked by the convention)
   * @param adam optimiser settings
   * @return the model; close it after training
   * @throws TrainingException for an unknown convention, a bad option, a convention whose output
   *     is not ab (deoldify), a file that does not load, or a module without parameters
   */
  public static TorchScriptTrainable load(Path file, String conventionId,
      Map<String, String> options, AdamSettings adam) {
    Convention convention;
    try {
      convention = Conventions.byId(conventionId);
      convention.validate(options);
    } catch (UnknownConventionException | InvalidOptionException e) {
      throw new TrainingException("TorchScript model " + file + ": " + e.getMessage(), e);
    }
    AbOutput output = convention.abOutput(options).orElseThrow(() -> new TrainingException(
        "TorchScript model " + file + " has convention '" + convention.id() + "', whose output is"
            + " not ab: " + unsupportedReason(convention.id())));
    if (!Files.isRegularFile(file)) {
      throw new TrainingException("TorchScript model " + file + " is not a file");
    }
    Model model = Model.newInstance(file.getFileName().toString(), "PyTorch");
    try {
      model.load(file.toAbsolutePath(), null, Map.of("trainParam", "true", "mapLocation",
          "true"));
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw new TrainingException("cannot load TorchScript model " + file + ": "
          + e.getMessage(), e);
    }
    TorchScriptTrainable trainable = new TorchScriptTrainable(file, convention, options, output,
        adam, model);
    if (trainable.generator.getParameters().isEmpty()) {
      trainable.close();
      throw new TrainingException("TorchScript model " + file + " has no parameters to train");
    }
    return trainable;
  }

  /**
   * @param conventionId a convention id
   * @return why a TorchScript model of that convention cannot be fine-tuned
   */
  public static String unsupportedReason(String conventionId) {
    return "deoldify".equals(conventionId)
        ? "DeOldify predicts RGB, which its convention rounds to 8 bits and merges in YUV with the"
            + " input's luma before converting to Lab; that is not a differentiable map to ab,"
            + " so the L2 loss on ab cannot reach the module (fine-tune a builtin deoldify network"
            + " instead)"
        : "its post-processing is not a value-by-value map of an ab output";
  }

  /** @return the imported file */
  public Path file() {
    return file;
  }

  /** @return the convention the module is run with */
  public Convention convention() {
    return convention;
  }

  /** @return the model's options */
  public Map<String, String> options() {
    return options;
  }

  /**
   * Writes the module with its current weights as a TorchScript file (written to a temporary
   * name, then moved into place). The {@code torchscript} engine loads it with the same
   * convention and options.
   *
   * @param target the {@code .pt} file to write
   * @throws IOException if it cannot be written
   */
  public void export(Path target) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = parent.resolve(target.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      JniUtils.writeModule(module, out, false);
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public ai.djl.nn.Block generator() {
    return generator;
  }

  @Override
  public AdamSettings adam() {
    return adam;
  }

  @Override
  public NDList forward(ParameterStore store, LossTerm.Batch batch, boolean training) {
    NDManager manager = batch.l().getManager();
    List<TrainingSample> samples = batch.samples();
    int max = Math.max(1, convention.maxBatchSize(options));
    NDList parts = new NDList();
    for (int from = 0; from < samples.size(); from += max) {
      List<TrainingSample> part = samples.subList(from, Math.min(samples.size(), from + max));
      parts.add(run(store, manager, part));
    }
    return new NDList(parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 0));
  }

  /** The module on a few samples: normalised ab (n, 2, S, S). */
  private NDArray run(ParameterStore store, NDManager manager, List<TrainingSample> samples) {
    int side = samples.get(0).size();
    List<ColorizationInput> inputs = new ArrayList<>(samples.size());
    for (TrainingSample sample : samples) {
      int plane = side * side;
      LabImage gray = new LabImage(side, side, sample.l(), new float[plane], new float[plane]);
      inputs.add(new ColorizationInput(gray, sample.boxes()));
    }
    List<Tensor> tensors;
    try {
      tensors = convention.inputs(inputs, options);
    } catch (ColorizationException e) {
      throw new TrainingException("TorchScript model " + file + ": " + e.getMessage(), e);
    }
    NDList in = new NDList(tensors.size());
    for (Tensor t : tensors) {
      Shape shape = new Shape(t.shape());
      in.add(t.data().length == 0 ? manager.zeros(shape)
          : TrainingLoop.tensor(manager, t.data(), shape));
    }
    NDList out = module.forward(store, in, true);
    NDArray ab = find(out, samples.size());
    if (output.layout() == Layout.NHWC) {
      ab = ab.transpose(0, 3, 1, 2);
    }
    NDArray value = ab.mul(scalar(manager, output.scale()));
    if (output.clamped()) {
      value = value.clip(output.low(), output.high());
    }
    if (output.offset() != 0f) {
      value = value.add(scalar(manager, output.offset()));
    }
    value = value.div(scalar(manager, TrainingLoop.AB_SCALE));
    int h = (int) value.getShape().get(2);
    int w = (int) value.getShape().get(3);
    if (h != side) {
      value = resampler(manager, h, side).matMul(value);
    }
    if (w != side) {
      value = value.matMul(resampler(manager, w, side).transpose());
    }
    return value;
  }

  /** The ab output: the one named like the convention's, else the only (n, 2, H, W) one. */
  private NDArray find(NDList outputs, int n) {
    Layout layout = output.layout();
    int channelAxis = layout == Layout.NCHW ? 1 : 3;
    List<NDArray> candidates = new ArrayList<>();
    for (NDArray array : outputs) {
      Shape s = array.getShape();
      boolean fits = s.dimension() == 4 && s.get(0) == n && s.get(channelAxis) == 2;
      if (output.name().equals(array.getName()) && fits) {
        return array;
      }
      if (fits) {
        candidates.add(array);
      }
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    List<Shape> shapes = new ArrayList<>();
    outputs.forEach(a -> shapes.add(a.getShape()));
    throw new TrainingException("TorchScript model " + file + " (convention " + convention.id()
        + "): " + (candidates.isEmpty() ? "no output is" : "several outputs are") + " an ab image "
        + (layout == Layout.NCHW ? "[" + n + ", 2, H, W]" : "[" + n + ", H, W, 2]")
        + "; outputs: " + shapes);
  }

  /**
   * The (to, from) matrix of the convention's 1-D resampling from {@code from} to {@code to}
   * samples: column j is the resampled unit vector e_j. Bilinear resizing (OpenCV's and
   * Pillow's) is linear and separable, so {@code R_h X R_w^T} is the 2-D resize.
   */
  private NDArray resampler(NDManager manager, int from, int to) {
    Resampling.Method method = output.resize();
    float[] matrix = resamplers.computeIfAbsent(method + ":" + from + ":" + to, k -> {
      float[] m = new float[to * from];
      for (int j = 0; j < from; j++) {
        float[] unit = new float[from];
        unit[j] = 1f;
        float[] column = Resampling.resize(method, unit, from, 1, to, 1);
        for (int i = 0; i < to; i++) {
          m[i * from + j] = column[i];
        }
      }
      return m;
    });
    return TrainingLoop.tensor(manager, matrix, new Shape(to, from));
  }

  private static NDArray scalar(NDManager manager, float value) {
    // A tensor, not mul(Number): DJL's scalar operand wraps a Java buffer that autograd keeps.
    return manager.full(new Shape(), value);
  }

  @Override
  public void close() {
    model.close();
  }

  /**
   * The module as the loop's generator block. Its parameters are the module's; checkpoints hold
   * their values ({@code TSP1}: count, then name, shape and big-endian float32 values of each,
   * in {@code DataOutputStream} encoding) and loading
   * copies values into the module's own tensors. (DJL's {@code PtSymbolBlock.loadParameters}
   * would load a new module instead, leaving the loop's optimiser updating the old one's
   * tensors.)
   */
  static final class Generator extends AbstractBlock {
    private static final String MAGIC = "TSP1";
    private final PtSymbolBlock module;

    Generator(PtSymbolBlock module) {
      this.module = module;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
        PairList<String, Object> params) {
      return module.forward(store, inputs, true, params);
    }

    @Override
    public ParameterList getParameters() {
      return module.getParameters();
    }

    @Override
    public ParameterList getDirectParameters() {
      return module.getDirectParameters();
    }

    /** The weights come from the file; nothing to initialise. */
    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {}

    @Override
    public boolean isInitialized() {
      return true;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return module.getOutputShapes(inputShapes);
    }

    @Override
    public void saveParameters(DataOutputStream os) throws IOException {
      ParameterList parameters = getParameters();
      os.writeUTF(MAGIC);
      os.writeInt(parameters.size());
      for (Pair<String, Parameter> p : parameters) {
        NDArray array = p.getValue().getArray();
        os.writeUTF(p.getKey());
        long[] shape = array.getShape().getShape();
        os.writeInt(shape.length);
        for (long d : shape) {
          os.writeLong(d);
        }
        float[] values = array.toFloatArray();
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES); // big-endian
        bytes.asFloatBuffer().put(values);
        os.write(bytes.array());
      }
    }

    @Override
    public void loadParameters(NDManager manager, DataInputStream is)
        throws IOException, MalformedModelException {
      ParameterList parameters = getParameters();
      if (!MAGIC.equals(is.readUTF())) {
        throw new MalformedModelException("not TorchScript parameters (" + MAGIC + ")");
      }
      int count = is.readInt();
      if (count != parameters.size()) {
        throw new MalformedModelException("saved " + count + " parameters, the module has "
            + parameters.size());
      }
      for (Pair<String, Parameter> p : parameters) {
        String name = is.readUTF();
        long[] dims = new long[is.readInt()];
        for (int d = 0; d < dims.length; d++) {
          dims[d] = is.readLong();
        }
        NDArray target = p.getValue().getArray();
        Shape shape = new Shape(dims);
        if (!name.equals(p.getKey()) || !shape.equals(target.getShape())) {
          throw new MalformedModelException("saved parameter " + name + " " + shape
              + " where the module has " + p.getKey() + " " + target.getShape());
        }
        byte[] bytes = new byte[Math.toIntExact(shape.size() * Float.BYTES)];
        is.readFully(bytes);
        float[] values = new float[(int) shape.size()];
        ByteBuffer.wrap(bytes).asFloatBuffer().get(values);
        // In place, so the module keeps its tensors; a leaf that requires grad refuses in-place
        // writes, hence the switch around the copy.
        try (NDArray source = TrainingLoop.tensor(manager, values, shape)) {
          target.setRequiresGradient(false);
          target.set(new NDIndex("..."), source);
          target.setRequiresGradient(true);
        }
      }
    }
  }
}
