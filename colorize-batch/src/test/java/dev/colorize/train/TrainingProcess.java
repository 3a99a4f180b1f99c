package dev.colorize.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Training in its own JVM, for {@link TrainingLoopTest}. {@code train outputDir totalSteps
 * checkpointEvery hangAfterCheckpointStep}: after writing the checkpoint of the given step (-1:
 * never) it prints {@code HANGING} and sleeps, waiting to be killed with SIGKILL.
 * {@code train-builtin architecture outputDir totalSteps checkpointEvery hangAfterCheckpointStep}
 * does the same with a tiny {@link BuiltinTrainable} and its default schedule for 12 steps.
 * {@code scenario name workDir}: runs one of {@link TrainingScenarios};
 * {@code builtin name workDir} one of {@link BuiltinScenarios}; {@code conv name threads} one of
 * {@link ConvolutionScenarios}. Started by {@link #start} with
 * {@code MALLOC_PERTURB_=}{@value #MALLOC_PERTURB} and {@code DNNL_MAX_CPU_ISA=}{@value #DNNL_ISA}
 * (docs/training.md).
 */
public final class TrainingProcess {
  static final long SEED = 7;
  /** glibc fills fresh allocations with zero bytes (255 ^ 0xff). */
  static final String MALLOC_PERTURB = "255";
  /**
   * oneDNN's instruction set of the children: the test JVM's own ({@code .ci/run} passes the
   * self-check's choice for any model), else AVX. Not the self-check's padded choice: on an AMD
   * EPYC Zen 5 host that choice (AVX2) had every padded convolution shape right, yet whole tiny
   * networks' gradients wrong (ChromaGAN at AVX2, DeOldify at AVX; right at SSE4.1).
   */
  static final String DNNL_ISA = System.getenv().getOrDefault("DNNL_MAX_CPU_ISA", "AVX");

  private TrainingProcess() {}

  static TrainingConfig config(Path out, int totalSteps, int checkpointEvery) {
    return new TrainingConfig(out, SEED, 4, 2, totalSteps, checkpointEvery, 2, 0, 1,
        List.of(new TrainingConfig.Phase("pretrain", 6), new TrainingConfig.Phase("main", 100)));
  }

  /**
   * @param args see class comment
   * @throws Exception a failed scenario
   */
  public static void main(String[] args) throws Exception {
    if (args[0].equals("scenario")) {
      TrainingScenarios.run(args[1], Path.of(args[2]));
      return;
    }
    if (args[0].equals("conv")) {
      ConvolutionScenarios.run(args[1], Integer.parseInt(args[2]));
      return;
    }
    if (args[0].equals("builtin")) {
      BuiltinScenarios.run(args[1], Path.of(args[2]));
      return;
    }
    boolean builtin = args[0].equals("train-builtin");
    int o = builtin ? 1 : 0;
    Path out = Path.of(args[1 + o]);
    int total = Integer.parseInt(args[2 + o]);
    int every = Integer.parseInt(args[3 + o]);
    int hangAfter = Integer.parseInt(args[4 + o]);
    TrainableModel model;
    TrainingData data;
    TrainingConfig config;
    if (builtin) {
      BuiltinTrainable trainable = BuiltinTrainable.create(
          dev.colorize.model.builtin.Architecture.parse(args[1]),
          dev.colorize.model.builtin.NetworkSize.TINY, 2, null);
      model = trainable;
      data = new ObjectData(12, 32, 3, true);
      // The schedule of a 12-step run whatever the target, so a shorter run is its prefix.
      config = new TrainingConfig(out, SEED, 4, 1, total, every, 2, 0, 1,
          trainable.defaultPhases(12));
    } else {
      model = new TinyColorizer();
      data = new StripeData(22, 3);
      config = config(out, total, every);
    }
    try (TrainingLoop loop = TrainingLoop.open(model, data, config, null)) {
      loop.run(new TrainingLoop.Listener() {
        @Override
        public void checkpointWritten(int step, Path checkpoint) {
          if (step == hangAfter) {
            System.out.println("HANGING after " + checkpoint);
            System.out.flush();
            try {
              Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }
      });
    }
  }

  /**
   * Starts this class in a new JVM (one PyTorch thread) with the environment above, output
   * appended to {@code dir/child.log}.
   *
   * @param dir working directory of the child, created if needed
   * @param args arguments of {@link #main}
   * @return the child process
   * @throws Exception if it cannot start
   */
  static Process start(Path dir, List<String> args) throws Exception {
    return start(dir, args, DNNL_ISA);
  }

  /**
   * {@link #start(Path, List)} with another {@code DNNL_MAX_CPU_ISA}.
   *
   * @param dnnlIsa the value of {@code DNNL_MAX_CPU_ISA} in the child's environment
   */
  static Process start(Path dir, List<String> args, String dnnlIsa) throws Exception {
    Files.createDirectories(dir);
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-Dai.djl.offline=true",
        "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1", "-cp",
        System.getProperty("java.class.path"), TrainingProcess.class.getName()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("child.log").toFile()));
    builder.environment().put("MALLOC_PERTURB_", MALLOC_PERTURB);
    builder.environment().put("DNNL_MAX_CPU_ISA", dnnlIsa);
    return builder.start();
  }

  /**
   * @param dir a child's working directory
   * @return its log so far, for failure messages
   */
  static String log(Path dir) {
    try {
      Path file = dir.resolve("child.log");
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
