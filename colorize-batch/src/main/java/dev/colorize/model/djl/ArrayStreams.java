package dev.colorize.model.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Float32 arrays to and from data streams in chunks of rows: a rank, the dimensions as longs,
 * then the values big-endian in row-major order. Only one chunk (at most {@link #CHUNK_BYTES}) is
 * ever on the Java heap, so a 400 MB tensor (ChromaGAN's class head) is checkpointed with a
 * small heap; DJL's own {@code NDArray.encode} holds two or three copies of the whole tensor.
 */
public final class ArrayStreams {

  /** Bytes of one chunk. */
  static final int CHUNK_BYTES = 4 << 20;

  private ArrayStreams() {}

  /** Writes the shape and values of a float32 array. */
  public static void write(DataOutputStream out, NDArray array) throws IOException {
    long[] shape = array.getShape().getShape();
    out.writeInt(shape.length);
    for (long d : shape) {
      out.writeLong(d);
    }
    long rows = shape.length == 0 ? 1 : shape[0];
    long perRow = rows == 0 ? 0 : array.size() / rows;
    long chunk = Math.max(1, (CHUNK_BYTES / 4) / Math.max(1, perRow));
    byte[] bytes = new byte[(int) Math.min(array.size(), chunk * perRow) * 4];
    for (long r = 0; r < rows; r += chunk) {
      long end = Math.min(rows, r + chunk);
      float[] values;
      if (shape.length == 0 || (r == 0 && end == rows)) {
        values = array.toFloatArray();
      } else {
        try (NDArray part = array.get(new NDIndex("{}:{}", r, end))) {
          values = part.toFloatArray();
        }
      }
      ByteBuffer.wrap(bytes, 0, values.length * 4).order(ByteOrder.BIG_ENDIAN).asFloatBuffer()
          .put(values);
      out.write(bytes, 0, values.length * 4);
    }
  }

  /**
   * Reads what {@link #write} wrote into {@code target} in place (same shape), chunk by chunk.
   *
   * @param what names the array in the error when the shapes differ
   * @throws IOException when the stream ends early or the shape differs
   */
  public static void readInto(DataInputStream in, NDArray target, String what)
      throws IOException {
    int rank = in.readInt();
    long[] shape = new long[rank];
    for (int d = 0; d < rank; d++) {
      shape[d] = in.readLong();
    }
    if (!new Shape(shape).equals(target.getShape())) {
      throw new IOException(what + " has shape " + new Shape(shape) + " in the stream, "
          + target.getShape() + " in the network");
    }
    long rows = rank == 0 ? 1 : shape[0];
    long perRow = rows == 0 ? 0 : target.size() / rows;
    long chunk = Math.max(1, (CHUNK_BYTES / 4) / Math.max(1, perRow));
    byte[] bytes = new byte[(int) Math.min(target.size(), chunk * perRow) * 4];
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).order(ByteOrder.nativeOrder());
    NDManager manager = target.getManager();
    for (long r = 0; r < rows; r += chunk) {
      long end = Math.min(rows, r + chunk);
      int count = (int) ((end - r) * perRow);
      in.readFully(bytes, 0, count * 4);
      FloatBuffer floats = ByteBuffer.wrap(bytes, 0, count * 4).order(ByteOrder.BIG_ENDIAN)
          .asFloatBuffer();
      direct.clear();
      direct.asFloatBuffer().put(floats);
      direct.limit(count * 4);
      if (rank == 0) {
        target.set(new float[] {floats.get(0)});
        return;
      }
      long[] partShape = shape.clone();
      partShape[0] = end - r;
      try (NDManager scratch = manager.newSubManager();
          NDArray part = scratch.create(direct, new Shape(partShape), DataType.FLOAT32)) {
        target.set(new NDIndex("{}:{}", r, end), part);
      }
    }
  }
}
