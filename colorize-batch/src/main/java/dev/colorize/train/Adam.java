package dev.colorize.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam on NDArrays with its state in plain sight: per parameter the first and second moments,
 * and the step count, so a checkpoint can save and restore them bit for bit. DJL's own
 * {@code ai.djl.training.optimizer.Adam} keeps its moments in private maps with no save API,
 * which is why this exists.
 *
 * <p>Update (PyTorch {@code torch.optim.Adam}, no weight decay): {@code m = b1 m + (1-b1) g},
 * {@code v = b2 v + (1-b2) g^2}, {@code w -= lr (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)}.
 */
public final class Adam {
  private static final int MAGIC = 0x41444d31; // "ADM1"
  private static final int FORMAT_VERSION = 1;

  private final AdamSettings settings;
  private final List<Parameter> parameters;
  private final List<NDArray> firstMoments = new ArrayList<>();
  private final List<NDArray> secondMoments = new ArrayList<>();
  private long step;

  /**
   * @param settings hyper-parameters
   * @param parameters the parameters to update, in a fixed order
   * @param manager owns the moment arrays
   */
  public Adam(AdamSettings settings, List<Parameter> parameters, NDManager manager) {
    this.settings = settings;
    this.parameters = List.copyOf(parameters);
    for (Parameter p : this.parameters) {
      firstMoments.add(manager.zeros(p.getArray().getShape()));
      secondMoments.add(manager.zeros(p.getArray().getShape()));
    }
  }

  /** @return number of updates applied so far */
  public long step() {
    return step;
  }

  /**
   * Applies one update from the gradients stored on the parameters' arrays. Call outside a
   * gradient collector: the parameters are changed in place. Temporaries are closed here.
   */
  public void update() {
    step++;
    float b1 = settings.beta1();
    float b2 = settings.beta2();
    float correction1 = (float) (1 - Math.pow(b1, step));
    float correction2 = (float) (1 - Math.pow(b2, step));
    for (int i = 0; i < parameters.size(); i++) {
      NDArray weight = parameters.get(i).getArray();
      NDArray m = firstMoments.get(i);
      NDArray v = secondMoments.get(i);
      try (NDArray gradient = weight.getGradient()) {
        try (NDArray scaled = gradient.mul(1 - b1)) {
          m.muli(b1).addi(scaled);
        }
        try (NDArray squared = gradient.square()) {
          squared.muli(1 - b2);
          v.muli(b2).addi(squared);
        }
      }
      try (NDArray corrected = v.div(correction2); NDArray root = corrected.sqrt()) {
        root.addi(settings.epsilon());
        try (NDArray delta = m.div(root)) {
          delta.muli(settings.learningRate() / correction1);
          weight.subi(delta);
        }
      }
    }
  }

  /**
   * @param out destination
   * @throws IOException on write failure
   */
  public void save(DataOutputStream out) throws IOException {
    out.writeInt(MAGIC);
    out.writeInt(FORMAT_VERSION);
    out.writeLong(step);
    out.writeInt(parameters.size());
    for (int i = 0; i < parameters.size(); i++) {
      out.writeUTF(parameters.get(i).getName());
      writeArray(out, firstMoments.get(i));
      writeArray(out, secondMoments.get(i));
    }
  }

  /**
   * Restores moments and step count saved by {@link #save} for the same parameter list.
   *
   * @param in source
   * @throws IOException on read failure
   * @throws TrainingException if the saved state does not match the parameters
   */
  public void load(DataInputStream in) throws IOException {
    int magic = in.readInt();
    int version = in.readInt();
    if (magic != MAGIC || version != FORMAT_VERSION) {
      throw new TrainingException("optimiser state is not Adam format " + FORMAT_VERSION
          + " (magic " + Integer.toHexString(magic) + ", version " + version + ")");
    }
    long savedStep = in.readLong();
    int count = in.readInt();
    if (count != parameters.size()) {
      throw new TrainingException("optimiser state holds " + count + " parameters, model has "
          + parameters.size());
    }
    for (int i = 0; i < count; i++) {
      String name = in.readUTF();
      if (!name.equals(parameters.get(i).getName())) {
        throw new TrainingException("optimiser state parameter " + i + " is '" + name
            + "', model has '" + parameters.get(i).getName() + "'");
      }
      readArray(in, firstMoments.get(i), name);
      readArray(in, secondMoments.get(i), name);
    }
    step = savedStep;
  }

  private static void writeArray(DataOutputStream out, NDArray array) throws IOException {
    long[] shape = array.getShape().getShape();
    out.writeInt(shape.length);
    for (long d : shape) {
      out.writeLong(d);
    }
    float[] values = array.toFloatArray();
    for (float f : values) {
      out.writeInt(Float.floatToRawIntBits(f));
    }
  }

  private static void readArray(DataInputStream in, NDArray target, String name)
      throws IOException {
    int rank = in.readInt();
    long[] shape = new long[rank];
    for (int d = 0; d < rank; d++) {
      shape[d] = in.readLong();
    }
    if (!new Shape(shape).equals(target.getShape())) {
      throw new TrainingException("optimiser state for '" + name + "' has shape "
          + new Shape(shape) + ", parameter has " + target.getShape());
    }
    float[] values = new float[(int) target.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = Float.intBitsToFloat(in.readInt());
    }
    target.set(values);
  }

  /** @return (name, first moment) pairs, for tests and inspection */
  List<Pair<String, NDArray>> firstMoments() {
    List<Pair<String, NDArray>> list = new ArrayList<>();
    for (int i = 0; i < parameters.size(); i++) {
      list.add(new Pair<>(parameters.get(i).getName(), firstMoments.get(i)));
    }
    return list;
  }
}
