package dev.colorize.bench.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.colorize.model.builtin.ChromaGanNetwork;
import dev.colorize.model.builtin.NetworkSize;
import dev.colorize.train.AdamSettings;
import dev.colorize.train.ClassDistributionKl;
import dev.colorize.train.LossTerm;
import dev.colorize.train.TrainableModel;
import dev.colorize.train.TrainingConfig;
import dev.colorize.train.TrainingData;
import dev.colorize.train.TrainingLoop;
import dev.colorize.train.TrainingSample;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Times {@link TrainingLoop} steps on the ChromaGAN-style generator (L2 on ab plus the class KL
 * with ChromaGAN's weight 0.003, Adam with PyTorch's defaults) for one batch size and thread
 * count, then prints the JVM's peak resident memory. One configuration per JVM, so the peak
 * memory belongs to that batch size; {@code scripts/bench/run-train-throughput.sh} starts one JVM
 * per configuration and round, interleaved with {@code scripts/bench/train_torch.py}.
 *
 * <p>A step is timed from the moment the loop fetches the first sample of its batch to the moment
 * it fetches the first sample of the next batch (the data source records the times), so a timed
 * step contains everything the loop does per step: batch assembly, forward, loss, backward, the
 * finite-gradient check, Adam, zeroing and the {@code loss.csv} row. The final step (with its
 * checkpoint) and the warm-up steps are not timed.
 *
 * <p>Args: {@code SIZE(tiny|small) INPUT BATCH THREADS WARMUP STEPS [CLASSES=150] [WORKDIR]}.
 * Output: a {@code PARAMS} line (all parameter floats, including batch-norm statistics, as the
 * Python side counts them), a {@code STEPS} line (milliseconds per timed step) and a
 * {@code RESULT} line with the median step time, images/s and {@code VmHWM}.
 */
public final class TrainThroughputBenchmark {

  /** ChromaGAN's weight of the class-distribution term. */
  static final float CLASS_WEIGHT = 0.003f;

  private TrainThroughputBenchmark() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 6) {
      throw new IllegalArgumentException(
          "usage: SIZE INPUT BATCH THREADS WARMUP STEPS [CLASSES] [WORKDIR], got "
          + Arrays.toString(args));
    }
    NetworkSize size = NetworkSize.valueOf(args[0].toUpperCase(Locale.ROOT));
    int input = Integer.parseInt(args[1]);
    int batch = Integer.parseInt(args[2]);
    int threads = Integer.parseInt(args[3]);
    int warmup = Integer.parseInt(args[4]);
    int steps = Integer.parseInt(args[5]);
    int classes = args.length > 6 ? Integer.parseInt(args[6]) : 150;
    Path work = args.length > 7 ? Path.of(args[7]) : Files.createTempDirectory("train-bench");

    // Before the PyTorch engine starts (the script also passes them as -D).
    TrainingLoop.configureThreads(threads);
    ChromaGan model = new ChromaGan(size, classes);
    StepClock data = new StepClock(SyntheticSamples.generate(4 * batch, input, classes), batch);
    Path out = Files.createTempDirectory(work, "run");
    int total = warmup + steps + 1;
    TrainingConfig config = new TrainingConfig(out, 42, batch, 1, total, total, 1, 0, threads,
        List.of(new TrainingConfig.Phase("generator", total)));
    long parameterFloats;
    try (TrainingLoop loop = TrainingLoop.open(model, data, config, null)) {
      data.arm(); // the loop read sample 0 while opening, to learn the size
      parameterFloats = parameterFloats(loop.generator());
      System.out.printf(Locale.ROOT, "PARAMS java %d (ChromaGanNetwork.parameterCount %d)%n",
          parameterFloats, model.network.parameterCount());
      loop.run(new TrainingLoop.Listener() {});
    }
    long[] starts = data.stepStarts();
    if (starts.length != total) {
      throw new IllegalStateException("expected " + total + " batch fetches, saw "
          + starts.length + " (a step was recomputed?)");
    }
    long[] cpuStarts = data.cpuStarts();
    double[] ms = new double[steps];
    for (int i = 0; i < steps; i++) {
      ms[i] = (starts[warmup + i + 1] - starts[warmup + i]) / 1e6;
    }
    double median = median(ms);
    // The process CPU clock ticks in 10 ms here: a mean over all timed steps, not a median.
    double cpuMs = (cpuStarts[warmup + steps] - cpuStarts[warmup]) / 1e6 / steps;
    StringBuilder line = new StringBuilder("STEPS java");
    for (double v : ms) {
      line.append(String.format(Locale.ROOT, " %.2f", v));
    }
    System.out.println(line);
    System.out.printf(Locale.ROOT,
        "RESULT side=java size=%s input=%d batch=%d threads=%d params=%d median_ms=%.3f"
        + " img_s=%.3f cpu_ms=%.3f peak_rss_kb=%d%n", args[0], input, batch, threads,
        parameterFloats, median, batch * 1000.0 / median, cpuMs, PeakMemory.peakRssKb());
    deleteTree(out);
  }

  static long parameterFloats(Block block) {
    long n = 0;
    for (Pair<String, Parameter> p : block.getParameters()) {
      n += p.getValue().getArray().size();
    }
    return n;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The ChromaGAN-style generator as a trainable model: L2 + class KL, PyTorch's Adam. */
  static final class ChromaGan implements TrainableModel {
    final ChromaGanNetwork network;
    private final int classes;

    ChromaGan(NetworkSize size, int classes) {
      this.network = new ChromaGanNetwork(size, classes);
      this.classes = classes;
    }

    @Override
    public Block generator() {
      return network;
    }

    @Override
    public List<LossTerm> extraLosses() {
      return List.of(new ClassDistributionKl(1, classes, CLASS_WEIGHT));
    }

    @Override
    public AdamSettings adam() {
      return AdamSettings.DEFAULT;
    }
  }

  /** Serves samples and records when the first sample of each batch is fetched. */
  static final class StepClock implements TrainingData {
    private final List<TrainingSample> samples;
    private final int batch;
    private final List<Long> starts = new ArrayList<>();
    private final List<Long> cpuStarts = new ArrayList<>();
    private final com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long fetches;
    private boolean armed;

    StepClock(List<TrainingSample> samples, int batch) {
      this.samples = samples;
      this.batch = batch;
    }

    @Override
    public int size() {
      return samples.size();
    }

    @Override
    public TrainingSample get(int index) {
      if (armed && fetches++ % batch == 0) {
        starts.add(System.nanoTime());
        cpuStarts.add(os.getProcessCpuTime());
      }
      return samples.get(index);
    }

    void arm() {
      armed = true;
    }

    long[] stepStarts() {
      return starts.stream().mapToLong(Long::longValue).toArray();
    }

    long[] cpuStarts() {
      return cpuStarts.stream().mapToLong(Long::longValue).toArray();
    }
  }
}
