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
import dev.colorize.model.official.GrayPhotos;
import dev.colorize.model.official.chromagan.ChromaGanFile;
import dev.colorize.model.official.deoldify.DeOldifyFile;
import dev.colorize.model.official.deoldify.DeOldifyGenerator;
import dev.colorize.model.official.deoldify.DeOldifyVariant;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A published-size DeOldify generator (seeded, in the published layout) in colorize against the
 * same network in Python PyTorch ({@code scripts/models/official/deoldify_reference.py --load
 * --bench}), same file, same machine, same threads, measured one after the other in one run:
 * median seconds of N eval forward passes and of N training steps (train-mode forward and
 * backward of the output mean) per batch size, and the ratio PyTorch / colorize (above 1:
 * colorize is faster). Run by {@code scripts/bench/run-official-network.sh}.
 *
 * <p>Mode {@code memory}: loads a DeOldify {@code .pth} or a ChromaGAN {@code .h5} into native
 * arrays and prints the resident-set high-water mark before and after against the file size.
 */
public final class OfficialNetworkBenchmark {

  private OfficialNetworkBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 2 && args[0].equals("memory")) {
      memory(Path.of(args[1]));
      return;
    }
    DeOldifyVariant variant = DeOldifyVariant.valueOf(args[0].toUpperCase(Locale.ROOT));
    int size = Integer.parseInt(args[1]);
    int[] batches = Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
    int passes = Integer.parseInt(args[3]);
    int threads = Integer.parseInt(args[4]);
    Path file = Path.of(args[5]);
    String python = args[6];
    Path script = Path.of(args[7]);
    if (!Files.exists(file)) {
      Files.createDirectories(file.toAbsolutePath().getParent());
      DeOldifyFile.writeSeeded(variant, 7, file);
    }
    System.out.printf(Locale.ROOT, "%s generator, %d px, %d threads, median of %d passes%n",
        variant.id(), size, threads, passes);
    printHeader("batch");
    for (int b : batches) {
      double[] java = javaTimes(file, b, size, passes);
      double[] torch = pythonTimes(python, List.of(script.toString(), "--variant", variant.id(),
          "--load", file.toString(), "--bench", String.valueOf(passes), "--threads",
          String.valueOf(threads), "--shape", b + ",3," + size + "," + size));
      printRatios(String.valueOf(b), java, torch);
    }
  }

  static void printHeader(String first) {
    System.out.printf(Locale.ROOT, "%-6s %-9s %12s %12s %10s%n", first, "pass", "colorize s",
        "pytorch s", "ratio");
  }

  /** One line per pass kind: colorize's and PyTorch's medians and their ratio. */
  static void printRatios(String label, double[] java, double[] torch) {
    String[] names = {"infer", "train"};
    for (int k = 0; k < 2; k++) {
      System.out.printf(Locale.ROOT, "%-6s %-9s %12.3f %12.3f %9.2fx%n", label, names[k],
          java[k], torch[k], torch[k] / java[k]);
    }
  }

  /** Median inference and training-step seconds in colorize. */
  static double[] javaTimes(Path file, int batch, int size, int passes) throws Exception {
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      DeOldifyGenerator g = DeOldifyFile.load(file, manager).generator();
      float[] input = GrayPhotos.imagenetInput(GrayPhotos.batch(batch, size, size, 1));
      List<Double> infer = new ArrayList<>();
      for (int i = 0; i < passes + 2; i++) {
        try (NDManager pass = manager.newSubManager()) {
          NDArray x = pass.create(input, new Shape(batch, 3, size, size));
          long t = System.nanoTime();
          g.forward(new ParameterStore(pass, false), new NDList(x), false).head().toFloatArray();
          if (i >= 2) {
            infer.add((System.nanoTime() - t) / 1e9);
          }
        }
      }
      for (Pair<String, Parameter> p : g.getParameters()) {
        if (p.getValue().requiresGradient()) {
          p.getValue().getArray().setRequiresGradient(true);
        }
      }
      List<Double> train = new ArrayList<>();
      for (int i = 0; i < passes + 2; i++) {
        try (NDManager pass = manager.newSubManager()) {
          NDArray x = pass.create(input, new Shape(batch, 3, size, size));
          long t = System.nanoTime();
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = g.forward(new ParameterStore(pass, false), new NDList(x), true).head();
            gc.backward(y.mean());
          }
          if (i >= 2) {
            train.add((System.nanoTime() - t) / 1e9);
          }
        }
      }
      return new double[] {median(infer), median(train)};
    }
  }

  /**
   * Median inference and training-step seconds the reference script prints. PyTorch in Python
   * runs as its users run it: without colorize's per-machine settings (oneDNN's instruction set,
   * glibc's fill), unless {@code PYTHON_DNNL_MAX_CPU_ISA} names a set for a like-for-like run.
   */
  static double[] pythonTimes(String python, List<String> arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(python));
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.remove("DNNL_MAX_CPU_ISA");
    env.remove("MALLOC_PERTURB_");
    env.remove("COLORIZE_PAD_CHANNELS");
    String isa = System.getenv("PYTHON_DNNL_MAX_CPU_ISA");
    if (isa != null && !isa.isBlank()) {
      env.put("DNNL_MAX_CPU_ISA", isa);
    }
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("the PyTorch side failed:\n" + out);
    }
    Matcher infer = Pattern.compile("bench .* median ([0-9.]+) s").matcher(out);
    Matcher train = Pattern.compile("train .* median ([0-9.]+) s").matcher(out);
    if (!infer.find() || !train.find()) {
      throw new IllegalStateException("no timings in:\n" + out);
    }
    return new double[] {Double.parseDouble(infer.group(1)), Double.parseDouble(train.group(1))};
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  /** Resident-set high-water mark of loading a file, against the file's size. */
  static void memory(Path file) throws Exception {
    long before = highWater();
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      manager.zeros(new Shape(1)).toFloatArray(); // native libraries loaded before measuring
      long engine = highWater();
      boolean h5 = file.toString().endsWith(".h5");
      if (h5) {
        ChromaGanFile.load(file, manager);
      }
      String what = h5 ? "chromagan" : DeOldifyFile.load(file, manager).variant().id();
      long after = highWater();
      long size = Files.size(file);
      System.out.printf(Locale.ROOT, "%s: file %.0f MB; RSS high-water: JVM %.0f MB, with the"
          + " engine %.0f MB, after loading %.0f MB; loading added %.0f MB = %.2fx the file%n",
          what, size / 1e6, before / 1e6, engine / 1e6, after / 1e6,
          (after - engine) / 1e6, (after - engine) / (double) size);
    }
  }

  private static long highWater() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmHWM");
  }
}
