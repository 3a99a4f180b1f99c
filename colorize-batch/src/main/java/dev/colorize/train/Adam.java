package dev.colorize.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
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
 * {@code v = b2 v + (1-b2) g^2}, {@code w -= lr (m / (1-b1^t)) / (sqrt(v) / sqrt(1-b2^t) + eps)}.
 * Checked against that formula in {@code AdamTest}.
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
   * gradient collector: the parameters are changed in place.
   *
   * <p>One native call per parameter (the PyTorch engine's fused {@code adamUpdate}), not a dozen
   * small NDArray operations: each of those is a JNI round trip, and each scalar operand
   * ({@code muli(0.9f)}) allocates a direct buffer and a tensor. The fused kernel computes
   * {@code w -= a m / (sqrt(v) + e)}; with {@code a = lr sqrt(c2) / c1} and
   * {@code e = eps sqrt(c2)} ({@code c1 = 1 - b1^t}, {@code c2 = 1 - b2^t}) that is PyTorch's
   * {@code w -= (lr / c1) m / (sqrt(v) / sqrt(c2) + eps)} multiplied out, equal up to float
   * rounding.
   */
  public void update() {
    step++;
    float b1 = settings.beta1();
    float b2 = settings.beta2();
    double correction1 = 1 - Math.pow(b1, step);
    double root2 = Math.sqrt(1 - Math.pow(b2, step));
    float stepSize = (float) (settings.learningRate() * root2 / correction1);
    float epsilon = (float) (settings.epsilon() * root2);
    for (int i = 0; i < parameters.size(); i++) {
      PtNDArray weight = (PtNDArray) parameters.get(i).getArray();
      PtNDArray stored = JniUtils.getGradient(weight);
      // null: no backward pass reached this parameter yet, so its gradient is zero
      try (PtNDArray gradient = stored != null ? stored
          : (PtNDArray) weight.getManager().zeros(weight.getShape())) {
        // weight decay 0, gradient rescale 1, clipping off (negative), not AdamW
        JniUtils.adamUpdate(weight, gradient, (PtNDArray) firstMoments.get(i),
            (PtNDArray) secondMoments.get(i), settings.learningRate(), stepSize, 0f, 1f, -1f, b1,
            b2, epsilon, false);
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
