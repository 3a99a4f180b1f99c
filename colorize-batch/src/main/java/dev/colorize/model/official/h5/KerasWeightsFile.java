package dev.colorize.model.official.h5;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.exceptions.HdfException;
import io.jhdf.object.datatype.FloatingPoint;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights of a Keras 2 {@code .h5} file, read with jHDF (pure Java, no native HDF5): as
 * {@code model.save()} writes them (a {@code model_weights} group beside {@code model_config})
 * or as {@code model.save_weights()} does (the layer groups at the root). Each layer is a group
 * named in the {@code layer_names} attribute whose {@code weight_names} attribute lists its
 * datasets by path ({@code conv2d_6/kernel:0}; a nested model's layer lists its inner layers'
 * weights, {@code block1_conv1/kernel:0}). A weight is known here by the last two parts of that
 * path without the {@code :0}, {@code conv2d_6/kernel}. Nothing is evaluated: an HDF5 file holds
 * data only.
 *
 * <p>A weight is read into a native array in chunks of rows (contiguous datasets by positional
 * reads at their data address, through one reused direct buffer), so a file is never held on
 * the Java heap nor mapped into the resident set.
 */
public final class KerasWeightsFile implements AutoCloseable {

  /** Bytes of one copy step into a native array. */
  static final int CHUNK_BYTES = 16 << 20;
  private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a,
    '\n'};

  /**
   * One weight: its short name ({@code layer/kernel}), the layer holding it, its path in the
   * layer's group as {@code weight_names} lists it, its dataset.
   */
  public record Weight(String name, String layer, String weightName, Dataset dataset) {
    /** The dataset's dimensions. */
    public long[] shape() {
      return dataset.getDimensionsAsLong();
    }
  }

  private final Path path;
  private final HdfFile file;
  private final String layout;
  private final Map<String, Weight> weights;
  private final Map<String, String> rootAttributes;
  /** Opened on the first read; a file is read by one thread. */
  private FileChannel channel;
  private ByteBuffer raw;
  private ByteBuffer converted;

  private KerasWeightsFile(Path path, HdfFile file, String layout, Map<String, Weight> weights,
      Map<String, String> rootAttributes) {
    this.path = path;
    this.file = file;
    this.layout = layout;
    this.weights = weights;
    this.rootAttributes = rootAttributes;
  }

  /**
   * Opens a file and lists its weights (no weight data is read).
   *
   * @throws KerasFormatException when it is no HDF5 file or no Keras weights file
   */
  public static KerasWeightsFile open(Path path) throws IOException {
    byte[] head = new byte[HDF5_SIGNATURE.length];
    try (var in = Files.newInputStream(path)) {
      if (in.readNBytes(head, 0, head.length) < head.length
          || !Arrays.equals(head, HDF5_SIGNATURE)) {
        throw new KerasFormatException(path + " is not an HDF5 file (a Keras .h5 starts with"
            + " the HDF5 signature)");
      }
    }
    HdfFile file;
    try {
      file = new HdfFile(path);
    } catch (HdfException e) {
      throw new KerasFormatException(path + " is not a readable HDF5 file: " + e.getMessage(), e);
    }
    try {
      Group root = file;
      String layout = "model.save";
      Node modelWeights = file.getChildren().get("model_weights");
      if (modelWeights instanceof Group g) {
        root = g;
      } else {
        layout = "save_weights";
      }
      if (root.getAttribute("layer_names") == null) {
        throw new KerasFormatException(path + " is not a Keras weights file: it has neither a"
            + " model_weights group nor a layer_names attribute at its root");
      }
      Map<String, String> attributes = new LinkedHashMap<>();
      for (Map.Entry<String, Attribute> a : file.getAttributes().entrySet()) {
        if (a.getValue().getData() instanceof String text) {
          attributes.put(a.getKey(), text);
        }
      }
      return new KerasWeightsFile(path, file, layout, list(path, root), attributes);
    } catch (IOException | RuntimeException e) {
      file.close();
      if (e instanceof HdfException) {
        throw new KerasFormatException(path + " cannot be read as HDF5: " + e.getMessage(), e);
      }
      throw e;
    }
  }

  private static Map<String, Weight> list(Path path, Group root) throws KerasFormatException {
    Map<String, Weight> weights = new LinkedHashMap<>();
    for (String layer : strings(root.getAttribute("layer_names"))) {
      if (!(root.getChild(layer) instanceof Group group)) {
        throw new KerasFormatException(path + " names layer '" + layer + "' in layer_names but"
            + " has no group for it");
      }
      Attribute names = group.getAttribute("weight_names");
      for (String weightName : names == null ? List.<String>of() : strings(names)) {
        if (!(group.getByPath(weightName) instanceof Dataset dataset)) {
          throw new KerasFormatException(path + ": layer '" + layer + "' lists weight '"
              + weightName + "' but has no dataset for it");
        }
        String name = shortName(weightName);
        if (weights.putIfAbsent(name, new Weight(name, layer, weightName, dataset)) != null) {
          throw new KerasFormatException(path + " holds weight '" + name + "' twice");
        }
      }
    }
    return weights;
  }

  /** {@code model_2/block1_conv1/kernel:0} to {@code block1_conv1/kernel}. */
  static String shortName(String weightName) {
    String name = weightName.endsWith(":0") ? weightName.substring(0, weightName.length() - 2)
        : weightName;
    String[] parts = name.split("/");
    return parts.length < 2 ? name : parts[parts.length - 2] + "/" + parts[parts.length - 1];
  }

  /** A string-array attribute (h5py writes byte strings; empty for layers without weights). */
  private static List<String> strings(Attribute attribute) {
    if (attribute.isEmpty()) {
      return List.of();
    }
    Object data = attribute.getData();
    List<String> out = new ArrayList<>();
    if (data instanceof String s) {
      out.add(s);
    } else if (data != null && data.getClass().isArray()) {
      for (int i = 0; i < Array.getLength(data); i++) {
        Object v = Array.get(data, i);
        if (v instanceof String s) {
          out.add(s);
        }
      }
    }
    return out;
  }

  public Path path() {
    return path;
  }

  /** {@code model.save} or {@code save_weights}, for the log. */
  public String layout() {
    return layout;
  }

  /**
   * The file root's string attributes ({@code keras_version}, {@code backend},
   * {@code model_config}, {@code training_config}), which a rewritten file keeps.
   */
  public Map<String, String> rootAttributes() {
    return rootAttributes;
  }

  /** The weights by short name, in the file's layer order. */
  public Map<String, Weight> weights() {
    return weights;
  }

  /** A layer's weights in its {@code weight_names} order (empty when it has none). */
  public List<Weight> layerWeights(String layer) {
    List<Weight> list = new ArrayList<>();
    for (Weight w : weights.values()) {
      if (w.layer().equals(layer)) {
        list.add(w);
      }
    }
    return list;
  }

  /**
   * Where a weight's values start in the file when it is stored contiguously (as Keras writes
   * it), else -1: its data address after the file's user block.
   */
  public long fileOffset(Weight weight) {
    if (weight.dataset() instanceof ContiguousDataset c && !weight.dataset().isEmpty()) {
      return file.getUserBlockSize() + c.getDataAddress();
    }
    return -1;
  }

  /** A float weight's byte order (little-endian where the type says nothing else). */
  public ByteOrder byteOrder(Weight weight) {
    return weight.dataset().getDataType() instanceof FloatingPoint fp ? fp.getByteOrder()
        : ByteOrder.LITTLE_ENDIAN;
  }

  /**
   * Reads a float32 weight into a new array of {@code manager}, in its stored shape, in chunks
   * of rows.
   *
   * @throws KerasFormatException when it holds no 32-bit floats
   */
  public NDArray readFloat32(Weight weight, NDManager manager) throws IOException {
    Dataset d = weight.dataset();
    if (!(d.getDataType() instanceof FloatingPoint fp) || fp.getSize() != 4) {
      throw new KerasFormatException(path + ": weight '" + weight.name() + "' holds "
          + d.getJavaType() + " values, not 32-bit floats");
    }
    long[] shape = d.getDimensionsAsLong();
    long numel = 1;
    for (long s : shape) {
      numel *= s;
    }
    try {
      long offset = fileOffset(weight);
      if (offset >= 0) {
        if (offset + numel * 4 > Files.size(path)) {
          throw new KerasFormatException(path + ": weight '" + weight.name()
              + "' is truncated");
        }
        return readInRows(offset, fp.getByteOrder(), shape, numel, manager);
      }
      // Chunked or compact storage (not what Keras writes): read through jHDF in one piece.
      float[] flat = toFloats(d.getDataFlat(), numel);
      ByteBuffer b = ByteBuffer.allocateDirect(flat.length * 4).order(ByteOrder.nativeOrder());
      b.asFloatBuffer().put(flat);
      return copyInRows(b, shape, numel, manager);
    } catch (HdfException e) {
      throw new KerasFormatException(path + ": weight '" + weight.name() + "' cannot be read: "
          + e.getMessage(), e);
    }
  }

  private static float[] toFloats(Object flat, long numel) {
    if (flat instanceof float[] f && f.length == numel) {
      return f;
    }
    throw new IllegalStateException("unexpected data " + flat);
  }

  /**
   * Reads {@code numel} floats stored from {@code offset} into a new native array, a chunk of
   * rows at a time through one reused direct buffer (positional reads, not a mapping of the
   * file, so the file's pages are not added to the resident set).
   */
  private NDArray readInRows(long offset, ByteOrder order, long[] shape, long numel,
      NDManager manager) throws IOException {
    if (channel == null) {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    }
    long rows = shape.length == 0 ? 1 : shape[0];
    long perRow = rows == 0 ? 0 : numel / rows;
    long chunkRows = Math.max(1, (CHUNK_BYTES / 4) / Math.max(1, perRow));
    int bytes = (int) Math.min(numel, chunkRows * Math.max(1, perRow)) * 4;
    if (raw == null || raw.capacity() < bytes) {
      raw = ByteBuffer.allocateDirect(Math.max(bytes, 4));
      converted = ByteBuffer.allocateDirect(Math.max(bytes, 4)).order(ByteOrder.nativeOrder());
    }
    if (shape.length == 0) {
      raw.clear().limit(4);
      readFully(offset);
      return manager.create(raw.order(order).getFloat(0));
    }
    NDArray out = manager.zeros(new Shape(shape), DataType.FLOAT32);
    long[] partShape = shape.clone();
    try {
      for (long r = 0; r < rows; r += chunkRows) {
        long k = Math.min(chunkRows, rows - r);
        partShape[0] = k;
        int count = Math.toIntExact(k * perRow);
        raw.clear().limit(count * 4);
        readFully(offset + r * perRow * 4);
        raw.flip();
        ByteBuffer chunk = raw;
        if (order != ByteOrder.nativeOrder()) {
          converted.clear();
          converted.asFloatBuffer().put(raw.order(order).asFloatBuffer());
          converted.limit(count * 4);
          chunk = converted;
        } else {
          chunk.order(order);
        }
        try (NDManager part = manager.newSubManager();
            NDArray values = part.create(chunk, new Shape(partShape), DataType.FLOAT32)) {
          out.set(new NDIndex("{}:{}", r, r + k), values);
        }
      }
    } catch (IOException | RuntimeException e) {
      out.close();
      throw e;
    }
    return out;
  }

  private void readFully(long at) throws IOException {
    long position = at;
    while (raw.hasRemaining()) {
      int n = channel.read(raw, position);
      if (n < 0) {
        throw new KerasFormatException(path + " ends inside a weight");
      }
      position += n;
    }
  }

  /**
   * Copies {@code numel} floats from {@code bytes} (in its byte order) into a new native array,
   * one chunk of rows at a time through a reused direct buffer in native order.
   */
  private static NDArray copyInRows(ByteBuffer bytes, long[] shape, long numel,
      NDManager manager) {
    Shape full = new Shape(shape);
    if (shape.length == 0) {
      return manager.create(bytes.getFloat(bytes.position()));
    }
    long rows = shape[0];
    long perRow = rows == 0 ? 0 : numel / rows;
    long chunkRows = Math.max(1, (CHUNK_BYTES / 4) / Math.max(1, perRow));
    NDArray out = manager.zeros(full, DataType.FLOAT32);
    ByteBuffer scratch = ByteBuffer.allocateDirect((int) Math.min(numel,
        chunkRows * Math.max(1, perRow)) * 4).order(ByteOrder.nativeOrder());
    long[] partShape = shape.clone();
    try {
      for (long r = 0; r < rows; r += chunkRows) {
        long k = Math.min(chunkRows, rows - r);
        partShape[0] = k;
        int floats = Math.toIntExact(k * perRow);
        scratch.clear();
        int from = bytes.position() + Math.toIntExact(r * perRow * 4);
        // the float views convert the file's byte order in bulk
        scratch.asFloatBuffer().put(bytes.slice(from, floats * 4).order(bytes.order())
            .asFloatBuffer());
        scratch.limit(floats * 4);
        try (NDManager part = manager.newSubManager();
            NDArray chunk = part.create(scratch, new Shape(partShape), DataType.FLOAT32)) {
          out.set(new NDIndex("{}:{}", r, r + k), chunk);
        }
      }
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
    return out;
  }

  @Override
  public void close() {
    file.close();
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // read-only: nothing is lost
      }
      channel = null;
    }
  }
}
