package dev.colorize.model.official.pth;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * An open {@code .pth} file: its pickle read by the {@link RestrictedUnpickler} (so nothing in it
 * runs), and its storages located but not read. Two container formats:
 *
 * <ul>
 *   <li><b>zip</b> ({@code torch.save} since PyTorch 1.6): {@code <name>/data.pkl} and one entry
 *       {@code <name>/data/<key>} per storage;
 *   <li><b>legacy</b> (before 1.6, as DeOldify's and InstColor's published files): five pickles
 *       in a row (magic number, protocol 1001, system info, the object, the storage keys), then
 *       for each key an int64 element count and the raw little-endian elements.
 * </ul>
 *
 * Tensors are read one at a time into native arrays ({@link #readFloat32}), in chunks of at most
 * {@link #CHUNK_BYTES}, so a file is never held on the Java heap: loading costs its tensors'
 * native size plus one chunk.
 */
public final class PthFile implements AutoCloseable {

  /** The legacy format's magic number, its first pickle. */
  static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
  static final long LEGACY_PROTOCOL = 1001;
  /** Bytes of one read-and-copy step into a native array. */
  public static final int CHUNK_BYTES = 16 << 20;

  /** The container format. */
  public enum Format { ZIP, LEGACY }

  private final Path path;
  private final Format format;
  private final Object root;
  private final ZipFile zip;
  private final String zipPrefix;
  private final FileChannel channel;
  private final Map<String, Long> legacyOffsets;
  /** Reused read buffers (one chunk each); a PthFile is read by one thread. */
  private ByteBuffer raw;
  private ByteBuffer converted;

  private PthFile(Path path, Format format, Object root, ZipFile zip, String zipPrefix,
      FileChannel channel, Map<String, Long> legacyOffsets) {
    this.path = path;
    this.format = format;
    this.root = root;
    this.zip = zip;
    this.zipPrefix = zipPrefix;
    this.channel = channel;
    this.legacyOffsets = legacyOffsets;
  }

  /**
   * Opens a file and reads its pickle (not its tensors).
   *
   * @throws UnsafePickleException when the pickle names anything a state dict does not need
   * @throws PthFormatException when the file is not a PyTorch file, is truncated or malformed
   */
  public static PthFile open(Path path) throws IOException {
    byte[] head = new byte[4];
    long size = Files.size(path);
    try (InputStream in = Files.newInputStream(path)) {
      int n = in.readNBytes(head, 0, 4);
      if (n < 2) {
        throw new PthFormatException(path + " is not a PyTorch file: it holds " + size
            + " bytes");
      }
    }
    if (head[0] == 'P' && head[1] == 'K') {
      return openZip(path);
    }
    if ((head[0] & 0xff) == 0x80) {
      return openLegacy(path, size);
    }
    throw new PthFormatException(path + " is not a PyTorch file: it starts with neither a zip"
        + " header nor a pickle (PyTorch's formats since 0.4)");
  }

  private static PthFile openZip(Path path) throws IOException {
    ZipFile zip;
    try {
      zip = new ZipFile(path.toFile());
    } catch (IOException e) {
      throw new PthFormatException(path + " is not a readable zip archive (truncated?): "
          + e.getMessage(), e);
    }
    try {
      ZipEntry pickle = null;
      for (var entries = zip.entries(); entries.hasMoreElements(); ) {
        ZipEntry e = entries.nextElement();
        String name = e.getName();
        if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - 9) {
          pickle = e;
          break;
        }
      }
      if (pickle == null) {
        throw new PthFormatException(path + " is a zip archive without <name>/data.pkl, so not"
            + " a PyTorch file");
      }
      String prefix = pickle.getName().substring(0, pickle.getName().length() - 8);
      ZipEntry order = zip.getEntry(prefix + "byteorder");
      if (order != null) {
        try (InputStream in = zip.getInputStream(order)) {
          String text = new String(in.readNBytes(16)).strip();
          if (!text.equals("little")) {
            throw new PthFormatException(path + " stores " + text + "-endian tensors; only"
                + " little-endian files are read");
          }
        }
      }
      String source = path.toString();
      Object root;
      try (InputStream in = new BufferedInputStream(zip.getInputStream(pickle))) {
        root = new RestrictedUnpickler(source, in, pickle.getSize() < 0 ? Long.MAX_VALUE
            : pickle.getSize(), id -> zipStorage(zip, prefix, source, id)).load();
      }
      return new PthFile(path, Format.ZIP, root, zip, prefix, null, null);
    } catch (IOException | RuntimeException e) {
      zip.close();
      throw e;
    }
  }

  private static TorchStorage zipStorage(ZipFile zip, String prefix, String source, PyTuple id)
      throws PthFormatException {
    TorchStorage storage = storageOf(source, id, 5);
    ZipEntry entry = zip.getEntry(prefix + "data/" + storage.key());
    if (entry == null) {
      throw new PthFormatException(source + " names storage '" + storage.key() + "' but has no"
          + " entry " + prefix + "data/" + storage.key() + " (truncated?)");
    }
    long need = storage.numel() * storage.dtype().bytes();
    if (entry.getSize() >= 0 && entry.getSize() < need) {
      throw new PthFormatException(source + " is truncated: storage '" + storage.key()
          + "' needs " + need + " bytes but its entry holds " + entry.getSize());
    }
    return storage;
  }

  /** A storage from a persistent id {@code ('storage', torch.XStorage, key, location, numel, ...)}. */
  private static TorchStorage storageOf(String source, PyTuple id, int minSize)
      throws PthFormatException {
    if (id.size() >= 1 && "module".equals(id.get(0))) {
      throw new UnsafePickleException(source + " is refused: it holds a pickled module (source"
          + " code), not a state dict");
    }
    if (id.size() < minSize || !"storage".equals(id.get(0))) {
      throw new PthFormatException(source + " has a persistent id " + id.items() + " that is not"
          + " a storage");
    }
    if (!(id.get(1) instanceof RestrictedUnpickler.Global type) || type.dtype() == null) {
      throw new PthFormatException(source + " has a storage whose type is not a torch storage"
          + " type");
    }
    if (!(id.get(2) instanceof String key) || !(id.get(4) instanceof Long numel) || numel < 0) {
      throw new PthFormatException(source + " has a storage id " + id.items() + " without a key"
          + " and an element count");
    }
    if (id.size() > 5 && id.get(5) != null) {
      throw new PthFormatException(source + " has a storage view " + id.get(5) + "; only whole"
          + " storages are read");
    }
    return new TorchStorage(key, type.dtype(), numel);
  }

  private static PthFile openLegacy(Path path, long size) throws IOException {
    String source = path.toString();
    Map<String, TorchStorage> storages = new HashMap<>();
    Object root;
    List<?> keys;
    long dataStart;
    try (CountingStream in = new CountingStream(new BufferedInputStream(
        Files.newInputStream(path), 1 << 16))) {
      Object magic = new RestrictedUnpickler(source, in, size, null).load();
      if (!LEGACY_MAGIC.equals(magic instanceof Long l ? BigInteger.valueOf(l) : magic)) {
        throw new PthFormatException(source + " starts with a pickle but not with PyTorch's"
            + " magic number, so it is not a torch.save file");
      }
      Object protocol = new RestrictedUnpickler(source, in, size - in.count, null).load();
      if (!(protocol instanceof Long p) || p != LEGACY_PROTOCOL) {
        throw new PthFormatException(source + " has legacy protocol " + protocol + ", not 1001");
      }
      Object info = new RestrictedUnpickler(source, in, size - in.count, null).load();
      if (info instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("little_endian"))) {
        throw new PthFormatException(source + " was saved on a big-endian machine; only"
            + " little-endian files are read");
      }
      root = new RestrictedUnpickler(source, in, size - in.count, id -> {
        TorchStorage s = storageOf(source, id, 5);
        storages.put(s.key(), s);
        return s;
      }).load();
      Object list = new RestrictedUnpickler(source, in, size - in.count, null).load();
      if (!(list instanceof List<?> l)) {
        throw new PthFormatException(source + " has no storage key list after its object");
      }
      keys = l;
      dataStart = in.count;
    }
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      Map<String, Long> offsets = new HashMap<>();
      long at = dataStart;
      ByteBuffer count = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      for (Object k : keys) {
        TorchStorage s = storages.get(String.valueOf(k));
        if (s == null) {
          throw new PthFormatException(source + " lists storage '" + k + "' that its object"
              + " never uses");
        }
        count.clear();
        if (at + 8 > size || channel.read(count, at) < 8) {
          throw truncated(source, s.key(), at + 8, size);
        }
        long numel = count.getLong(0);
        if (numel != s.numel()) {
          throw new PthFormatException(source + " has " + numel + " elements in storage '"
              + s.key() + "', its pickle says " + s.numel());
        }
        long end = at + 8 + numel * s.dtype().bytes();
        if (end > size) {
          throw truncated(source, s.key(), end, size);
        }
        offsets.put(s.key(), at + 8);
        at = end;
      }
      for (String key : storages.keySet()) {
        if (!offsets.containsKey(key)) {
          throw new PthFormatException(source + " uses storage '" + key + "' whose bytes are"
              + " not in the file (truncated?)");
        }
      }
      return new PthFile(path, Format.LEGACY, root, null, null, channel, offsets);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static PthFormatException truncated(String source, String key, long need, long size) {
    return new PthFormatException(source + " is truncated: storage '" + key + "' needs bytes up"
        + " to " + need + " but the file ends at " + size);
  }

  public Path path() {
    return path;
  }

  public Format format() {
    return format;
  }

  /** The unpickled object: a state dict, or a dict holding one. */
  public Object root() {
    return root;
  }

  /**
   * Reads a floating-point tensor into a new native float32 array of its shape (float16, bfloat16
   * and float64 are converted), in chunks of rows.
   *
   * @param key the state-dict key, for messages
   */
  public NDArray readFloat32(TorchTensor tensor, NDManager manager, String key)
      throws IOException {
    TorchDType dtype = tensor.storage().dtype();
    if (!dtype.isFloating()) {
      throw new PthFormatException(path + ": '" + key + "' holds " + dtype + " values, not"
          + " floating point weights");
    }
    if (!tensor.isContiguous()) {
      throw new PthFormatException(path + ": '" + key + "' is a non-contiguous view (strides "
          + java.util.Arrays.toString(tensor.stride()) + "); only contiguous tensors are read");
    }
    long numel = tensor.numel();
    if (tensor.offset() + numel > tensor.storage().numel()) {
      throw new PthFormatException(path + ": '" + key + "' reaches past the end of its storage");
    }
    Shape shape = new Shape(tensor.shape());
    try (ReadableByteChannel source = open(tensor)) {
      if (tensor.shape().length == 0) {
        return manager.create(floats(source, 1, dtype, key).getFloat(0));
      }
      long rows = tensor.shape()[0];
      long rowElements = rows == 0 ? 0 : numel / rows;
      long chunkRows = Math.max(1, (CHUNK_BYTES / 4) / Math.max(1, rowElements));
      // Allocated natively once, then filled chunk by chunk from one reused direct buffer (a
      // native array made from a direct buffer aliases it, so each chunk is copied in with set):
      // loading holds the weights once, plus one chunk.
      NDArray out = manager.zeros(shape, DataType.FLOAT32);
      try {
        long[] partShape = tensor.shape().clone();
        for (long r = 0; r < rows; r += chunkRows) {
          long k = Math.min(chunkRows, rows - r);
          partShape[0] = k;
          ByteBuffer chunk = floats(source, k * rowElements, dtype, key);
          try (NDManager scratch = manager.newSubManager();
              NDArray part = scratch.create(chunk, new Shape(partShape), DataType.FLOAT32)) {
            out.set(new NDIndex("{}:{}", r, r + k), part);
          }
        }
      } catch (IOException | RuntimeException e) {
        out.close();
        throw e;
      }
      return out;
    }
  }

  /** A channel positioned at the tensor's first element. */
  private ReadableByteChannel open(TorchTensor tensor) throws IOException {
    long skip = tensor.offset() * tensor.storage().dtype().bytes();
    if (format == Format.LEGACY) {
      long start = legacyOffsets.get(tensor.storage().key()) + skip;
      return new ReadableByteChannel() {
        private long at = start;

        @Override
        public int read(ByteBuffer dst) throws IOException {
          int n = channel.read(dst, at);
          if (n > 0) {
            at += n;
          }
          return n;
        }

        @Override
        public boolean isOpen() {
          return true;
        }

        @Override
        public void close() {
          // the file channel stays open for the next tensor
        }
      };
    }
    InputStream in = zip.getInputStream(zip.getEntry(zipPrefix + "data/"
        + tensor.storage().key()));
    in.skipNBytes(skip);
    return Channels.newChannel(in);
  }

  /**
   * Reads {@code count} elements as native-order float32 into this file's reused direct buffer
   * (valid until the next call).
   */
  private ByteBuffer floats(ReadableByteChannel source, long count, TorchDType dtype, String key)
      throws IOException {
    int rawBytes = Math.toIntExact(count * dtype.bytes());
    if (raw == null || raw.capacity() < rawBytes) {
      raw = ByteBuffer.allocateDirect(Math.max(rawBytes, CHUNK_BYTES))
          .order(ByteOrder.LITTLE_ENDIAN);
    }
    raw.clear().limit(rawBytes);
    while (raw.hasRemaining()) {
      if (source.read(raw) < 0) {
        throw new PthFormatException(path + " is truncated inside the bytes of '" + key + "'");
      }
    }
    raw.flip();
    if (dtype == TorchDType.FLOAT32 && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
      return raw;
    }
    int outBytes = Math.toIntExact(count * 4);
    if (converted == null || converted.capacity() < outBytes) {
      converted = ByteBuffer.allocateDirect(Math.max(outBytes, CHUNK_BYTES))
          .order(ByteOrder.nativeOrder());
    }
    ByteBuffer out = converted.clear();
    for (long i = 0; i < count; i++) {
      out.putFloat(switch (dtype) {
        case FLOAT32 -> raw.getFloat();
        case FLOAT64 -> (float) raw.getDouble();
        case FLOAT16 -> halfToFloat(raw.getShort());
        default -> Float.intBitsToFloat((raw.getShort() & 0xffff) << 16); // bfloat16
      });
    }
    out.flip();
    return out;
  }

  /** IEEE 754 binary16 to float (Java 17 has no {@code Float.float16ToFloat}). */
  static float halfToFloat(short bits) {
    int h = bits & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1f;
    int mantissa = h & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      float value = mantissa * 0x1p-24f; // subnormal (or zero)
      return sign == 0 ? value : -value;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }

  @Override
  public void close() throws IOException {
    if (zip != null) {
      zip.close();
    }
    if (channel != null) {
      channel.close();
    }
  }

  /** Counts the bytes read, so the legacy storages' start is known after the pickles. */
  private static final class CountingStream extends FilterInputStream {
    long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(n);
      count += s;
      return s;
    }
  }
}
