package dev.colorize.train;

import static dev.colorize.model.cpu.ConvolutionCheck.PADDED;
import static dev.colorize.model.cpu.ConvolutionCheck.PLAIN;
import static dev.colorize.model.cpu.ConvolutionCheck.check;
import static dev.colorize.model.cpu.ConvolutionCheck.error;
import static dev.colorize.model.cpu.ConvolutionCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.colorize.model.builtin.ChromaGanNetwork;
import dev.colorize.model.builtin.DeOldifyNetwork;
import dev.colorize.model.builtin.InstColorNetwork;
import dev.colorize.model.builtin.NetworkSize;
import dev.colorize.model.builtin.PaddedConv2d;
import dev.colorize.model.builtin.PatchGanDiscriminator;
import dev.colorize.model.builtin.SpectralConv2d;
import dev.colorize.model.cpu.ConvolutionCheck.Errors;
import dev.colorize.model.cpu.ConvolutionReference;
import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * PyTorch's convolutions against {@link ConvolutionReference} (double precision), run in a JVM started
 * by {@link TrainingProcess} with the oneDNN instruction set under test
 * ({@link BuiltinConvolutionTest}): which plain convolutions oneDNN gets right, that every
 * convolution shape of the built-in networks is right through {@link PaddedConv2d}, and that the
 * gradients of a tiny network of each family (and of the PatchGAN critic) match finite
 * differences. Assertion failures end the child with a non-zero status.
 */
final class ConvolutionScenarios {
  /** Input side of the shape checks (stride 2 halves it). */
  static final int SIDE = 8;

  private ConvolutionScenarios() {}

  static void run(String name, int threads) throws Exception {
    TrainingLoop.configureThreads(threads);
    Engine.getEngine("PyTorch").setRandomSeed(11);
    switch (name) {
      case "plainConvolutionsAreRightForBlockedChannelCounts" ->
          plainConvolutionsAreRightForBlockedChannelCounts();
      case "everyBuiltinConvolutionIsRight" -> everyBuiltinConvolutionIsRight();
      case "builtinGradientsMatchFiniteDifferences" -> builtinGradientsMatchFiniteDifferences();
      default -> throw new IllegalArgumentException("no convolution scenario " + name);
    }
  }

  /** A convolution's channels, kernel, stride and padding. */
  record ConvShape(int in, int out, int kernel, int stride, int pad)
      implements Comparable<ConvShape> {
    @Override
    public int compareTo(ConvShape o) {
      return toString().compareTo(o.toString());
    }

    ConvolutionReference at(int batch) {
      return new ConvolutionReference(batch, in, out, kernel, stride, pad, SIDE);
    }
  }


  /**
   * Plain {@code Conv2d.conv2d} over input channels 1..64, output channels 1..24, kernels 1, 3, 4,
   * strides 1, 2, batches 1 and 4: every shape whose channel counts {@link PaddedConv2d} leaves
   * as they are (inputs up to 8 or a multiple of 8, outputs a multiple of 8) is right, which is
   * what the workaround relies on; every shape is right through {@link PaddedConv2d#convolve}. The
   * wrong plain shapes are printed (F forward, W weight, X input, B bias gradient).
   */
  static void plainConvolutionsAreRightForBlockedChannelCounts() {
    List<String> failures = new ArrayList<>();
    Map<String, String> wrongPlain = new LinkedHashMap<>();
    for (int batch : new int[] {1, 4}) {
      for (int kernel : new int[] {1, 3, 4}) {
        for (int stride : new int[] {1, 2}) {
          for (int in : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 12, 16, 24, 33, 64}) {
            for (int out : new int[] {1, 2, 3, 4, 8, 12, 16, 24}) {
              ConvolutionReference ref = new ConvShape(in, out, kernel, stride, kernel == 1 ? 0 : 1)
                  .at(batch);
              Errors[] errors = check(ref, PLAIN, PADDED);
              boolean blocked = PaddedConv2d.paddedInputs(in) == in
                  && PaddedConv2d.paddedOutputs(out) == out;
              if (!errors[0].right()) {
                wrongPlain.put(ref.toString(), errors[0].flags());
                if (blocked) {
                  failures.add("plain " + ref + ": " + errors[0]);
                }
              }
              if (!errors[1].right()) {
                failures.add("padded " + ref + ": " + errors[1]);
              }
            }
          }
        }
      }
    }
    System.out.println("plain convolutions wrong here (" + wrongPlain.size() + "):");
    wrongPlain.forEach((shape, flags) -> System.out.println("  " + flags + " " + shape));
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  /**
   * Every convolution shape of the three generator families and the PatchGAN critic, tiny, small
   * and full, at batch 1 and 4: right through {@link PaddedConv2d#convolve}, which every
   * convolution block of those networks calls (checked by walking the blocks). Plain oneDNN
   * results are printed for comparison.
   */
  static void everyBuiltinConvolutionIsRight() {
    TreeSet<ConvShape> shapes = new TreeSet<>();
    for (NetworkSize size : NetworkSize.values()) {
      shapes.addAll(shapesOf(new ChromaGanNetwork(size, 150), new Shape(1, 1, 32, 32)));
      shapes.addAll(shapesOf(new DeOldifyNetwork(size), new Shape(1, 1, 32, 32)));
      shapes.addAll(shapesOf(new InstColorNetwork(size), new Shape(1, 1, 32, 32)));
      shapes.addAll(shapesOf(new PatchGanDiscriminator(size), new Shape(1, 1, 32, 32)));
    }
    List<String> failures = new ArrayList<>();
    for (ConvShape shape : shapes) {
      for (int batch : new int[] {1, 4}) {
        ConvolutionReference ref = shape.at(batch);
        Errors[] errors = check(ref, PADDED, PLAIN);
        System.out.println((errors[0].right() ? "right " : "WRONG ") + ref + ": " + errors[0]
            + "; plain: " + errors[1]);
        if (!errors[0].right()) {
          failures.add(ref + ": " + errors[0]);
        }
      }
    }
    System.out.println(shapes.size() + " shapes");
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  /** The distinct convolution shapes of a network; fails on a convolution not padded. */
  static List<ConvShape> shapesOf(AbstractBlock network, Shape input) {
    List<ConvShape> shapes = new ArrayList<>();
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      network.initialize(manager, DataType.FLOAT32, input);
      collect(network, shapes);
    }
    assertTrue(!shapes.isEmpty(), network.getClass().getSimpleName() + " has no convolution");
    return shapes;
  }

  private static void collect(Block block, List<ConvShape> shapes) {
    if (block instanceof Convolution conv) {
      assertInstanceOf(PaddedConv2d.class, conv, "a convolution not computed padded");
      Shape w = conv.getParameters().get("weight").getArray().getShape();
      assertEquals(conv.getStride().get(0), conv.getStride().get(1));
      assertEquals(conv.getPadding().get(0), conv.getPadding().get(1));
      shapes.add(new ConvShape((int) w.get(1), (int) w.get(0), (int) w.get(2),
          (int) conv.getStride().get(0), (int) conv.getPadding().get(0)));
    } else if (block instanceof SpectralConv2d conv) {
      Shape w = conv.getParameters().get("weight").getArray().getShape();
      shapes.add(new ConvShape((int) w.get(1), conv.filters(), conv.kernel(), 1,
          conv.padding()));
    }
    for (Pair<String, Block> child : block.getChildren()) {
      collect(child.getValue(), shapes);
    }
  }


  // ---- finite differences ----

  /** Relative disagreement allowed between float autograd and double finite differences. */
  static final double FD_TOLERANCE = 1e-2;
  /** Finite-difference step, relative to the root mean square of the parameter tensor. */
  static final double FD_STEP = 1e-6;
  /**
   * InstColor's step and tolerance: its crop resize ({@code NDImageUtils.resize}) computes in
   * float even for double arrays, so its difference quotients carry float rounding.
   */
  static final double INSTCOLOR_FD_STEP = 1e-4;
  static final double INSTCOLOR_FD_TOLERANCE = 5e-2;
  /** Relative disagreement allowed between float and double autograd (spectral weights). */
  static final double TWIN_TOLERANCE = 1e-3;

  /**
   * For every trained parameter tensor of a tiny ChromaGAN, DeOldify and InstColor (with two
   * instances) generator and a tiny PatchGAN critic, in training mode: the derivative of
   * {@code sum(outputs * g)} along a random direction, by PyTorch's autograd in float (the
   * computation under test), matches the central finite difference in that direction computed
   * on a copy of the network in double (PyTorch's double convolutions do not use oneDNN) within
   * {@value #FD_TOLERANCE} relative, or both are below a thousandth of the network's largest
   * directional derivative. Double precision lets the step be small enough that ReLU kinks,
   * max-pools and batch norms do not blur the difference quotient. InstColor gets a larger step
   * and {@value #INSTCOLOR_FD_TOLERANCE}: its crop resize computes in float even on doubles.
   * Spectrally normalised weights are compared with the double copy's autograd instead.
   */
  static void builtinGradientsMatchFiniteDifferences() {
    List<String> failures = new ArrayList<>();
    failures.addAll(gradientCheck("chromagan", () -> new ChromaGanNetwork(NetworkSize.TINY, 3),
        m -> new NDList(m.randomUniform(0f, 1f, new Shape(4, 1, 16, 16))), FD_STEP,
        FD_TOLERANCE));
    failures.addAll(gradientCheck("deoldify", () -> new DeOldifyNetwork(NetworkSize.TINY),
        m -> new NDList(m.randomUniform(0f, 1f, new Shape(4, 1, 16, 16))), FD_STEP,
        FD_TOLERANCE));
    failures.addAll(gradientCheck("instcolor", () -> new InstColorNetwork(NetworkSize.TINY),
        m -> new NDList(m.randomUniform(0f, 1f, new Shape(1, 1, 16, 16)),
            m.randomUniform(0f, 1f, new Shape(2, 1, 16, 16)),
            m.create(new float[] {0, 0, 8, 8, 4, 6, 16, 14}, new Shape(2, 4))),
        INSTCOLOR_FD_STEP, INSTCOLOR_FD_TOLERANCE));
    failures.addAll(gradientCheck("patchgan", () -> new PatchGanDiscriminator(NetworkSize.TINY),
        m -> new NDList(m.randomUniform(-1f, 1f, new Shape(4, 3, 32, 32))), FD_STEP,
        FD_TOLERANCE));
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  interface Inputs {
    NDList make(NDManager manager);
  }

  private static List<String> gradientCheck(String name, Supplier<AbstractBlock> factory,
      Inputs inputs, double step, double tolerance) {
    List<String> failures = new ArrayList<>();
    Engine engine = Engine.getEngine("PyTorch");
    try (NDManager manager = engine.newBaseManager()) {
      NDList x = inputs.make(manager);
      AbstractBlock network = factory.get();
      network.initialize(manager, DataType.FLOAT32, x.getShapes());
      NDList x64 = new NDList();
      for (NDArray a : x) {
        x64.add(a.toType(DataType.FLOAT64, true));
      }
      AbstractBlock twin = factory.get();
      twin.initialize(manager, DataType.FLOAT64, x64.getShapes());
      List<Parameter> spectral = new ArrayList<>();
      spectralWeights(network, spectral);
      List<Parameter> trained = new ArrayList<>();
      List<Parameter> twins = new ArrayList<>();
      var params = network.getParameters();
      var twinParams = twin.getParameters();
      for (int i = 0; i < params.size(); i++) {
        Parameter p = params.get(i).getValue();
        Parameter q = twinParams.get(i).getValue();
        assertEquals(p.getArray().getShape(), q.getArray().getShape(), p.getName());
        q.getArray().set(DoubleBuffer.wrap(toDouble(p.getArray().toFloatArray())));
        if (p.requiresGradient()) {
          trained.add(p);
          twins.add(q);
        }
      }
      ParameterStore store = new ParameterStore(manager, false);
      // Output weights g, drawn once the output shapes are known.
      List<float[]> g = new ArrayList<>();
      Random random = new Random(name.hashCode());
      try (NDManager scratch = manager.newSubManager();
          GradientCollector collector = engine.newGradientCollector()) {
        NDList out = network.forward(store, copy(x, scratch), true);
        NDArray loss = null;
        for (NDArray y : out) {
          float[] weights = uniform(random, (int) y.size(), 1);
          g.add(weights);
          NDArray term = y.mul(scratch.create(weights, y.getShape())).sum();
          loss = loss == null ? term : loss.add(term);
        }
        collector.backward(loss);
      }
      try (NDManager scratch = manager.newSubManager();
          GradientCollector collector = engine.newGradientCollector()) {
        NDList out = twin.forward(store, copy(x64, scratch), true);
        NDArray loss = null;
        for (int o = 0; o < out.size(); o++) {
          NDArray y = out.get(o);
          NDArray term = y.mul(scratch.create(toDouble(g.get(o)), y.getShape())).sum();
          loss = loss == null ? term : loss.add(term);
        }
        collector.backward(loss);
      }
      double[] analytic = new double[trained.size()];
      double[] analytic64 = new double[trained.size()];
      List<double[]> directions = new ArrayList<>();
      for (int i = 0; i < trained.size(); i++) {
        NDArray array = trained.get(i).getArray();
        double[] grad64 = twins.get(i).getArray().getGradient().toType(DataType.FLOAT64, false)
            .toDoubleArray();
        float[] grad = array.getGradient().toFloatArray();
        float[] theta = array.toFloatArray();
        double rms = 0;
        for (float v : theta) {
          rms += (double) v * v;
        }
        rms = Math.max(Math.sqrt(rms / theta.length), 1e-2);
        double[] d = new double[theta.length];
        for (int k = 0; k < d.length; k++) {
          d[k] = random.nextGaussian() * rms;
          analytic[i] += grad[k] * d[k];
          analytic64[i] += grad64[k] * d[k];
        }
        directions.add(d);
      }
      double largest = 0;
      for (double a : analytic) {
        largest = Math.max(largest, Math.abs(a));
      }
      for (int i = 0; i < trained.size(); i++) {
        Parameter p = twins.get(i);
        double[] theta = p.getArray().toDoubleArray();
        double plus = lossAt(twin, store, x64, g, p, theta, directions.get(i), step);
        double minus = lossAt(twin, store, x64, g, p, theta, directions.get(i), -step);
        p.getArray().set(DoubleBuffer.wrap(theta));
        double numeric = (plus - minus) / (2 * step);
        double a = analytic[i];
        double larger = Math.max(Math.abs(a), Math.abs(numeric));
        boolean ok = Math.abs(a - numeric) <= tolerance * larger || larger < 1e-3 * largest;
        if (spectral.contains(trained.get(i))) {
          // The gradient treats the power iteration's vectors as constants (as PyTorch's
          // spectral_norm does), so it is not the derivative of the forward pass: compare with
          // the same gradient computed in double, without oneDNN.
          double twinLarger = Math.max(Math.abs(a), Math.abs(analytic64[i]));
          ok = Math.abs(a - analytic64[i]) <= TWIN_TOLERANCE * twinLarger
              || twinLarger < 1e-3 * largest;
        }
        String line = String.format(
            "%s %s %s%s: autograd %.6g, double autograd %.6g, finite difference %.6g",
            ok ? "ok   " : "WRONG", name, p.getName(), p.getArray().getShape(), a, analytic64[i],
            numeric);
        System.out.println(line);
        if (!ok) {
          failures.add(line);
        }
      }
    }
    return failures;
  }

  private static void spectralWeights(Block block, List<Parameter> weights) {
    if (block instanceof SpectralConv2d) {
      weights.add(block.getParameters().get("weight"));
    }
    for (Pair<String, Block> child : block.getChildren()) {
      spectralWeights(child.getValue(), weights);
    }
  }

  /** sum(outputs * g) with the parameter moved by {@code step * direction}. */
  private static double lossAt(Block network, ParameterStore store, NDList x, List<float[]> g,
      Parameter p, double[] theta, double[] direction, double step) {
    double[] moved = new double[theta.length];
    for (int k = 0; k < moved.length; k++) {
      moved[k] = theta[k] + step * direction[k];
    }
    p.getArray().set(DoubleBuffer.wrap(moved));
    try (NDManager scratch = x.head().getManager().newSubManager()) {
      NDList out = network.forward(store, copy(x, scratch), true);
      double loss = 0;
      for (int o = 0; o < out.size(); o++) {
        double[] y = out.get(o).toDoubleArray();
        float[] weights = g.get(o);
        for (int k = 0; k < y.length; k++) {
          loss += y[k] * weights[k];
        }
      }
      return loss;
    }
  }

  /** The inputs as arrays of {@code scratch}, so a forward pass's temporaries go with it. */
  private static NDList copy(NDList x, NDManager scratch) {
    NDList copies = new NDList(x.size());
    for (NDArray a : x) {
      NDArray c = a.duplicate();
      c.attach(scratch);
      copies.add(c);
    }
    return copies;
  }

  private static double[] toDouble(float[] values) {
    double[] result = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = values[i];
    }
    return result;
  }
}
