package dev.colorize.model.builtin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NetworksTest {

  private static NDManager manager() {
    return Engine.getEngine("PyTorch").newBaseManager();
  }

  private static long allocated(ai.djl.nn.Block block) {
    long n = 0;
    for (Pair<String, Parameter> p : block.getParameters()) {
      n += p.getValue().getArray().size();
    }
    return n;
  }

  @ParameterizedTest
  @EnumSource(value = NetworkSize.class, names = {"TINY", "SMALL"})
  void generatorShapesAndCountedParametersMatchDjl(NetworkSize size) {
    try (NDManager manager = manager()) {
      ChromaGanNetwork net = new ChromaGanNetwork(size, 150);
      Shape in = new Shape(2, 1, 32, 32);
      net.initialize(manager, DataType.FLOAT32, in);
      NDArray l = manager.randomUniform(0f, 1f, in);
      NDList out = net.forward(new ParameterStore(manager, false), new NDList(l), false);
      assertEquals(new Shape(2, 2, 32, 32), out.get(0).getShape());
      assertEquals(new Shape(2, 150), out.get(1).getShape());
      assertArrayEquals(new Shape[] {out.get(0).getShape(), out.get(1).getShape()},
          net.getOutputShapes(new Shape[] {in}));
      float max = out.get(0).abs().max().getFloat();
      assertTrue(max <= 1f, "tanh output bounded, got " + max);
      assertEquals(allocated(net), net.parameterCount());
    }
  }

  @Test
  void generatorIsFullyConvolutionalOverMultiplesOfEight() {
    try (NDManager manager = manager()) {
      ChromaGanNetwork net = new ChromaGanNetwork(NetworkSize.TINY, 5);
      net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 32, 32));
      NDList out = net.forward(new ParameterStore(manager, false),
          new NDList(manager.zeros(new Shape(3, 1, 48, 24))), false);
      assertEquals(new Shape(3, 2, 48, 24), out.get(0).getShape());
      assertEquals(new Shape(3, 5), out.get(1).getShape());
    }
  }

  @Test
  void generatorRejectsInputsThatAreNotMultiplesOfEight() {
    try (NDManager manager = manager()) {
      ChromaGanNetwork net = new ChromaGanNetwork(NetworkSize.TINY, 5);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 30, 30)));
      assertTrue(e.getMessage().contains("(1, 1, 30, 30)"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> new ChromaGanNetwork(NetworkSize.TINY, 0));
  }

  @ParameterizedTest
  @EnumSource(value = NetworkSize.class, names = {"TINY", "SMALL"})
  void discriminatorGivesAPatchMap(NetworkSize size) {
    try (NDManager manager = manager()) {
      PatchGanDiscriminator critic = new PatchGanDiscriminator(size);
      Shape l = new Shape(2, 1, 64, 64);
      Shape ab = new Shape(2, 2, 64, 64);
      critic.initialize(manager, DataType.FLOAT32, l, ab);
      NDList out = critic.forward(new ParameterStore(manager, false),
          new NDList(manager.randomUniform(0f, 1f, l), manager.randomUniform(-1f, 1f, ab)), false);
      assertEquals(new Shape(2, 1, 6, 6), out.head().getShape());
      assertEquals(out.head().getShape(), critic.getOutputShapes(new Shape[] {l, ab})[0]);
      assertEquals(allocated(critic), critic.parameterCount());
    }
  }

  @Test
  void parameterCountsGrowWithSizeWithoutAllocatingFullWeights() {
    long tiny = new ChromaGanNetwork(NetworkSize.TINY, 150).parameterCount();
    long small = new ChromaGanNetwork(NetworkSize.SMALL, 150).parameterCount();
    long full = new ChromaGanNetwork(NetworkSize.FULL, 150).parameterCount();
    assertTrue(tiny < small && small < full, tiny + " < " + small + " < " + full);
    assertTrue(tiny < 100_000, "tiny trains in seconds: " + tiny);
    assertTrue(full > 10_000_000, "full has VGG widths: " + full);
    long dTiny = new PatchGanDiscriminator(NetworkSize.TINY).parameterCount();
    long dSmall = new PatchGanDiscriminator(NetworkSize.SMALL).parameterCount();
    long dFull = new PatchGanDiscriminator(NetworkSize.FULL).parameterCount();
    assertTrue(dTiny < dSmall && dSmall < dFull, dTiny + " < " + dSmall + " < " + dFull);
  }

  @Test
  void sizeParsesIdsAndNamesBadOnes() {
    assertEquals(NetworkSize.SMALL, NetworkSize.parse(" Small "));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NetworkSize.parse("huge"));
    assertTrue(e.getMessage().contains("'huge'"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(value = NetworkSize.class, names = {"TINY", "SMALL"})
  void deoldifyShapesAndCountedParametersMatchDjl(NetworkSize size) {
    try (NDManager manager = manager()) {
      DeOldifyNetwork net = new DeOldifyNetwork(size);
      Shape in = new Shape(2, 1, 32, 32);
      net.initialize(manager, DataType.FLOAT32, in);
      NDList out = net.forward(new ParameterStore(manager, false),
          new NDList(manager.randomUniform(0f, 1f, in)), false);
      assertEquals(1, out.size());
      assertEquals(new Shape(2, 2, 32, 32), out.head().getShape());
      assertTrue(out.head().abs().max().getFloat() <= 1f);
      assertEquals(allocated(net), net.parameterCount());
      NDList other = net.forward(new ParameterStore(manager, false),
          new NDList(manager.zeros(new Shape(1, 1, 16, 40))), false);
      assertEquals(new Shape(1, 2, 16, 40), other.head().getShape());
    }
    long tiny = new DeOldifyNetwork(NetworkSize.TINY).parameterCount();
    long small = new DeOldifyNetwork(NetworkSize.SMALL).parameterCount();
    long full = new DeOldifyNetwork(NetworkSize.FULL).parameterCount();
    assertTrue(tiny < small && small < full, tiny + " < " + small + " < " + full);
  }

  @Test
  void spectralNormalisationScalesTheKernelToUnitLargestSingularValue() {
    try (NDManager manager = manager()) {
      manager.getEngine().setRandomSeed(7);
      NDArray w = manager.randomNormal(0f, 3f, new Shape(6, 4, 3, 3), DataType.FLOAT32);
      float[] m = SpectralConv2d.normalised(w).toFloatArray();
      int rows = 6;
      int cols = 36;
      // Largest singular value of the normalised 6 x 36 matrix by long power iteration.
      double[] v = new double[cols];
      java.util.Arrays.fill(v, 1.0);
      double sigma = 0;
      for (int it = 0; it < 500; it++) {
        double[] u = new double[rows];
        for (int r = 0; r < rows; r++) {
          for (int c = 0; c < cols; c++) {
            u[r] += m[r * cols + c] * v[c];
          }
        }
        double[] next = new double[cols];
        for (int c = 0; c < cols; c++) {
          for (int r = 0; r < rows; r++) {
            next[c] += m[r * cols + c] * u[r];
          }
        }
        double norm = 0;
        for (double x : next) {
          norm += x * x;
        }
        norm = Math.sqrt(norm);
        sigma = Math.sqrt(norm);
        for (int c = 0; c < cols; c++) {
          v[c] = next[c] / norm;
        }
      }
      assertTrue(sigma > 0.999 && sigma < 1.05, "largest singular value " + sigma);
      float rawMax = w.abs().max().getFloat();
      assertTrue(rawMax > 2f, "the raw kernel was far from normalised: " + rawMax);
    }
  }

  @Test
  void selfAttentionKeepsShapeAndStartsAsIdentity() {
    try (NDManager manager = manager()) {
      SelfAttention attention = new SelfAttention(16);
      Shape in = new Shape(2, 16, 4, 6);
      attention.initialize(manager, DataType.FLOAT32, in);
      NDArray x = manager.randomUniform(-1f, 1f, in);
      NDArray y = attention.forward(new ParameterStore(manager, false), new NDList(x), false)
          .head();
      assertEquals(in, y.getShape());
      assertArrayEquals(x.toFloatArray(), y.toFloatArray(), 0f);
      assertEquals(allocated(attention), SelfAttention.parameterCount(16));
      // With gamma = 1 the attended values change the output.
      attention.getParameters().get("gamma").getArray().set(new float[] {1f});
      NDArray z = attention.forward(new ParameterStore(manager, false), new NDList(x), false)
          .head();
      assertTrue(x.sub(z).abs().max().getFloat() > 1e-4f);
    }
  }

  @ParameterizedTest
  @EnumSource(value = NetworkSize.class, names = {"TINY", "SMALL"})
  void instColorFusesInstancesInsideTheirBoxes(NetworkSize size) {
    try (NDManager manager = manager()) {
      InstColorNetwork net = new InstColorNetwork(size);
      Shape full = new Shape(1, 1, 32, 32);
      Shape crops = new Shape(2, 1, 16, 16);
      net.initialize(manager, DataType.FLOAT32, full, crops, new Shape(2, 4));
      assertEquals(allocated(net), net.parameterCount());
      NDArray l = manager.randomUniform(0f, 1f, full);
      NDArray c = manager.randomUniform(0f, 1f, crops);
      NDArray boxes = manager.create(new float[] {2, 3, 14, 20, 16, 16, 32, 32}, new Shape(2, 4));
      NDList with = net.forward(new ParameterStore(manager, false), new NDList(l, c, boxes),
          false);
      assertEquals(new Shape(1, 2, 32, 32), with.get(0).getShape());
      assertEquals(new Shape(2, 2, 16, 16), with.get(1).getShape());
      NDList without = net.forward(new ParameterStore(manager, false), new NDList(l), false);
      assertEquals(1, without.size());
      assertEquals(new Shape(1, 2, 32, 32), without.head().getShape());
      float change = with.get(0).sub(without.head()).abs().max().getFloat();
      assertTrue(change > 1e-5f, "instances change the colorization: " + change);
      assertTrue(with.get(0).abs().max().getFloat() <= 1f);
    }
    long tiny = new InstColorNetwork(NetworkSize.TINY).parameterCount();
    long small = new InstColorNetwork(NetworkSize.SMALL).parameterCount();
    long full = new InstColorNetwork(NetworkSize.FULL).parameterCount();
    assertTrue(tiny < small && small < full, tiny + " < " + small + " < " + full);
  }
}
