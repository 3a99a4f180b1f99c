package dev.colorize.bench.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.colorize.image.Box;
import dev.colorize.model.convention.Tensor;
import dev.colorize.model.official.instcolor.InstColorBoxes;
import dev.colorize.model.official.instcolor.InstColorFolder;
import dev.colorize.model.official.instcolor.InstColorNetworks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * InstColor's three published networks (seeded, in the published folder layout) in colorize
 * against the same folder in Python PyTorch ({@code scripts/models/official/instcolor_reference.py
 * --load DIR --bench N}), same machine, same threads, one after the other in one run: median
 * seconds of N eval passes of the whole pipeline (G on the crops, then GF fusing them; GComp when
 * there are no instances) and of N training steps (train-mode forward and backward of the output
 * mean through G and GF), and the ratio PyTorch / colorize (above 1: colorize is faster). The
 * boxes are the script's {@code bench_boxes}. Run by {@code scripts/bench/run-official-network.sh
 * instcolor}.
 */
public final class InstColorNetworkBenchmark {

  private InstColorNetworkBenchmark() {}

  public static void main(String[] args) throws Exception {
    int size = Integer.parseInt(args[0]);
    int instances = Integer.parseInt(args[1]);
    int passes = Integer.parseInt(args[2]);
    int threads = Integer.parseInt(args[3]);
    Path folder = Path.of(args[4]);
    String python = args[5];
    Path script = Path.of(args[6]);
    if (!Files.isDirectory(folder)) {
      InstColorFolder.writeSeeded(7, folder);
    }
    System.out.printf(Locale.ROOT, "InstColor networks, %d px, %d instances, %d threads, median"
        + " of %d passes%n", size, instances, threads, passes);
    OfficialNetworkBenchmark.printHeader("boxes");
    double[] java = javaTimes(folder, size, instances, passes);
    double[] torch = OfficialNetworkBenchmark.pythonTimes(python, List.of(script.toString(),
        "--load", folder.toString(), "--size", String.valueOf(size), "--bench",
        String.valueOf(passes), "--bench-instances", String.valueOf(instances), "--threads",
        String.valueOf(threads)));
    OfficialNetworkBenchmark.printRatios(String.valueOf(instances), java, torch);
  }

  /** The boxes of the script's {@code bench_boxes(k, size)}. */
  static List<Box> benchBoxes(int k, int size) {
    List<Box> boxes = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      int x1 = (i * size / 5) % (size / 2);
      int y1 = (i * size / 7) % (size / 2);
      boxes.add(Box.fromCorners(x1, y1, x1 + size / 2, y1 + size / 3));
    }
    return boxes;
  }

  /** Median inference and training-step seconds in colorize. */
  static double[] javaTimes(Path folder, int size, int k, int passes) throws Exception {
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      InstColorNetworks networks = InstColorFolder.load(folder, manager).networks();
      // normalised L, (L - 50) / 100; the values do not change the time
      float[] full = lightness(size * size, 1);
      float[] crops = lightness(Math.max(k, 1) * size * size, 2);
      Tensor boxInfo = InstColorBoxes.tensor(benchBoxes(k, size), size, size, size);
      List<Double> infer = new ArrayList<>();
      for (int i = 0; i < passes + 2; i++) {
        try (NDManager pass = manager.newSubManager()) {
          NDList in = inputs(pass, full, crops, boxInfo, size, k);
          long t = System.nanoTime();
          networks.forward(new ParameterStore(pass, false), in, false).head().toFloatArray();
          if (i >= 2) {
            infer.add((System.nanoTime() - t) / 1e9);
          }
        }
      }
      // as the script: G and GF are trained when there are instances, GComp when there are none
      for (Pair<String, Parameter> p : networks.getParameters()) {
        boolean used = k > 0 ? !p.getKey().startsWith(InstColorNetworks.FULL)
            : p.getKey().startsWith(InstColorNetworks.FULL);
        if (used && p.getValue().requiresGradient()) {
          p.getValue().getArray().setRequiresGradient(true);
        }
      }
      List<Double> train = new ArrayList<>();
      for (int i = 0; i < passes + 2; i++) {
        try (NDManager pass = manager.newSubManager()) {
          NDList in = inputs(pass, full, crops, boxInfo, size, k);
          long t = System.nanoTime();
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = networks.forward(new ParameterStore(pass, false), in, true).head();
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

  private static float[] lightness(int count, long seed) {
    Random random = new Random(seed);
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = random.nextFloat() - 0.5f;
    }
    return values;
  }

  private static NDList inputs(NDManager pass, float[] full, float[] crops, Tensor boxInfo,
      int size, int k) {
    return new NDList(pass.create(full, new Shape(1, 1, size, size)),
        pass.create(crops, new Shape(Math.max(k, 1), 1, size, size)).get("0:" + k),
        pass.create(boxInfo.data(), new Shape(boxInfo.shape())));
  }
}
