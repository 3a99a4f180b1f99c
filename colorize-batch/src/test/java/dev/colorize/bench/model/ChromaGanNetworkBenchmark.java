package dev.colorize.bench.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.colorize.model.official.chromagan.ChromaGanFile;
import dev.colorize.model.official.chromagan.ChromaGanGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * ChromaGAN's published network (a seeded {@code .h5} in the published layout) in colorize
 * against the same file in Python PyTorch ({@code scripts/models/official/chromagan_reference.py
 * --load FILE --bench N}), same machine, same threads, one after the other in one run: median
 * seconds of N eval passes and of N training steps (train-mode forward and backward of the ab
 * output's mean) on a batch of B images at 224 x 224, and the ratio PyTorch / colorize (above 1:
 * colorize is faster). Then the resident-set growth of loading the file. Run by
 * {@code scripts/bench/run-official-network.sh chromagan}.
 */
public final class ChromaGanNetworkBenchmark {

  private ChromaGanNetworkBenchmark() {}

  public static void main(String[] args) throws Exception {
    int batch = Integer.parseInt(args[0]);
    int passes = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    Path file = Path.of(args[3]);
    String python = args[4];
    Path script = Path.of(args[5]);
    if (!Files.isRegularFile(file)) {
      Files.createDirectories(file.toAbsolutePath().getParent());
      ChromaGanFile.writeSeeded(7, file);
    }
    System.out.printf(Locale.ROOT, "ChromaGAN network, 224 px, %d threads, median of %d"
        + " passes%n", threads, passes);
    OfficialNetworkBenchmark.printHeader("batch");
    double[] java = javaTimes(file, batch, passes);
    double[] torch = OfficialNetworkBenchmark.pythonTimes(python, List.of(script.toString(),
        "--load", file.toString(), "--bench", String.valueOf(passes), "--bench-batch",
        String.valueOf(batch), "--threads", String.valueOf(threads)));
    OfficialNetworkBenchmark.printRatios(String.valueOf(batch), java, torch);
  }

  /** Median inference and training-step seconds in colorize. */
  static double[] javaTimes(Path file, int batch, int passes) throws Exception {
    int size = ChromaGanGenerator.SIZE;
    float[] input = new float[batch * size * size * 3];
    Random random = new Random(1);
    for (int i = 0; i < input.length; i += 3) {
      float l = random.nextFloat();
      input[i] = l;
      input[i + 1] = l;
      input[i + 2] = l;
    }
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      ChromaGanGenerator network = ChromaGanFile.load(file, manager).generator();
      List<Double> infer = new ArrayList<>();
      for (int i = 0; i < passes + 2; i++) {
        try (NDManager pass = manager.newSubManager()) {
          NDArray x = pass.create(input, new Shape(batch, size, size, 3));
          long t = System.nanoTime();
          network.forward(new ParameterStore(pass, false), new ai.djl.ndarray.NDList(x), false)
              .head().toFloatArray();
          if (i >= 2) {
            infer.add((System.nanoTime() - t) / 1e9);
          }
        }
      }
      for (Pair<String, Parameter> p : network.getParameters()) {
        if (p.getValue().requiresGradient()) {
          p.getValue().getArray().setRequiresGradient(true);
        }
      }
      List<Double> train = new ArrayList<>();
      for (int i = 0; i < passes + 2; i++) {
        try (NDManager pass = manager.newSubManager()) {
          NDArray x = pass.create(input, new Shape(batch, size, size, 3));
          long t = System.nanoTime();
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = network.forward(new ParameterStore(pass, false),
                new ai.djl.ndarray.NDList(x), true).head();
            gc.backward(y.mean());
          }
          if (i >= 2) {
            train.add((System.nanoTime() - t) / 1e9);
          }
        }
      }
      return new double[] {OfficialNetworkBenchmark.median(infer),
          OfficialNetworkBenchmark.median(train)};
    }
  }
}
