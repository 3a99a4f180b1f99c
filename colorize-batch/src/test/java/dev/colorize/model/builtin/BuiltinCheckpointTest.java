package dev.colorize.model.builtin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltinCheckpointTest {

  @TempDir Path dir;

  private static NDManager manager() {
    return Engine.getEngine("PyTorch").newBaseManager();
  }

  /**
   * Saves a tiny generator whose batch-norm statistics moved away from their initial values (one
   * training-mode forward), so the test also proves the running statistics are saved.
   */
  static Path saveTiny(Path file, int numClasses, int inputSize) throws Exception {
    try (NDManager manager = manager()) {
      ChromaGanNetwork net = new ChromaGanNetwork(NetworkSize.TINY, numClasses);
      Shape in = new Shape(2, 1, inputSize, inputSize);
      net.initialize(manager, DataType.FLOAT32, in);
      net.forward(new ParameterStore(manager, false),
          new NDList(manager.randomUniform(0f, 1f, in)), true);
      BuiltinCheckpoint.save(file, new BuiltinCheckpoint.Header(Architecture.CHROMAGAN,
          NetworkSize.TINY, numClasses, inputSize), net);
    }
    return file;
  }

  private static float[][] run(Block net, NDManager manager, float[] input, int side) {
    NDList out = net.forward(new ParameterStore(manager, false),
        new NDList(manager.create(input, new Shape(2, 1, side, side))), false);
    return new float[][] {out.get(0).toFloatArray(), out.get(1).toFloatArray()};
  }

  @Test
  void saveThenLoadGivesIdenticalOutputs() throws Exception {
    Path file = dir.resolve("tiny.colorize");
    float[] input = new float[2 * 32 * 32];
    for (int i = 0; i < input.length; i++) {
      input[i] = (i * 37 % 101) / 100f;
    }
    float[][] before;
    try (NDManager manager = manager()) {
      ChromaGanNetwork net = new ChromaGanNetwork(NetworkSize.TINY, 7);
      Shape in = new Shape(2, 1, 32, 32);
      net.initialize(manager, DataType.FLOAT32, in);
      net.forward(new ParameterStore(manager, false),
          new NDList(manager.randomUniform(0f, 1f, in)), true);
      before = run(net, manager, input, 32);
      BuiltinCheckpoint.save(file, new BuiltinCheckpoint.Header(Architecture.CHROMAGAN,
          NetworkSize.TINY, 7, 32), net);
    }
    try (NDManager manager = manager()) {
      BuiltinCheckpoint.Loaded loaded = BuiltinCheckpoint.load(file, manager);
      assertEquals(new BuiltinCheckpoint.Header(Architecture.CHROMAGAN, NetworkSize.TINY, 7, 32),
          loaded.header());
      float[][] after = run(loaded.network(), manager, input, 32);
      assertArrayEquals(before[0], after[0]);
      assertArrayEquals(before[1], after[1]);
      assertFalse(Arrays.equals(before[0], new float[before[0].length]), "ab is not all zero");
    }
    assertEquals(BuiltinCheckpoint.readHeader(file), new BuiltinCheckpoint.Header(
        Architecture.CHROMAGAN, NetworkSize.TINY, 7, 32));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file is left behind");
    }
  }

  @Test
  void deoldifyRoundTripsWithItsSpectralWeights() throws Exception {
    Path file = dir.resolve("deoldify.colorize");
    float[] input = new float[2 * 32 * 32];
    for (int i = 0; i < input.length; i++) {
      input[i] = (i * 53 % 89) / 88f;
    }
    float[][] before;
    try (NDManager manager = manager()) {
      DeOldifyNetwork net = new DeOldifyNetwork(NetworkSize.TINY);
      Shape in = new Shape(2, 1, 32, 32);
      net.initialize(manager, DataType.FLOAT32, in);
      net.forward(new ParameterStore(manager, false),
          new NDList(manager.randomUniform(0f, 1f, in)), true);
      before = new float[][] {net.forward(new ParameterStore(manager, false),
          new NDList(manager.create(input, in)), false).head().toFloatArray()};
      BuiltinCheckpoint.save(file, new BuiltinCheckpoint.Header(Architecture.DEOLDIFY,
          NetworkSize.TINY, 1, 32), net);
    }
    try (NDManager manager = manager()) {
      BuiltinCheckpoint.Loaded loaded = BuiltinCheckpoint.load(file, manager);
      assertEquals(Architecture.DEOLDIFY, loaded.header().architecture());
      float[] after = loaded.network().forward(new ParameterStore(manager, false),
          new NDList(manager.create(input, new Shape(2, 1, 32, 32))), false).head()
          .toFloatArray();
      assertArrayEquals(before[0], after);
    }
  }

  @Test
  void instColorRoundTripsBothBranches() throws Exception {
    Path file = dir.resolve("instcolor.colorize");
    Shape full = new Shape(1, 1, 32, 32);
    Shape crops = new Shape(1, 1, 32, 32);
    float[] l = new float[32 * 32];
    for (int i = 0; i < l.length; i++) {
      l[i] = (i * 29 % 83) / 82f;
    }
    float[] box = {4, 4, 20, 28};
    float[] before;
    try (NDManager manager = manager()) {
      InstColorNetwork net = new InstColorNetwork(NetworkSize.TINY);
      net.initialize(manager, DataType.FLOAT32, full, crops, new Shape(1, 4));
      before = net.forward(new ParameterStore(manager, false), new NDList(manager.create(l, full),
          manager.create(l, crops), manager.create(box, new Shape(1, 4))), false).get(0)
          .toFloatArray();
      BuiltinCheckpoint.save(file, new BuiltinCheckpoint.Header(Architecture.INSTCOLOR,
          NetworkSize.TINY, 1, 32), net);
    }
    try (NDManager manager = manager()) {
      Block net = BuiltinCheckpoint.load(file, manager).network();
      float[] after = net.forward(new ParameterStore(manager, false), new NDList(
          manager.create(l, full), manager.create(l, crops), manager.create(box, new Shape(1, 4))),
          false).get(0).toFloatArray();
      assertArrayEquals(before, after);
    }
  }

  @Test
  void foreignTruncatedAndMismatchedFilesAreNamedErrors() throws Exception {
    Path foreign = Files.writeString(dir.resolve("foreign.params"), "PK not a checkpoint at all");
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> BuiltinCheckpoint.readHeader(foreign));
    assertEquals(foreign, e.file());

    Path good = saveTiny(dir.resolve("good.colorize"), 5, 32);
    byte[] bytes = Files.readAllBytes(good);
    Path truncated = Files.write(dir.resolve("truncated.colorize"),
        Arrays.copyOf(bytes, bytes.length / 2));
    try (NDManager manager = manager()) {
      e = assertThrows(CheckpointException.class, () -> BuiltinCheckpoint.load(truncated, manager));
      assertTrue(e.getMessage().contains("do not fit a chromagan tiny"), e.getMessage());
    }

    // A header claiming "small" over tiny weights: the shapes cannot fit.
    Path relabelled = dir.resolve("relabelled.colorize");
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(relabelled))) {
      out.writeUTF(BuiltinCheckpoint.MAGIC);
      out.writeInt(BuiltinCheckpoint.FORMAT_VERSION);
      out.writeUTF("chromagan");
      out.writeUTF("small");
      out.writeInt(5);
      out.writeInt(32);
      int header = 2 + BuiltinCheckpoint.MAGIC.length() + 4 + 2 + 9 + 2 + 4 + 4 + 4;
      out.write(bytes, header, bytes.length - header);
    }
    try (NDManager manager = manager()) {
      e = assertThrows(CheckpointException.class,
          () -> BuiltinCheckpoint.load(relabelled, manager));
      assertTrue(e.getMessage().contains("chromagan small"), e.getMessage());
    }

    Path future = dir.resolve("future.colorize");
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(future))) {
      out.writeUTF(BuiltinCheckpoint.MAGIC);
      out.writeInt(99);
    }
    e = assertThrows(CheckpointException.class, () -> BuiltinCheckpoint.readHeader(future));
    assertTrue(e.getMessage().contains("format version is 99"), e.getMessage());
  }
}
