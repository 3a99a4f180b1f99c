package dev.colorize.train;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import dev.colorize.model.builtin.Architecture;
import dev.colorize.model.builtin.NetworkSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Diagnostic harness (not a test): how often training hits a non-finite loss or gradient, the
 * symptom of a kernel reading memory nobody wrote (docs/training.md, "Uninitialised memory").
 * Repeats {@code RUNS} short trainings of one network in this JVM, each with its own seed, and
 * prints the recomputed steps ({@link TrainingLoop#recomputations}) and the runs that diverged.
 * Run it in JVMs with and without {@code MALLOC_PERTURB_} (glibc's fill of fresh allocations);
 * {@code scripts/bench/run-nonfinite-stress.sh} does that. Networks: {@code chromagan},
 * {@code deoldify}, {@code instcolor} (built-in, tiny, on 32x32 {@link ObjectData}) and
 * {@code unpadded} (the positive control: {@link TinyColorizer}'s two convolutions as plain
 * {@link Conv2d}s, whose 2 output channels oneDNN pads to its channel block).
 *
 * <p>Args: {@code NETWORK RUNS STEPS BATCH THREADS WORKDIR}. Output: one {@code NONFINITE} line.
 */
public final class NonFiniteStress {
  private NonFiniteStress() {}

  public static void main(String[] args) throws Exception {
    String network = args[0];
    int runs = Integer.parseInt(args[1]);
    int steps = Integer.parseInt(args[2]);
    int batch = Integer.parseInt(args[3]);
    int threads = Integer.parseInt(args[4]);
    Path work = Files.createDirectories(Path.of(args[5]));
    TrainingLoop.configureThreads(threads);
    int recomputed = 0;
    int diverged = 0;
    for (int run = 0; run < runs; run++) {
      Path out = Files.createTempDirectory(work, "run");
      TrainableModel model;
      TrainingData data;
      List<TrainingConfig.Phase> phases;
      if (network.equals("unpadded")) {
        model = new Unpadded();
        data = new StripeData(4 * batch, run);
        phases = List.of(new TrainingConfig.Phase("main", steps));
      } else {
        BuiltinTrainable builtin = BuiltinTrainable.create(Architecture.parse(network),
            NetworkSize.TINY, 2, null);
        model = builtin;
        data = new ObjectData(4 * batch, 32, run, true);
        phases = builtin.defaultPhases(steps);
      }
      TrainingConfig config = new TrainingConfig(out, 1000 + run, batch, 1, steps, steps, 1, 0,
          threads, phases);
      TrainingLoop loop = TrainingLoop.open(model, data, config, null);
      try {
        loop.run(new TrainingLoop.Listener() {});
      } catch (TrainingException e) {
        diverged++;
      } finally {
        recomputed += loop.recomputations();
        loop.close();
      }
    }
    System.out.printf(Locale.ROOT,
        "NONFINITE network=%s runs=%d steps=%d batch=%d threads=%d recomputed=%d diverged=%d"
        + " MALLOC_PERTURB_=%s DNNL_MAX_CPU_ISA=%s%n", network, runs, steps, batch, threads,
        recomputed, diverged, System.getenv().getOrDefault("MALLOC_PERTURB_", "unset"),
        System.getenv().getOrDefault("DNNL_MAX_CPU_ISA", "unset"));
  }

  /** {@link TinyColorizer} without the channel padding. */
  private static final class Unpadded implements TrainableModel {
    private final Block block = new SequentialBlock()
        .add(conv(8))
        .add(Activation::relu)
        .add(conv(2));

    private static Conv2d conv(int filters) {
      return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
          .setFilters(filters).build();
    }

    @Override
    public Block generator() {
      return block;
    }

    @Override
    public AdamSettings adam() {
      return new AdamSettings(1e-2f, 0.9f, 0.999f, 1e-8f);
    }
  }
}
