package dev.colorize.model.official.chromagan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.colorize.model.official.TorchBlock;
import dev.colorize.model.official.h5.KerasWeightsFile;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a ChromaGAN {@code .h5} names and groups its weights, kept from the file read so that the
 * weights are written back exactly as the authors' code stores and loads them: the same layout
 * ({@code model.save} with {@code model_weights} or {@code save_weights}), the root's string
 * attributes ({@code model_config} included, so Keras's {@code load_model} rebuilds the model),
 * the layers in order with their {@code weight_names}.
 *
 * <p>When the weights came from a file whose datasets are all contiguous (as Keras writes
 * them), writing copies that file and overwrites each dataset's bytes in place, streaming from
 * the native arrays in chunks of rows: the result is the source file with new values, every
 * other byte kept (including an {@code optimizer_weights} group, whose moments then belong to
 * the original training). Otherwise (a network written from a seed) jHDF writes a new file.
 *
 * @param source the file the weights were read from, or null
 * @param modelSave whether the weights sit in a {@code model_weights} group
 * @param rootAttributes string attributes of the file's root
 * @param layers the layers that hold weights, in the file's order
 */
public record KerasStructure(Path source, boolean modelSave, Map<String, String> rootAttributes,
    List<Layer> layers) {

  /** A layer group: its name and its weights in {@code weight_names} order. */
  public record Layer(String name, List<Slot> weights) {}

  /**
   * One weight: its path in the layer group, the generator's key, whether a conv kernel, and
   * where its float32 values start in {@link #source} (-1 when not stored contiguously) in
   * which byte order.
   */
  public record Slot(String weightName, String key, boolean hwio, long offset,
      ByteOrder order) {
    Slot(String weightName, String key, boolean hwio) {
      this(weightName, key, hwio, -1, ByteOrder.LITTLE_ENDIAN);
    }
  }

  /** The structure of the file {@code h5}, whose weights {@code sources} mapped. */
  static KerasStructure of(KerasWeightsFile h5, Map<String, ChromaGanFile.Source> sources) {
    Map<String, List<Slot>> byLayer = new LinkedHashMap<>();
    Map<String, String> keyOf = new HashMap<>();
    sources.forEach((key, source) -> keyOf.put(source.weight().name(), key));
    for (KerasWeightsFile.Weight w : h5.weights().values()) {
      String key = keyOf.get(w.name());
      byLayer.computeIfAbsent(w.layer(), l -> new ArrayList<>())
          .add(new Slot(w.weightName(), key, sources.get(key).hwio(), h5.fileOffset(w),
              h5.byteOrder(w)));
    }
    List<Layer> layers = new ArrayList<>();
    byLayer.forEach((name, slots) -> layers.add(new Layer(name, List.copyOf(slots))));
    return new KerasStructure(h5.path(), "model.save".equals(h5.layout()),
        Map.copyOf(h5.rootAttributes()), List.copyOf(layers));
  }

  /**
   * The published file's structure ({@code model.save}; layer names as in
   * {@code my_model_colorization.h5}: the VGG trunk {@code model_2}, {@code conv2d_6} ..
   * {@code conv2d_17}, {@code batch_normalization_1} .. {@code _6}, {@code dense_1} ..
   * {@code _6}), for networks written from a seed.
   */
  public static KerasStructure published() {
    List<Layer> layers = new ArrayList<>();
    List<Slot> vgg = new ArrayList<>();
    for (ChromaGanGenerator.Conv c : ChromaGanGenerator.VGG) {
      String layer = c.key().substring("vgg.".length());
      vgg.add(new Slot(layer + "/kernel:0", c.key() + ".weight", true));
      vgg.add(new Slot(layer + "/bias:0", c.key() + ".bias", false));
    }
    layers.add(new Layer("model_2", vgg));
    int conv = 6;
    for (int i = 0; i < ChromaGanGenerator.CONVS.size(); i++) {
      ChromaGanGenerator.Conv c = ChromaGanGenerator.CONVS.get(i);
      String name = "conv2d_" + conv++;
      layers.add(new Layer(name, List.of(new Slot(name + "/kernel:0", c.key() + ".weight", true),
          new Slot(name + "/bias:0", c.key() + ".bias", false))));
      if (i < ChromaGanGenerator.BATCH_NORMS.size()) {
        String bn = "batch_normalization_" + (i + 1);
        String key = ChromaGanGenerator.BATCH_NORMS.get(i);
        layers.add(new Layer(bn, List.of(new Slot(bn + "/gamma:0", key + ".weight", false),
            new Slot(bn + "/beta:0", key + ".bias", false),
            new Slot(bn + "/moving_mean:0", key + ".running_mean", false),
            new Slot(bn + "/moving_variance:0", key + ".running_var", false))));
      }
    }
    for (int i = 0; i < ChromaGanGenerator.DENSES.size(); i++) {
      String name = "dense_" + (i + 1);
      String key = ChromaGanGenerator.DENSES.get(i).key();
      layers.add(new Layer(name, List.of(new Slot(name + "/kernel:0", key + ".weight", false),
          new Slot(name + "/bias:0", key + ".bias", false))));
    }
    return new KerasStructure(null, true, Map.of("keras_version", "2.2.4", "backend",
        "tensorflow"), List.copyOf(layers));
  }

  /**
   * Keras applications' VGG-16 ImageNet weights file
   * ({@code vgg16_weights_tf_dim_ordering_tf_kernels.h5}: {@code save_weights} layout, Keras 1
   * weight names {@code L_W_1:0} and {@code L_b_1:0}), for {@link Vgg16Classifier} written from
   * a seed.
   */
  static KerasStructure vgg16(List<String> layers) {
    List<Layer> list = new ArrayList<>();
    for (String layer : layers) {
      list.add(new Layer(layer, List.of(new Slot(layer + "_W_1:0", layer + ".weight",
          layer.startsWith("block")), new Slot(layer + "_b_1:0", layer + ".bias", false))));
    }
    return new KerasStructure(null, false, Map.of("keras_version", "2.0.8", "backend",
        "tensorflow"), List.copyOf(list));
  }

  /**
   * ChromaGAN's discriminator file as its authors' {@code discriminator.save()} writes it
   * ({@code model.save} layout, layers {@code conv2d_1} .. {@code conv2d_5}).
   */
  static KerasStructure discriminator(int convs) {
    List<Layer> list = new ArrayList<>();
    for (int i = 1; i <= convs; i++) {
      String layer = "conv2d_" + i;
      list.add(new Layer(layer, List.of(new Slot(layer + "/kernel:0", "conv" + i + ".weight",
          true), new Slot(layer + "/bias:0", "conv" + i + ".bias", false))));
    }
    return new KerasStructure(null, true, Map.of("keras_version", "2.2.4", "backend",
        "tensorflow"), List.copyOf(list));
  }

  /**
   * Writes a generator's current weights in this structure, to a temporary file moved into
   * place when complete, conv kernels back to HWIO: over a copy of the source file when it has
   * one with contiguous datasets (class comment), else as a new file.
   */
  public void write(TorchBlock generator, Path target) throws IOException {
    Path temporary = target.resolveSibling(target.getFileName() + ".partial");
    Files.deleteIfExists(temporary);
    try {
      if (patchable()) {
        patchCopy(generator, temporary);
      } else {
        writeNew(generator, temporary);
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temporary);
      throw e instanceof IOException io ? io
          : new IOException("cannot write " + target + ": " + e.getMessage(), e);
    }
    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  private boolean patchable() {
    return source != null && Files.isRegularFile(source)
        && layers.stream().flatMap(l -> l.weights().stream()).allMatch(s -> s.offset() >= 0);
  }

  /** The source file copied, each weight's bytes overwritten from its array in row chunks. */
  private void patchCopy(TorchBlock generator, Path temporary) throws IOException {
    Files.copy(source, temporary);
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
      for (Layer layer : layers) {
        for (Slot slot : layer.weights()) {
          NDArray value = generator.parameter(slot.key()).getArray();
          try (NDManager scratch = value.getManager().newSubManager()) {
            NDArray stored = value;
            if (slot.hwio()) {
              stored = value.transpose(2, 3, 1, 0).reshape(-1);
              stored.attach(scratch);
            }
            long numel = value.size();
            long rows = value.getShape().dimension() < 2 ? 1 : value.getShape().get(0);
            long perRow = numel / Math.max(1, rows);
            long chunk = slot.hwio() || rows == 1 ? rows
                : Math.max(1, (4L << 20) / Math.max(1, perRow));
            for (long r = 0; r < rows; r += chunk) {
              long end = Math.min(rows, r + chunk);
              ByteBuffer bytes;
              if (slot.hwio() || rows == 1) {
                bytes = stored.toByteBuffer();
              } else {
                try (NDArray part = stored.get(new NDIndex("{}:{}", r, end))) {
                  bytes = part.toByteBuffer();
                }
              }
              ByteBuffer ordered = inOrder(bytes, slot.order());
              long at = slot.offset() + r * perRow * Float.BYTES;
              while (ordered.hasRemaining()) {
                at += channel.write(ordered, at);
              }
            }
          }
        }
      }
      channel.force(true);
    }
  }

  private static ByteBuffer inOrder(ByteBuffer bytes, ByteOrder order) {
    if (bytes.order() == order) {
      return bytes;
    }
    ByteBuffer converted = ByteBuffer.allocate(bytes.remaining()).order(order);
    converted.asFloatBuffer().put(bytes.asFloatBuffer());
    return converted;
  }

  /**
   * A new file written by jHDF: float32 contiguous datasets, {@code layer_names} listing the
   * layers with weights (all that Keras's weight loading reads). jHDF writes from Java arrays,
   * so this holds the weights once on the heap.
   */
  private void writeNew(TorchBlock generator, Path temporary) throws IOException {
    try (WritableHdfFile file = HdfFile.write(temporary)) {
      WritableGroup root = file;
      if (modelSave) {
        rootAttributes.forEach(file::putAttribute);
        root = file.putGroup("model_weights");
      }
      List<String> names = new ArrayList<>();
      for (Layer layer : layers) {
        names.add(layer.name());
      }
      root.putAttribute("layer_names", names.toArray(String[]::new));
      root.putAttribute("backend", rootAttributes.getOrDefault("backend", "tensorflow"));
      root.putAttribute("keras_version", rootAttributes.getOrDefault("keras_version", "2.2.4"));
      for (Layer layer : layers) {
        WritableGroup group = root.putGroup(layer.name());
        group.putAttribute("weight_names", layer.weights().stream().map(Slot::weightName)
            .toArray(String[]::new));
        Map<String, WritableGroup> subgroups = new HashMap<>();
        for (Slot slot : layer.weights()) {
          String[] parts = slot.weightName().split("/");
          WritableGroup parent = group;
          StringBuilder at = new StringBuilder();
          for (int i = 0; i < parts.length - 1; i++) {
            at.append('/').append(parts[i]);
            WritableGroup outer = parent;
            String part = parts[i];
            parent = subgroups.computeIfAbsent(at.toString(), k -> outer.putGroup(part));
          }
          parent.putDataset(parts[parts.length - 1], javaArray(generator, slot));
        }
      }
    }
  }

  /** A weight as the nested float array jHDF writes, conv kernels as HWIO. */
  private static Object javaArray(TorchBlock generator, Slot slot) {
    NDArray value = generator.parameter(slot.key()).getArray();
    long[] shape = value.getShape().getShape();
    if (slot.hwio()) {
      try (NDManager scratch = value.getManager().newSubManager()) {
        NDArray hwio = value.transpose(2, 3, 1, 0);
        hwio.attach(scratch);
        float[] flat = hwio.reshape(-1).toFloatArray();
        int kh = (int) shape[2];
        int kw = (int) shape[3];
        int in = (int) shape[1];
        int out = (int) shape[0];
        float[][][][] k = new float[kh][kw][in][out];
        int p = 0;
        for (int y = 0; y < kh; y++) {
          for (int x = 0; x < kw; x++) {
            for (int i = 0; i < in; i++) {
              System.arraycopy(flat, p, k[y][x][i], 0, out);
              p += out;
            }
          }
        }
        return k;
      }
    }
    if (shape.length == 1) {
      return value.toFloatArray();
    }
    // dense [in, out]: rows copied out in chunks, never the whole matrix twice
    int rows = (int) shape[0];
    int cols = (int) shape[1];
    float[][] m = new float[rows][];
    int chunk = Math.max(1, (4 << 20) / cols);
    for (int r = 0; r < rows; r += chunk) {
      int end = Math.min(rows, r + chunk);
      try (NDArray part = value.get(new NDIndex("{}:{}", r, end))) {
        float[] flat = part.toFloatArray();
        for (int i = r; i < end; i++) {
          m[i] = java.util.Arrays.copyOfRange(flat, (i - r) * cols, (i - r + 1) * cols);
        }
      }
    }
    return m;
  }
}
