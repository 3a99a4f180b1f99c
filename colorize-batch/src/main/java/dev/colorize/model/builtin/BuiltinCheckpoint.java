package dev.colorize.model.builtin;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The colorize builtin checkpoint: one file holding a generator's weights and what is needed to
 * rebuild it, so {@code <engine>builtin</engine>} can load it without other settings.
 *
 * <p>Layout (big-endian, {@link DataOutputStream}): the modified-UTF-8 string
 * {@code colorize-builtin-checkpoint}; an int format version (1); the architecture id
 * ({@code chromagan|deoldify|instcolor}); the size id ({@code tiny|small|full}); an int class
 * count; an int training input size S (pixels, a multiple of 8); then the generator's
 * parameters exactly as DJL's {@code Block.saveParameters} writes them (the block version byte,
 * input shapes, then every parameter as an encoded NDArray, children in order) &mdash; the same
 * bytes as the body of a DJL {@code Model.save} {@code .params} file. Files are written to a
 * temporary sibling and moved into place, so a crash never leaves a half-written checkpoint under
 * the final name.
 */
public final class BuiltinCheckpoint {

  /** The first string of every checkpoint. */
  public static final String MAGIC = "colorize-builtin-checkpoint";
  /** The format version this class writes and reads. */
  public static final int FORMAT_VERSION = 1;

  /**
   * What a checkpoint says about its network.
   *
   * @param architecture network family
   * @param size         width/depth
   * @param numClasses   classes of the class head
   * @param inputSize    side S of the square training input; the engine's default input size
   */
  public record Header(Architecture architecture, NetworkSize size, int numClasses,
      int inputSize) {}

  /** A network rebuilt from a checkpoint, with its weights. */
  public record Loaded(Header header, Block network) {}

  private BuiltinCheckpoint() {}

  /**
   * Writes an initialised generator with its header.
   *
   * @throws IOException when the file cannot be written
   */
  public static void save(Path file, Header header, Block network) throws IOException {
    if (!network.isInitialized()) {
      throw new IllegalStateException("the network has no weights yet; initialize it first");
    }
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      try (OutputStream os = Files.newOutputStream(tmp);
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os))) {
        out.writeUTF(MAGIC);
        out.writeInt(FORMAT_VERSION);
        out.writeUTF(header.architecture().id());
        out.writeUTF(header.size().id());
        out.writeInt(header.numClasses());
        out.writeInt(header.inputSize());
        network.saveParameters(out);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Reads only the header (cheap: for configuration checks).
   *
   * @throws CheckpointException when the file is not a checkpoint of a known format
   * @throws IOException         when it cannot be read
   */
  public static Header readHeader(Path file) throws IOException {
    try (InputStream is = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(is))) {
      return header(file, in);
    }
  }

  /**
   * Rebuilds the network of a checkpoint and loads its weights into {@code manager} (and so on
   * its device).
   *
   * @throws CheckpointException when the file is not a checkpoint or its weights do not fit the
   *     network its header names
   */
  public static Loaded load(Path file, NDManager manager) throws IOException {
    try (InputStream is = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(is))) {
      Header header = header(file, in);
      Block network = header.architecture().newGenerator(header.size(), header.numClasses());
      try {
        network.loadParameters(manager, in);
      } catch (MalformedModelException | EOFException | RuntimeException e) {
        throw new CheckpointException(file, "its weights do not fit a " + header.architecture().id()
            + " " + header.size().id() + " network with " + header.numClasses() + " classes: " + e,
            e);
      }
      if (in.read() != -1) {
        throw new CheckpointException(file, "it has bytes after the weights of its "
            + header.architecture().id() + " " + header.size().id() + " network");
      }
      return new Loaded(header, network);
    }
  }

  /**
   * Loads a checkpoint's weights into an initialised network of the same architecture (e.g. to
   * fine-tune it): every parameter must keep its shape. The caller checks the header's
   * architecture and size first ({@link #readHeader}).
   *
   * @return the header
   * @throws CheckpointException when the weights do not fit {@code network} (the network may
   *     then hold part of them)
   */
  public static Header loadInto(Path file, Block network, NDManager manager) throws IOException {
    if (!network.isInitialized()) {
      throw new IllegalStateException("the network has no weights yet; initialize it first");
    }
    List<Shape> before = new ArrayList<>();
    for (Pair<String, Parameter> p : network.getParameters()) {
      before.add(p.getValue().getArray().getShape());
    }
    try (InputStream is = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(is))) {
      Header header = header(file, in);
      try {
        network.loadParameters(manager, in);
      } catch (MalformedModelException | EOFException | RuntimeException e) {
        throw new CheckpointException(file, "its weights do not fit the network: " + e, e);
      }
      if (in.read() != -1) {
        throw new CheckpointException(file, "it has bytes after the weights of its "
            + header.architecture().id() + " " + header.size().id() + " network");
      }
      int i = 0;
      for (Pair<String, Parameter> p : network.getParameters()) {
        Shape shape = p.getValue().getArray().getShape();
        if (!shape.equals(before.get(i++))) {
          throw new CheckpointException(file, "its parameter " + p.getKey() + " has shape "
              + shape + ", the network's has " + before.get(i - 1));
        }
      }
      return header;
    }
  }

  private static Header header(Path file, DataInputStream in) throws IOException {
    try {
      String magic = in.readUTF();
      if (!MAGIC.equals(magic)) {
        throw new CheckpointException(file, "it does not start with '" + MAGIC + "'");
      }
      int version = in.readInt();
      if (version != FORMAT_VERSION) {
        throw new CheckpointException(file, "its format version is " + version
            + ", this colorize reads " + FORMAT_VERSION);
      }
      Architecture architecture = Architecture.parse(in.readUTF());
      NetworkSize size = NetworkSize.parse(in.readUTF());
      int numClasses = in.readInt();
      int inputSize = in.readInt();
      if (numClasses < 1 || inputSize < 8 || inputSize % 8 != 0) {
        throw new CheckpointException(file, "its header has " + numClasses + " classes and input"
            + " size " + inputSize + " (need 1+ classes and a multiple of 8)");
      }
      return new Header(architecture, size, numClasses, inputSize);
    } catch (EOFException | java.io.UTFDataFormatException e) {
      throw new CheckpointException(file, "its header is truncated or not text", e);
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(file, "its header names " + e.getMessage(), e);
    }
  }
}
