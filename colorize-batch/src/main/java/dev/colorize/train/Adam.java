package dev.colorize.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import dev.colorize.model.djl.ArrayStreams;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
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
  /** Per parameter: the array last checked by {@link #inPlace}, and the answer. */
  private final PtNDArray[] probed;
  private final boolean[] writable;

  /** Floats per chunk of the one-pass update: four chunks stay in a core's L1/L2 cache. */
  private static final int CHUNK = 2048;
  private static final float[] ZEROS = new float[CHUNK];
  private static final ThreadLocal<Chunks> CHUNKS = ThreadLocal.withInitial(Chunks::new);

  /** Working copies of one chunk of weight, gradient and moments. */
  private static final class Chunks {
    final float[] w = new float[CHUNK];
    final float[] g = new float[CHUNK];
    final float[] m = new float[CHUNK];
    final float[] v = new float[CHUNK];
  }

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
    probed = new PtNDArray[this.parameters.size()];
    writable = new boolean[this.parameters.size()];
  }

  /** @return number of updates applied so far */
  public long step() {
    return step;
  }

  /**
   * Applies one update from the gradients stored on the parameters' arrays, whatever their
   * values. Call outside a gradient collector: the parameters are changed in place.
   */
  public void update() {
    apply(false);
  }

  /**
   * Applies one update if every gradient entry is finite; otherwise changes nothing (weights,
   * moments, step count). Call outside a gradient collector.
   *
   * @return whether the update was applied
   */
  public boolean updateIfFinite() {
    return apply(true);
  }

  private boolean apply(boolean onlyIfFinite) {
    int count = parameters.size();
    PtNDArray[] weights = new PtNDArray[count];
    PtNDArray[] gradients = new PtNDArray[count];
    try {
      for (int i = 0; i < count; i++) {
        weights[i] = (PtNDArray) parameters.get(i).getArray();
        gradients[i] = JniUtils.getGradient(weights[i]);
      }
      if (onlyIfFinite && !finite(gradients)) {
        return false;
      }
      step++;
      float b1 = settings.beta1();
      float b2 = settings.beta2();
      double correction1 = 1 - Math.pow(b1, step);
      double root2 = Math.sqrt(1 - Math.pow(b2, step));
      for (int i = 0; i < count; i++) {
        if (inPlace(i, weights[i])) {
          updateInJava(weights[i], gradients[i], (PtNDArray) firstMoments.get(i),
              (PtNDArray) secondMoments.get(i), (float) (settings.learningRate() / correction1),
              (float) root2);
        } else {
          updateNatively(weights[i], gradients[i], i, root2, correction1);
        }
      }
      return true;
    } finally {
      for (PtNDArray gradient : gradients) {
        if (gradient != null) {
          gradient.close();
        }
      }
    }
  }

  /**
   * PyTorch's {@code torch.optim.Adam} step for one parameter in one pass, in the order PyTorch
   * computes it ({@code m = b1 m + (1-b1) g}, {@code v = b2 v + (1-b2) g g},
   * {@code w += -(lr / c1) m / (sqrt(v) / sqrt(c2) + eps)}), on the tensors' own memory in
   * cache-sized chunks. The engine's fused {@code adamUpdate} makes about ten passes over each
   * parameter and five temporaries (5 ms of a 24 ms step at batch 1 here, 12 ms with two
   * threads); this is one read and one write of each of w, m and v.
   */
  private void updateInJava(PtNDArray weight, PtNDArray gradient, PtNDArray first,
      PtNDArray second, float stepSize, float root2) {
    float b1 = settings.beta1();
    float b2 = settings.beta2();
    float keep1 = 1 - b1;
    float keep2 = 1 - b2;
    float epsilon = settings.epsilon();
    FloatBuffer w = floats(weight);
    FloatBuffer m = floats(first);
    FloatBuffer v = floats(second);
    // null: no backward pass reached this parameter yet, so its gradient is zero
    FloatBuffer g = gradient == null ? null : floats(gradient);
    Chunks c = CHUNKS.get();
    int size = w.limit();
    for (int offset = 0; offset < size; offset += CHUNK) {
      int n = Math.min(CHUNK, size - offset);
      w.get(offset, c.w, 0, n);
      m.get(offset, c.m, 0, n);
      v.get(offset, c.v, 0, n);
      if (g != null) {
        g.get(offset, c.g, 0, n);
      } else {
        Arrays.fill(c.g, 0, n, 0f);
      }
      for (int j = 0; j < n; j++) {
        float gj = c.g[j];
        float mj = c.m[j] * b1 + gj * keep1;
        float vj = c.v[j] * b2 + gj * gj * keep2;
        c.m[j] = mj;
        c.v[j] = vj;
        c.w[j] = c.w[j] - stepSize * (mj / ((float) Math.sqrt(vj) / root2 + epsilon));
      }
      w.put(offset, c.w, 0, n);
      m.put(offset, c.m, 0, n);
      v.put(offset, c.v, 0, n);
    }
  }

  /**
   * The engine's fused {@code adamUpdate}, for tensors whose memory Java cannot write in place
   * (another device, a non-contiguous layout). It computes {@code w -= a m / (sqrt(v) + e)}; with
   * {@code a = lr sqrt(c2) / c1} and {@code e = eps sqrt(c2)} that is PyTorch's update
   * multiplied out, equal up to float rounding.
   */
  private void updateNatively(PtNDArray weight, PtNDArray gradient, int index, double root2,
      double correction1) {
    float stepSize = (float) (settings.learningRate() * root2 / correction1);
    float epsilon = (float) (settings.epsilon() * root2);
    try (PtNDArray zeros = gradient != null ? null
        : (PtNDArray) weight.getManager().zeros(weight.getShape())) {
      // weight decay 0, gradient rescale 1, clipping off (negative), not AdamW
      JniUtils.adamUpdate(weight, gradient != null ? gradient : zeros,
          (PtNDArray) firstMoments.get(index), (PtNDArray) secondMoments.get(index),
          settings.learningRate(), stepSize, 0f, 1f, -1f, settings.beta1(), settings.beta2(),
          epsilon, false);
    }
  }

  /**
   * Whether parameter {@code index}'s current array and its moments can be updated through
   * direct buffers on their own memory, found once per array by writing through one buffer
   * and reading through another (a buffer of a tensor that is not contiguous CPU memory is a
   * copy).
   */
  private boolean inPlace(int index, PtNDArray weight) {
    if (probed[index] != weight) {
      probed[index] = weight;
      writable[index] = writesThrough(weight)
          && writesThrough((PtNDArray) firstMoments.get(index))
          && writesThrough((PtNDArray) secondMoments.get(index));
    }
    return writable[index];
  }

  private static boolean writesThrough(PtNDArray array) {
    if (array.getDataType() != DataType.FLOAT32 || array.size() == 0) {
      return false;
    }
    FloatBuffer first = floats(array);
    float kept = first.get(0);
    float probe = Float.intBitsToFloat(Float.floatToRawIntBits(kept) ^ 1);
    first.put(0, probe);
    FloatBuffer second = floats(array);
    boolean same = Float.floatToRawIntBits(second.get(0)) == Float.floatToRawIntBits(probe);
    first.put(0, kept);
    second.put(0, kept);
    return same;
  }

  private static FloatBuffer floats(PtNDArray array) {
    return JniUtils.getByteBuffer(array, true).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  /**
   * Whether every gradient entry is finite: {@code g * 0 + 0} is +0 for every finite {@code g}
   * and NaN otherwise, and {@link Arrays#mismatch} against zeros finds the first NaN. Both loops
   * vectorise (an integer reduction over the exponent bits took six times as long here). A
   * gradient on another device (a GPU) is copied to the CPU for this check; that path is
   * untested here, as no GPU is.
   */
  private static boolean finite(PtNDArray[] gradients) {
    Chunks c = CHUNKS.get();
    for (PtNDArray gradient : gradients) {
      if (gradient == null) {
        continue;
      }
      FloatBuffer g = floats(gradient);
      int size = g.limit();
      for (int offset = 0; offset < size; offset += CHUNK) {
        int n = Math.min(CHUNK, size - offset);
        g.get(offset, c.g, 0, n);
        for (int j = 0; j < n; j++) {
          c.m[j] = c.g[j] * 0f + 0f; // the moment chunk as scratch: no update runs meanwhile
        }
        if (Arrays.mismatch(c.m, 0, n, ZEROS, 0, n) >= 0) {
          return false;
        }
      }
    }
    return true;
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

  /** Chunk by chunk ({@link ArrayStreams}): a moment never sits whole on the heap. */
  private static void writeArray(DataOutputStream out, NDArray array) throws IOException {
    ArrayStreams.write(out, array);
  }

  private static void readArray(DataInputStream in, NDArray target, String name)
      throws IOException {
    ArrayStreams.readInto(in, target, "optimiser state for '" + name + "'");
  }

  /** @return whether the last update wrote parameter {@code index} in place from Java (tests) */
  boolean updatesInPlace(int index) {
    return writable[index];
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
