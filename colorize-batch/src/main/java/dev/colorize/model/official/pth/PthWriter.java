package dev.colorize.model.official.pth;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes a state dict as {@code torch.save(state_dict, f, _use_new_zipfile_serialization=False)}
 * does: PyTorch's legacy format, the one DeOldify's and InstColor's published files use and
 * every PyTorch version since 0.4 reads. The layout: four pickles (the magic number, protocol
 * 1001, the system info, the {@code OrderedDict} of tensors whose storages are persistent ids
 * {@code ('storage', torch.XStorage, key, 'cpu', numel, None)}), a fifth with the storage keys,
 * then per storage its element count as int64 and its little-endian bytes. Each tensor is
 * streamed from its source, so nothing is held twice; the file appears complete or not at all.
 */
public final class PthWriter {

  /** One tensor of the state dict: a whole storage of its own, contiguous. */
  public interface Tensor {
    String key();

    long[] shape();

    TorchDType dtype();

    /** Writes the tensor's elements, little-endian, in row-major order. */
    void writeTo(OutputStream out) throws IOException;
  }

  private PthWriter() {}

  /** A float32 tensor from a Java array (tests, small tensors). */
  public static Tensor floats(String key, long[] shape, float[] values) {
    return new Tensor() {
      @Override
      public String key() {
        return key;
      }

      @Override
      public long[] shape() {
        return shape.clone();
      }

      @Override
      public TorchDType dtype() {
        return TorchDType.FLOAT32;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        out.write(b.array());
      }
    };
  }

  /** A 0-d int64 tensor, e.g. a batch norm's {@code num_batches_tracked}. */
  public static Tensor scalar(String key, long value) {
    return new Tensor() {
      @Override
      public String key() {
        return key;
      }

      @Override
      public long[] shape() {
        return new long[0];
      }

      @Override
      public TorchDType dtype() {
        return TorchDType.INT64;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
      }
    };
  }

  /** {@code tensor} under another key (for a state dict split into several files). */
  public static Tensor renamed(Tensor tensor, String key) {
    return new Tensor() {
      @Override
      public String key() {
        return key;
      }

      @Override
      public long[] shape() {
        return tensor.shape();
      }

      @Override
      public TorchDType dtype() {
        return tensor.dtype();
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        tensor.writeTo(out);
      }
    };
  }

  /** Writes the tensors, in order, as a bare state dict in the legacy format. */
  public static void writeLegacy(Path file, List<Tensor> tensors) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".part");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 20)) {
      out.write(new PickleWriter().bigInteger(PthFile.LEGACY_MAGIC).stop());
      out.write(new PickleWriter().integer(PthFile.LEGACY_PROTOCOL).stop());
      out.write(new PickleWriter().emptyDict().mark()
          .string("protocol_version").integer(PthFile.LEGACY_PROTOCOL)
          .string("little_endian").bool(true)
          .string("type_sizes").emptyDict().mark()
          .string("short").integer(2).string("int").integer(4).string("long").integer(4)
          .setItems()
          .setItems().stop());
      PickleWriter dict = new PickleWriter().global("collections", "OrderedDict").emptyTuple()
          .reduce().mark();
      for (int i = 0; i < tensors.size(); i++) {
        Tensor t = tensors.get(i);
        long[] shape = t.shape();
        dict.string(t.key()).global("torch._utils", "_rebuild_tensor_v2").mark()
            .mark().string("storage").global("torch", t.dtype().storageClass())
            .string(String.valueOf(i)).string("cpu").integer(numel(shape)).none().tuple()
            .persistentId()
            .integer(0).integers(shape).integers(strides(shape)).bool(false)
            .global("collections", "OrderedDict").emptyTuple().reduce()
            .tuple().reduce();
      }
      out.write(dict.setItems().stop());
      PickleWriter keys = new PickleWriter().emptyList().mark();
      for (int i = 0; i < tensors.size(); i++) {
        keys.string(String.valueOf(i));
      }
      out.write(keys.appends().stop());
      for (Tensor t : tensors) {
        long bytes = numel(t.shape()) * t.dtype().bytes();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
            .putLong(numel(t.shape())).array());
        long[] written = {0};
        t.writeTo(new FilterOutputStream(out) {
          @Override
          public void write(int b) throws IOException {
            out.write(b);
            written[0]++;
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            written[0] += len;
          }
        });
        if (written[0] != bytes) {
          throw new IOException("tensor '" + t.key() + "' wrote " + written[0] + " bytes, its"
              + " shape needs " + bytes);
        }
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static long numel(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  static long[] strides(long[] shape) {
    long[] stride = new long[shape.length];
    long s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      stride[i] = s;
      s *= shape[i];
    }
    return stride;
  }
}
