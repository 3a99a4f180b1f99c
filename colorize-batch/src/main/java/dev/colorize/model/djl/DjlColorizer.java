package dev.colorize.model.djl;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationException;
import dev.colorize.model.ColorizationInput;
import dev.colorize.model.Colorizer;
import dev.colorize.model.convention.Convention;
import dev.colorize.model.convention.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model loaded by a DJL engine, run through its {@link Convention}. The convention's input
 * tensors go to the model by name when the engine knows the model's input names and they are
 * exactly the convention's (ONNX graphs exported with the convention's names, in any order), else
 * by position (first tensor, first input; always so for TorchScript). The model's outputs come
 * back as tensors in the model's order, named by the engine where it can (ONNX output names), else
 * {@code output0}, {@code output1}, ...; the convention recognises them by name or shape and turns
 * them into Lab images.
 *
 * <p>Every native array of a call lives in one {@link NDManager} closed at the end of the call.
 * Calls are serialised: DJL blocks are not safe to run from several threads at once.
 */
public final class DjlColorizer implements Colorizer {

  private final String name;
  private final Model model;
  private final Convention convention;
  private final Map<String, String> options;
  private final int batchSize;
  private final Set<String> inputNames;
  private final String description;

  DjlColorizer(String name, Model model, Convention convention,
      Map<String, String> options, int batchSize, boolean namedInputs) {
    this(name, model, convention, options, batchSize, namedInputs, null);
  }

  private DjlColorizer(String name, Model model, Convention convention,
      Map<String, String> options, int batchSize, boolean namedInputs, String description) {
    this.name = name;
    this.description = description;
    this.model = model;
    this.inputNames = namedInputs ? Set.copyOf(model.getBlock().describeInput().keys()) : Set.of();
    this.convention = convention;
    this.options = Map.copyOf(options);
    this.batchSize = Math.max(1, Math.min(batchSize, convention.maxBatchSize(this.options)));
  }

  /**
   * A colorizer over a DJL model whose block an engine built itself (inputs by position).
   *
   * @param description what was loaded, for the log and run.json
   */
  public static DjlColorizer ofBlock(String name, Model model, Convention convention,
      Map<String, String> options, int batchSize, String description) {
    return new DjlColorizer(name, model, convention, options, batchSize, false, description);
  }

  @Override
  public java.util.Optional<String> description() {
    return java.util.Optional.ofNullable(description);
  }

  /** The device the model was loaded on. */
  public Device device() {
    return model.getNDManager().getDevice();
  }

  /** The convention that pre- and post-processes for this model. */
  public Convention convention() {
    return convention;
  }

  @Override
  public int preferredBatchSize() {
    return batchSize;
  }

  @Override
  public List<LabImage> colorize(List<ColorizationInput> batch) throws ColorizationException {
    int max = convention.maxBatchSize(options);
    List<LabImage> out = new ArrayList<>(batch.size());
    for (int from = 0; from < batch.size(); from += max) {
      List<ColorizationInput> part = batch.subList(from, Math.min(batch.size(), from + max));
      out.addAll(convention.outputs(run(convention.inputs(part, options)), part, options));
    }
    return out;
  }

  /**
   * Runs the model on raw tensors (no convention): inputs in the model's input order, outputs in
   * its output order.
   *
   * @throws ColorizationException when the engine fails (wrong shapes, out of memory, ...); the
   *     engine's exception is the cause, so out-of-memory errors stay recognisable
   */
  public synchronized List<Tensor> run(List<Tensor> inputs) throws ColorizationException {
    Block block = model.getBlock();
    try (NDManager manager = model.getNDManager().newSubManager()) {
      NDList in = DjlTensors.toNd(inputs, manager);
      if (byName(inputs)) {
        for (int i = 0; i < inputs.size(); i++) {
          in.get(i).setName(inputs.get(i).name());
        }
      }
      NDList out = block.forward(new ParameterStore(manager, false), in, false);
      out.attach(manager);
      return DjlTensors.fromNd(out);
    } catch (RuntimeException e) {
      throw new ColorizationException("model '" + name + "' failed on inputs "
          + shapes(inputs) + ": " + firstLine(e.getMessage()), e);
    }
  }

  /** Whether the inputs' names are exactly the model's input names. */
  private boolean byName(List<Tensor> inputs) {
    if (inputNames.isEmpty() || inputs.size() != inputNames.size()) {
      return false;
    }
    Set<String> names = new HashSet<>();
    for (Tensor t : inputs) {
      names.add(t.name());
    }
    return names.equals(inputNames);
  }

  private static String shapes(List<Tensor> tensors) {
    List<String> s = new ArrayList<>();
    for (Tensor t : tensors) {
      s.add(t.name() + " " + t.shapeString());
    }
    return s.toString();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no message";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline).strip();
  }

  @Override
  public synchronized void close() {
    model.close();
  }
}
