package dev.colorize.model.official;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Raw little-endian float32 files, the format the PyTorch reference scripts read and write. */
public final class RawFloats {

  private RawFloats() {}

  public static void write(Path file, float[] data) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(data);
    Files.write(file, b.array());
  }

  public static float[] read(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] data = new float[b.remaining() / 4];
    b.asFloatBuffer().get(data);
    return data;
  }
}
