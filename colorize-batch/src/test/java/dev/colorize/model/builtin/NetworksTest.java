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
}
