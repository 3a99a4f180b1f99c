package dev.colorize.model.official;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.ndarray.index.NDIndex;
import dev.colorize.model.djl.ArrayStreams;
import dev.colorize.model.official.pth.PthFile;
import dev.colorize.model.official.pth.PthWriter;
import dev.colorize.model.official.pth.TorchDType;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A DJL block whose parameters are a published network's state-dict tensors, named by their
 * PyTorch keys (so reading, checkpointing and exporting map one to one), and whose forward pass
 * is written against those keys. Buffers (running statistics, spectral-norm vectors) are
 * parameters without gradient. The values come from a {@link WeightSource} when the block is
 * initialised, so a file streams straight into the native arrays, with no random
 * initialisation first.
 */
public abstract class TorchBlock extends AbstractBlock {

  private static final byte VERSION = 1;
  /** First int of {@link #saveParameters}'s stream ("TBK1"). */
  private static final int STREAM_MAGIC = 0x54424b31;

  private final TorchLayout layout;
  private final Map<String, Parameter> byKey = new LinkedHashMap<>();
  private WeightSource source;

  protected TorchBlock(TorchLayout layout) {
    super(VERSION);
    this.layout = layout;
    for (TorchLayout.Entry e : layout.entries()) {
      Parameter p = addParameter(Parameter.builder()
          .setName(e.key())
          .setType(e.trainable() ? Parameter.Type.WEIGHT : Parameter.Type.OTHER)
          .optRequiresGrad(e.trainable())
          .optShape(new Shape(e.shape()))
          .optInitializer((manager, shape, dataType) -> read(e, manager))
          .build());
      byKey.put(e.key(), p);
    }
  }

  /** The layout this block reads. */
  public TorchLayout layout() {
    return layout;
  }

  /**
   * Allocates every parameter from {@code weights} (closing nothing): the way to load this block.
   *
   * @param inputShape an input shape (the block does not infer shapes from it)
   * @throws IOException when a tensor cannot be read
   */
  public void load(NDManager manager, WeightSource weights, Shape inputShape) throws IOException {
    source = weights;
    try {
      initialize(manager, DataType.FLOAT32, inputShape);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      source = null;
    }
  }

  /** Sets where {@link #initialize} reads from, for callers that initialise the block themselves. */
  public void useWeights(WeightSource weights) {
    source = weights;
  }

  private NDArray read(TorchLayout.Entry e, NDManager manager) {
    if (source == null) {
      throw new IllegalStateException("no weight source for " + e.key()
          + "; call load or useWeights first");
    }
    try {
      return source.read(e, manager);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /**
   * The block's tensors as PyTorch's {@code state_dict()} lists them, for {@link PthWriter}: the
   * layout's entries read from the current arrays in chunks of rows, and after each batch
   * norm's {@code running_var} its {@code num_batches_tracked} (written as {@code batches}),
   * which PyTorch's strict loading expects.
   */
  public List<PthWriter.Tensor> stateDict(long batches) {
    List<PthWriter.Tensor> list = new ArrayList<>();
    for (TorchLayout.Entry e : layout.entries()) {
      list.add(new ArrayTensor(e, parameter(e.key())));
      if (e.key().endsWith(".running_var")) {
        String prefix = e.key().substring(0, e.key().length() - "running_var".length());
        list.add(PthWriter.scalar(prefix + "num_batches_tracked", batches));
      }
    }
    return list;
  }

  /** A parameter's current value as a float32 tensor, copied out in chunks of rows. */
  private record ArrayTensor(TorchLayout.Entry entry, Parameter parameter)
      implements PthWriter.Tensor {
    @Override
    public String key() {
      return entry.key();
    }

    @Override
    public long[] shape() {
      return entry.shape();
    }

    @Override
    public TorchDType dtype() {
      return TorchDType.FLOAT32;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      NDArray array = parameter.getArray();
      long rows = entry.shape().length == 0 ? 1 : entry.shape()[0];
      long perRow = rows == 0 ? 0 : entry.numel() / rows;
      long chunk = Math.max(1, (PthFile.CHUNK_BYTES / 4) / Math.max(1, perRow));
      WritableByteChannel channel = Channels.newChannel(out);
      for (long r = 0; r < rows; r += chunk) {
        try (NDArray part = entry.shape().length == 0 ? array.duplicate()
            : array.get(new NDIndex("{}:{}", r, Math.min(rows, r + chunk)))) {
          ByteBuffer bytes = part.toByteBuffer();
          if (bytes.order() != ByteOrder.LITTLE_ENDIAN) {
            ByteBuffer le = ByteBuffer.allocate(bytes.remaining()).order(ByteOrder.LITTLE_ENDIAN);
            le.asFloatBuffer().put(bytes.asFloatBuffer());
            bytes = le;
          }
          while (bytes.hasRemaining()) {
            channel.write(bytes);
          }
        }
      }
    }
  }

  /**
   * Saves every tensor, in layout order, chunk by chunk ({@link ArrayStreams}): a training
   * checkpoint of a published network never holds a whole tensor on the heap (DJL's own format
   * does, two or three times over).
   */
  @Override
  public void saveParameters(DataOutputStream out) throws IOException {
    out.writeInt(STREAM_MAGIC);
    out.writeInt(layout.entries().size());
    for (TorchLayout.Entry e : layout.entries()) {
      out.writeUTF(e.key());
      ArrayStreams.write(out, parameter(e.key()).getArray());
    }
  }

  /** Reads what {@link #saveParameters} wrote into the initialised block's arrays, in place. */
  @Override
  public void loadParameters(NDManager manager, DataInputStream in) throws IOException,
      MalformedModelException {
    int magic = in.readInt();
    int count = in.readInt();
    if (magic != STREAM_MAGIC || count != layout.entries().size()) {
      throw new MalformedModelException("not this network's parameters (magic "
          + Integer.toHexString(magic) + ", " + count + " tensors where it has "
          + layout.entries().size() + ")");
    }
    for (TorchLayout.Entry e : layout.entries()) {
      String key = in.readUTF();
      if (!key.equals(e.key())) {
        throw new MalformedModelException("tensor '" + key + "' where '" + e.key()
            + "' was expected");
      }
      ArrayStreams.readInto(in, parameter(key).getArray(), key);
    }
  }

  /** The parameter of a key (for exporting and for in-place buffer updates). */
  public Parameter parameter(String key) {
    Parameter p = byKey.get(key);
    if (p == null) {
      throw new IllegalArgumentException("no tensor '" + key + "' in this network");
    }
    return p;
  }

  /**
   * Runs {@code f} on {@code x} with every array it creates owned by a sub-manager of
   * {@code x}'s, closed at the end except the result, which goes to {@code x}'s manager: so a
   * long forward pass frees each stage's temporaries as it goes. (Autograd keeps what backward
   * needs: closing a handle drops only the Java reference.)
   */
  protected static NDArray scoped(NDArray x, UnaryOperator<NDArray> f) {
    NDManager parent = x.getManager();
    try (NDManager scope = parent.newSubManager()) {
      x.tempAttach(scope);
      NDArray y = f.apply(x);
      y.attach(parent);
      return y;
    }
  }

  /** The values of one forward pass: parameters by key from the pass's store. */
  protected final class Weights {
    private final ParameterStore store;
    private final Device device;
    private final boolean training;

    public Weights(ParameterStore store, Device device, boolean training) {
      this.store = store;
      this.device = device;
      this.training = training;
    }

    /**
     * The value of a key as an alias (a view sharing the parameter's storage, in the autograd
     * graph) owned by {@code owner}'s manager, so whatever is computed from it is freed with
     * the pass and not kept by the model's manager.
     */
    public NDArray get(String key, NDArray owner) {
      NDArray value = store.getValue(parameter(key), device, training);
      NDArray alias = value.reshape(value.getShape());
      alias.attach(owner.getManager());
      return alias;
    }

    /** {@code nn.BatchNorm2d} at {@code prefix} in the pass's mode ({@link TorchOps#batchNorm}). */
    public NDArray batchNorm(String prefix, NDArray x) {
      return TorchOps.batchNorm(x, get(prefix + ".weight", x), get(prefix + ".bias", x),
          get(prefix + ".running_mean", x), get(prefix + ".running_var", x), training);
    }

    /** {@code nn.Conv2d} with bias at {@code prefix}: stride 1, {@code padding}, {@code dilation}. */
    public NDArray conv(String prefix, NDArray x, int padding, int dilation) {
      return TorchOps.conv2d(x, get(prefix + ".weight", x), get(prefix + ".bias", x), 1,
          padding, dilation);
    }

    /** Whether the network has a key. */
    public boolean has(String key) {
      return byKey.containsKey(key);
    }

    /** Whether the pass is a training pass. */
    public boolean training() {
      return training;
    }
  }
}
