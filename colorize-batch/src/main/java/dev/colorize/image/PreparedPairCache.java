package dev.colorize.image;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_COMPRESSION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On-disk cache of prepared pairs, so a second run or a second model never decodes the same
 * source again.
 *
 * <p>Key: SHA-256 of the source bytes, plus {@link PrepareOptions#cacheKey()} (size, policy,
 * reduced decoding, limits, grayscale rule, {@link PairPreparer#PREPARATION_VERSION}), the crop
 * box and {@link #FORMAT_VERSION}; the entry's file name is the SHA-256 of that text, under a
 * 256-way shard directory: {@code root/ab/abcdef....czp}. Moving or renaming a source keeps its
 * entry; editing it makes a new one.
 *
 * <p>An entry holds the resized sRGB region as a PNG (lossless; Lab and ground truth are derived
 * again on load) plus the source info, or a rejection (reason and message): rejections are
 * deterministic for the same bytes and options, so a rejected file is not decoded again either.
 * Entries end with a CRC-32 and repeat their key text; a short, mismatched or unreadable entry is
 * counted as corrupt, treated as a miss and rewritten. Writes go to a temporary file in the shard
 * directory and are renamed into place atomically, so concurrent writers and killed runs never
 * leave a partial entry. A failed write is logged and does not fail the lookup. Thread-safe.
 */
public final class PreparedPairCache {

  /** Version of the entry layout; part of the key. */
  public static final int FORMAT_VERSION = 1;

  private static final Logger LOG = LoggerFactory.getLogger(PreparedPairCache.class);
  private static final int MAGIC = 0x435a5050; // "CZPP"
  private static final byte KIND_PAIR = 1;
  private static final byte KIND_REJECTED = 2;

  /**
   * Counters since this cache object was made.
   *
   * @param hits          lookups answered from disk (pairs and rejections)
   * @param rejectionHits hits that were cached rejections
   * @param misses        lookups that had to prepare the source
   * @param decodes       sources decoded (one per miss)
   * @param corrupt       entries found unreadable and replaced
   * @param writeFailures entries that could not be written
   */
  public record Stats(
      long hits, long rejectionHits, long misses, long decodes, long corrupt, long writeFailures) {}

  private final Path root;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong rejectionHits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final AtomicLong decodes = new AtomicLong();
  private final AtomicLong corrupt = new AtomicLong();
  private final AtomicLong writeFailures = new AtomicLong();

  /** A cache under {@code root} (created on first write). */
  public PreparedPairCache(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public Stats stats() {
    return new Stats(hits.get(), rejectionHits.get(), misses.get(), decodes.get(), corrupt.get(),
        writeFailures.get());
  }

  /**
   * The prepared pair of {@code source}: from the cache, or prepared and stored. The file is read
   * once; its bytes are hashed and, on a miss, decoded.
   *
   * @param source a file, any name (Hangul, upper-case extensions)
   * @param crop   region in original oriented coordinates, or null for the whole image
   * @throws ImageRejectedException when the source is (or was, cached) rejected
   * @throws IOException            when the source cannot be read
   */
  public PreparedPair getOrPrepare(Path source, Box crop, PrepareOptions options)
      throws IOException {
    return getOrPrepare(Files.readAllBytes(source), source.toString(), crop, options);
  }

  /** As {@link #getOrPrepare(Path, Box, PrepareOptions)} for bytes already in memory. */
  public PreparedPair getOrPrepare(byte[] bytes, String name, Box crop, PrepareOptions options) {
    return getOrPrepare(keyText(sha256Hex(bytes), crop, options), bytes, name, crop, options);
  }

  /**
   * Makes sure the pair of these bytes is in the cache and returns its key, for a later
   * {@link #load}: batch jobs prepare once and hand only keys from step to step.
   *
   * @throws ImageRejectedException when the source is (or was, cached) rejected
   */
  public String prepare(byte[] bytes, String name, Box crop, PrepareOptions options) {
    String keyText = keyText(sha256Hex(bytes), crop, options);
    getOrPrepare(keyText, bytes, name, crop, options);
    return keyText;
  }

  /**
   * The pair stored under a key from {@link #prepare}, or null when the entry is missing,
   * unreadable or a rejection. Never decodes a source.
   */
  public PreparedPair load(String keyText, PrepareOptions options) {
    Entry cached = read(entryPath(keyText), keyText, options.size());
    if (cached == null || cached.pair == null) {
      return null;
    }
    hits.incrementAndGet();
    return cached.pair;
  }

  private PreparedPair getOrPrepare(String keyText, byte[] bytes, String name, Box crop,
      PrepareOptions options) {
    Path entry = entryPath(keyText);
    Entry cached = read(entry, keyText, options.size());
    if (cached != null) {
      hits.incrementAndGet();
      if (cached.rejection != null) {
        rejectionHits.incrementAndGet();
        throw new ImageRejectedException(cached.rejection, name, cached.message + " (cached)");
      }
      return cached.pair;
    }
    misses.incrementAndGet();
    decodes.incrementAndGet();
    PreparedPair pair;
    try {
      pair = PairPreparer.prepare(bytes, name, crop, options);
    } catch (ImageRejectedException e) {
      write(entry, encodeRejection(keyText, e));
      throw e;
    }
    write(entry, encodePair(keyText, pair));
    return pair;
  }

  /** The entry file for a key text (exposed for tests and tools). */
  Path entryPath(String keyText) {
    String name = sha256Hex(keyText.getBytes(StandardCharsets.UTF_8));
    return root.resolve(name.substring(0, 2)).resolve(name + ".czp");
  }

  /** The full key text of a source: content hash, options, crop and layout version. */
  static String keyText(String contentSha256, Box crop, PrepareOptions options) {
    String cropText = crop == null ? "none"
        : crop.x() + "," + crop.y() + "," + crop.width() + "," + crop.height();
    return "czpp" + FORMAT_VERSION + ";sha256=" + contentSha256 + ";" + options.cacheKey()
        + ";crop=" + cropText;
  }

  /** Lower-case hex SHA-256 of {@code bytes}. */
  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  // ---------------------------------------------------------------- entry layout

  private record Entry(PreparedPair pair, RejectReason rejection, String message) {}

  private static byte[] encodePair(String keyText, PreparedPair pair) {
    byte[] png;
    try (PointerScope scope = new PointerScope()) {
      Mat bgr = new Mat();
      cvtColor(Mats.ofRgb(pair.resized()), bgr, COLOR_RGB2BGR); // a PNG that views correctly
      BytePointer out = new BytePointer();
      if (!imencode(".png", bgr, out, new IntPointer(IMWRITE_PNG_COMPRESSION, 3))) {
        throw new IllegalStateException("OpenCV could not encode a cache PNG");
      }
      png = Mats.bytesOf(out);
    }
    SourceInfo info = pair.source();
    return frame(keyText, KIND_PAIR, data -> {
      data.writeUTF(info.format().name());
      data.writeInt(info.originalWidth());
      data.writeInt(info.originalHeight());
      data.writeInt(info.reduction());
      Box r = info.region();
      data.writeInt(r.x());
      data.writeInt(r.y());
      data.writeInt(r.width());
      data.writeInt(r.height());
      data.writeInt(png.length);
      data.write(png);
    });
  }

  private static byte[] encodeRejection(String keyText, ImageRejectedException e) {
    return frame(keyText, KIND_REJECTED, data -> {
      data.writeUTF(e.reason().name());
      data.writeUTF(truncate(e.detail(), 8000));
    });
  }

  private interface Body {
    void write(DataOutputStream data) throws IOException;
  }

  private static byte[] frame(String keyText, byte kind, Body body) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream data = new DataOutputStream(bytes);
      data.writeInt(MAGIC);
      data.writeInt(FORMAT_VERSION);
      data.writeUTF(keyText);
      data.writeByte(kind);
      body.write(data);
      data.flush();
      CRC32 crc = new CRC32();
      crc.update(bytes.toByteArray());
      data.writeLong(crc.getValue());
      data.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("in-memory write failed", e);
    }
  }

  /** The entry at {@code path}, or null when absent or unusable (then counted as corrupt). */
  private Entry read(Path path, String keyText, int size) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      LOG.warn("cannot read cache entry {}: {}", path, e.toString());
      return null;
    }
    try {
      Entry entry = decode(bytes, keyText, size);
      if (entry != null) {
        return entry;
      }
    } catch (IOException | RuntimeException e) {
      // fall through: corrupt
    }
    corrupt.incrementAndGet();
    LOG.warn("corrupt cache entry {} ignored and rewritten", path);
    return null;
  }

  private static Entry decode(byte[] bytes, String keyText, int size) throws IOException {
    if (bytes.length < 8 + 8) {
      return null;
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 8);
    DataInputStream tail =
        new DataInputStream(new ByteArrayInputStream(bytes, bytes.length - 8, 8));
    if (tail.readLong() != crc.getValue()) {
      return null;
    }
    DataInputStream data = new DataInputStream(new ByteArrayInputStream(bytes));
    if (data.readInt() != MAGIC || data.readInt() != FORMAT_VERSION
        || !data.readUTF().equals(keyText)) {
      return null;
    }
    byte kind = data.readByte();
    if (kind == KIND_REJECTED) {
      return new Entry(null, RejectReason.valueOf(data.readUTF()), data.readUTF());
    }
    if (kind != KIND_PAIR) {
      return null;
    }
    ImageFormat format = ImageFormat.valueOf(data.readUTF());
    int originalWidth = data.readInt();
    int originalHeight = data.readInt();
    int reduction = data.readInt();
    Box region = new Box(data.readInt(), data.readInt(), data.readInt(), data.readInt());
    byte[] png = new byte[data.readInt()];
    data.readFully(png);
    RgbImage resized;
    try (PointerScope scope = new PointerScope()) {
      Mat mat = imdecode(Mats.ofEncoded(png), IMREAD_COLOR);
      if (mat.empty() || mat.cols() != size || mat.rows() != size) {
        return null;
      }
      resized = Mats.toRgbImage(mat, true);
    }
    return new Entry(PreparedPair.of(resized,
        new SourceInfo(format, originalWidth, originalHeight, reduction, region)), null, null);
  }

  private void write(Path path, byte[] content) {
    Path temp = null;
    try {
      Files.createDirectories(path.getParent());
      // Own temp name (not createTempFile) so entries get the default permissions, not 0600.
      temp = path.resolveSibling(".tmp-" + UUID.randomUUID() + ".part");
      Files.write(temp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try {
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
    } catch (IOException e) {
      writeFailures.incrementAndGet();
      LOG.warn("cannot write cache entry {}: {}", path, e.toString());
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }
}
