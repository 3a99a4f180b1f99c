package dev.colorize.bench.batch;

import dev.colorize.config.DatasetConfig;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import dev.colorize.dataset.DatasetReader;
import dev.colorize.dataset.DatasetReaders;
import dev.colorize.dataset.DatasetSpec;
import dev.colorize.job.BatchInfrastructure;
import dev.colorize.job.evaluate.EvaluateJob;
import dev.colorize.job.JobRunner;
import dev.colorize.job.RepositorySettings;
import dev.colorize.job.WorkDirectoryLock;
import dev.colorize.parallel.Workers;
import dev.colorize.metric.ImageScores;
import dev.colorize.model.ModelRegistry;
import dev.colorize.plan.DatasetPlanner;
import dev.colorize.plan.RunPlanner;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;

/**
 * The batch-machinery benchmark of issue 3, in one run:
 * <ol>
 *   <li><b>Overhead.</b> On a generated folder dataset, times the evaluate job through Spring
 *       Batch (A: fresh work directory, embedded H2 repository, default chunk size, gray model;
 *       the {@link JobRunner#run} call only) against {@link PlainEvaluateLoop} (B: the same work
 *       without Spring Batch), alternating A B A B after one untimed warm-up of each, both from a
 *       cold prepared-pair cache. Checks that both write the same reports. Then isolates the
 *       machinery's cost per chunk with {@link ChunkCommitProbe}.
 *   <li><b>Memory.</b> Forks the real CLI with a fixed heap on N and 10N small images
 *       ({@link ForkedEvaluate}), alternating, and compares peak RSS and heap.
 * </ol>
 * Options ({@code --name value}): images (400), width (640), height (480), reps (3), chunk (16),
 * threads (0 = one per core), probe-items (3200), mem-images (200), mem-factor (10),
 * mem-width (160), mem-height (120), mem-reps (1), mem-flavours (default,pretouch; also
 * heapNNNm for -XmxNNNm), xmx (512m),
 * parts (overhead,probe,memory: which measurements to make), out (target/bench-batch). Tables go
 * to stdout and {@code <out>/results.md}.
 */
public final class BatchOverheadBenchmark {

  private final Map<String, String> options = new LinkedHashMap<>();
  private final StringBuilder report = new StringBuilder();

  private BatchOverheadBenchmark(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + args[i] + "'; options are"
            + " --name value");
      }
      String name = args[i].substring(2);
      if (name.equals("help")) {
        options.put(name, "true");
      } else if (i + 1 < args.length) {
        options.put(name, args[++i]);
      } else {
        throw new IllegalArgumentException("option --" + name + " needs a value");
      }
    }
  }

  public static void main(String[] args) throws Exception {
    BatchOverheadBenchmark bench = new BatchOverheadBenchmark(args);
    if (bench.options.containsKey("help")) {
      System.out.println("see the Javadoc of " + BatchOverheadBenchmark.class.getName()
          + " and docs/benchmarks-batch.md");
      return;
    }
    bench.run();
    System.exit(0); // H2 and worker threads are closed; nothing else to wait for
  }

  private int intOption(String name, int fallback) {
    return Integer.parseInt(options.getOrDefault(name, String.valueOf(fallback)));
  }

  private void run() throws Exception {
    Path out = Path.of(options.getOrDefault("out", "target/bench-batch")).toAbsolutePath();
    deleteTree(out);
    Files.createDirectories(out);
    line("# colorize batch-machinery benchmark");
    line("");
    line("machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel()
        + "), load average at start " + loadAverage() + ", Java "
        + System.getProperty("java.version"));
    line("options: " + options);
    List<String> parts = List.of(options.getOrDefault("parts", "overhead,probe,memory")
        .split(","));
    if (parts.contains("overhead") || parts.contains("probe")) {
      overhead(out.resolve("overhead"), parts.contains("overhead"), parts.contains("probe"));
    }
    if (parts.contains("memory")) {
      memory(out.resolve("memory"));
    }
    line("");
    line("load average at end " + loadAverage());
    Files.writeString(out.resolve("results.md"), report, StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ overhead

  private void overhead(Path dir, boolean timeJob, boolean probe) throws Exception {
    int images = intOption("images", 400);
    int width = intOption("width", 640);
    int height = intOption("height", 480);
    int chunk = intOption("chunk", 16);
    int threads = intOption("threads", 0);
    long t0 = System.nanoTime();
    Path dataset = BenchJpegs.folderDataset(dir.resolve("dataset"), images, 8, width, height, 1);
    line("");
    line("## Overhead: evaluate job (A) vs the same loop without Spring Batch (B)");
    line("");
    line(String.format(Locale.ROOT, "dataset: %d JPEGs %dx%d in 8 class folders (%.1f MB),"
        + " generated in %.1f s; chunk size %d; threads %s; gray model; all metrics", images,
        width, height, treeBytes(dataset) / 1e6, (System.nanoTime() - t0) / 1e9, chunk,
        threads == 0 ? "0 (one per core)" : threads));
    line("");
    double[] medians = {Double.NaN, Double.NaN};
    if (timeJob) {
      medians = timeVariants(dir, dataset, images, chunk, threads);
    }
    if (probe) {
      probe(dir, dataset, images, chunk, medians[0], medians[1]);
    }
  }

  /** One timed run: wall seconds and this process's CPU seconds (all threads). */
  private record Timing(double wall, double cpu) {}

  /**
   * A and B alternating after a warm-up of each; returns their median wall seconds. CPU time is
   * reported too: on a shared, overloaded machine the wall time of a run mostly says how many
   * other threads were runnable, while the CPU time the work needed barely moves.
   */
  private double[] timeVariants(Path dir, Path dataset, int images, int chunk, int threads)
      throws Exception {
    int reps = intOption("reps", 3);
    line("| run | variant | wall s | CPU s | images/s | load avg |");
    line("|---|---|---:|---:|---:|---:|");
    List<Timing> a = new ArrayList<>();
    List<Timing> b = new ArrayList<>();
    List<Double> setup = new ArrayList<>();
    for (int rep = 0; rep <= reps; rep++) {
      String label = rep == 0 ? "warm-up" : String.valueOf(rep);
      double[] setupSeconds = new double[1];
      Timing batch = timeBatch(dir.resolve("A-" + rep), dataset, chunk, threads, setupSeconds);
      if (rep > 0) {
        a.add(batch);
        setup.add(setupSeconds[0]);
      }
      row(label, "A Spring Batch", batch, images);
      Timing plain = timePlain(dir.resolve("B-" + rep), dataset, chunk, threads);
      if (rep > 0) {
        b.add(plain);
      }
      row(label, "B plain loop", plain, images);
      if (rep == 0) {
        compareReports(dir.resolve("A-0"), dir.resolve("B-0"));
      }
      deleteTree(dir.resolve("A-" + rep));
      deleteTree(dir.resolve("B-" + rep));
    }
    double wallA = median(a.stream().map(Timing::wall).toList());
    double wallB = median(b.stream().map(Timing::wall).toList());
    double cpuA = median(a.stream().map(Timing::cpu).toList());
    double cpuB = median(b.stream().map(Timing::cpu).toList());
    line("");
    line(String.format(Locale.ROOT, "wall: median A %.3f s, median B %.3f s: A/B = %.4f, overhead"
            + " %+.1f%% (target <= 5%%); per-pair A/B %s, their median %.4f", wallA, wallB,
        wallA / wallB, 100 * (wallA / wallB - 1), pairRatios(a, b, Timing::wall),
        medianPairRatio(a, b, Timing::wall)));
    line(String.format(Locale.ROOT, "CPU: median A %.3f s, median B %.3f s: A/B = %.4f, overhead"
            + " %+.1f%%; per-pair A/B %s, their median %.4f", cpuA, cpuB, cpuA / cpuB,
        100 * (cpuA / cpuB - 1), pairRatios(a, b, Timing::cpu),
        medianPairRatio(a, b, Timing::cpu)));
    line(String.format(Locale.ROOT, "not in A's time: opening the repository (H2 connect and schema"
        + " on a fresh work directory) and building the job, median %.3f s", median(setup)));
    return new double[] {wallA, wallB};
  }

  /** The machinery's cost per chunk, without image work, and what it predicts for A. */
  private void probe(Path dir, Path dataset, int images, int chunk, double ma, double mb)
      throws Exception {
    int probeItems = intOption("probe-items", 3200);
    List<ChunkCommitProbe.PerChunk> probes = new ArrayList<>();
    for (int rep = 0; rep < 3; rep++) {
      probes.add(ChunkCommitProbe.measure(dir.resolve("probe-" + rep), probeItems, chunk));
      deleteTree(dir.resolve("probe-" + rep));
    }
    double empty = median(probes.stream().map(ChunkCommitProbe.PerChunk::emptyMs).toList());
    double inMemory = median(probes.stream().map(ChunkCommitProbe.PerChunk::emptyInMemoryMs)
        .toList());
    double emptyCpu = median(probes.stream().map(ChunkCommitProbe.PerChunk::emptyCpuMs).toList());
    double partsCpu = median(probes.stream().map(ChunkCommitProbe.PerChunk::partsCpuMs).toList());
    double parts = median(probes.stream().map(ChunkCommitProbe.PerChunk::partsMs).toList());
    double plainRows = median(probes.stream().map(ChunkCommitProbe.PerChunk::plainRowsMs)
        .toList());
    int chunksInA = 2 * ((images + chunk - 1) / chunk);
    double walk = medianWalkSeconds(dataset, 3);
    line("");
    line("### Where the machinery's time goes (no image work)");
    line("");
    line(String.format(Locale.ROOT, "chunk step over %d integers, chunk size %d (%d chunks), same"
        + " embedded H2 repository; medians of 3:", probeItems, chunk, probes.get(0).chunks()));
    line("");
    line("| per chunk | wall ms | CPU ms |");
    line("|---|---:|---:|");
    line(String.format(Locale.ROOT, "| repository: transaction + step update + execution context"
        + " (empty writer) | %.3f | %.3f |", empty, emptyCpu));
    line(String.format(Locale.ROOT, "| the same on an in-memory H2 database | %.3f | |",
        inMemory));
    line(String.format(Locale.ROOT, "| with two flat-file part writers, %d rows, skip budget"
        + " | %.3f | %.3f |", chunk, parts, partsCpu));
    line(String.format(Locale.ROOT, "| the same rows with a plain BufferedWriter | %.3f | |",
        plainRows));
    line("");
    line(String.format(Locale.ROOT, "A commits %d chunks (prepare + score): predicted machinery"
            + " cost %.3f s wall (%.1f%% of B's median wall), %.3f s CPU; measured wall A - B ="
            + " %.3f s", chunksInA, chunksInA * (parts - plainRows) / 1000,
        100 * chunksInA * (parts - plainRows) / 1000 / mb, chunksInA * partsCpu / 1000, ma - mb));
    line(String.format(Locale.ROOT, "the progress listener walks the dataset once more to count"
        + " it: one walk of this dataset takes %.4f s", walk));
  }

  private void row(String label, String variant, Timing t, int images) {
    line(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.1f | %s |", label, variant,
        t.wall(), t.cpu(), images / t.wall(), loadAverage()));
  }

  private static double processCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
  }

  /** Runs the job as the CLI does and times its JobRunner.run call; setup time goes to setup[0]. */
  private static Timing timeBatch(Path runDir, Path dataset, int chunk, int threads,
      double[] setup) throws Exception {
    RunConfiguration config = configuration(runDir.resolve("work"), dataset);
    config.chunkSize = chunk;
    config.threads = threads;
    Path work = config.workPath();
    try (PrintStream log = new PrintStream(OutputStream.nullOutputStream(), true,
        StandardCharsets.UTF_8)) {
      long setupStart = System.nanoTime();
      try (WorkDirectoryLock lock = WorkDirectoryLock.acquire(work);
          BatchInfrastructure infra = BatchInfrastructure.open(RepositorySettings.embedded(work));
          Workers workers = new Workers(config.threads)) {
        EvaluateJob jobs = new EvaluateJob(
            new RunPlanner(ModelRegistry.standard(), ImageScores.COLUMNS).plan(config, true),
            infra, ModelRegistry.standard(), workers, log);
        Job job = jobs.job();
        setup[0] = (System.nanoTime() - setupStart) / 1e9;
        double cpu = processCpuSeconds();
        long start = System.nanoTime();
        JobRunner.Outcome outcome = new JobRunner(infra).run(job, jobs.parameters(), false);
        Timing timing = new Timing((System.nanoTime() - start) / 1e9, processCpuSeconds() - cpu);
        if (outcome.status() != BatchStatus.COMPLETED) {
          throw new IllegalStateException("evaluate job ended " + outcome.status() + ": "
              + outcome.execution().getAllFailureExceptions());
        }
        return timing;
      }
    }
  }

  private static Timing timePlain(Path runDir, Path dataset, int chunk, int threads)
      throws Exception {
    RunConfiguration config = configuration(runDir.resolve("work"), dataset);
    config.chunkSize = chunk;
    config.threads = threads;
    try (Workers workers = new Workers(config.threads);
        PrintStream log = new PrintStream(OutputStream.nullOutputStream(), true,
            StandardCharsets.UTF_8)) {
      PlainEvaluateLoop loop = new PlainEvaluateLoop(config, workers, log);
      double cpu = processCpuSeconds();
      long start = System.nanoTime();
      loop.run();
      return new Timing((System.nanoTime() - start) / 1e9, processCpuSeconds() - cpu);
    }
  }

  /** The reports of A and B must be the same bytes, or B is not the same work. */
  private void compareReports(Path batchRun, Path plainRun) throws IOException {
    for (String name : List.of("scores.csv", "summary.csv", "skipped.csv")) {
      byte[] x = Files.readAllBytes(batchRun.resolve("work/evaluate").resolve(name));
      byte[] y = Files.readAllBytes(plainRun.resolve("work/evaluate").resolve(name));
      if (!Arrays.equals(x, y)) {
        throw new IllegalStateException(name + " differs between the job and the plain loop");
      }
    }
    long rows = Files.readAllLines(batchRun.resolve("work/evaluate/scores.csv")).size() - 1;
    line("| | (warm-up outputs: scores.csv, summary.csv, skipped.csv byte-identical in A and B; "
        + rows + " score rows) | | | |");
  }

  private static double medianWalkSeconds(Path dataset, int reps) {
    DatasetConfig d = new DatasetConfig("photos", "folder", dataset.toString());
    DatasetSpec spec = DatasetPlanner.plan(d, DatasetPlanner.element(0, d)).spec();
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < reps; i++) {
      long start = System.nanoTime();
      try (DatasetReader reader = DatasetReaders.open(spec, issue -> { })) {
        while (reader.hasNext()) {
          reader.next();
        }
      }
      times.add((System.nanoTime() - start) / 1e9);
    }
    return median(times);
  }

  // ------------------------------------------------------------------ memory

  private void memory(Path dir) throws Exception {
    int n = intOption("mem-images", 200);
    int factor = intOption("mem-factor", 10);
    int width = intOption("mem-width", 160);
    int height = intOption("mem-height", 120);
    int reps = intOption("mem-reps", 1);
    String xmx = options.getOrDefault("xmx", "512m");
    long t0 = System.nanoTime();
    Path large = BenchJpegs.folderDataset(dir.resolve("dataset-large"), n * factor, 8, width,
        height, 2);
    Path small = dir.resolve("dataset-small");
    // The small set is the first n files of the large one (same images, round robin classes).
    try (Stream<Path> files = Files.walk(large)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        int index = Integer.parseInt(f.getFileName().toString().replaceAll("\\D", ""));
        if (index < n) {
          Path target = small.resolve(large.relativize(f));
          Files.createDirectories(target.getParent());
          Files.copy(f, target);
        }
      }
    }
    String classPath = cliClassPath();
    line("");
    line("## Memory: forked `colorize evaluate`, -Xmx" + xmx);
    line("");
    line(String.format(Locale.ROOT, "datasets: %d and %d JPEGs %dx%d (generated in %.1f s);"
        + " default configuration (chunk 16, threads 0, gray, all metrics, embedded H2)", n,
        n * factor, width, height, (System.nanoTime() - t0) / 1e9));
    line("flavours: `default` = -Xmx" + xmx + " only (what a user gets; G1 touches heap regions"
        + " gradually, so RSS grows with run length up to the committed heap); `pretouch` = -Xms"
        + xmx + " -Xmx" + xmx + " -XX:+AlwaysPreTouch (the whole heap resident from the start, so"
        + " RSS growth is native memory, metaspace and code); `heapNNNm` = -XmxNNNm only (does"
        + " the run fit a small heap?)");
    line("");
    line("| flavour | run | images | exit | seconds | peak RSS (ru_maxrss) MiB | polled VmHWM MiB |"
        + " heap after GC, max MiB | heap after marking/mixed, max MiB | heap before GC, max MiB"
        + " | heap committed, max MiB | GCs | score rows |");
    line("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    List<String> flavours = List.of(options.getOrDefault("mem-flavours", "default,pretouch")
        .split(","));
    Map<String, List<ForkedEvaluate.Result>> smallRuns = new LinkedHashMap<>();
    Map<String, List<ForkedEvaluate.Result>> largeRuns = new LinkedHashMap<>();
    String lastCommand = "";
    for (int rep = 1; rep <= reps; rep++) {
      for (String flavour : flavours) {
        List<String> jvm = flavour.equals("pretouch")
            ? List.of("-Xms" + xmx, "-Xmx" + xmx, "-XX:+AlwaysPreTouch")
            : flavour.startsWith("heap") ? List.of("-Xmx" + flavour.substring(4))
            : List.of("-Xmx" + xmx);
        Path smallDir = dir.resolve(flavour + "-small-" + rep);
        ForkedEvaluate.Result s = ForkedEvaluate.run(smallDir, small, n, classPath, jvm);
        memoryRow(flavour, rep, s);
        smallRuns.computeIfAbsent(flavour, k -> new ArrayList<>()).add(s);
        Path largeDir = dir.resolve(flavour + "-large-" + rep);
        ForkedEvaluate.Result l = ForkedEvaluate.run(largeDir, large, n * factor, classPath, jvm);
        memoryRow(flavour, rep, l);
        largeRuns.computeIfAbsent(flavour, k -> new ArrayList<>()).add(l);
        lastCommand = Files.readString(largeDir.resolve("command.txt")).trim();
        deleteTree(smallDir.resolve("work"));
        deleteTree(largeDir.resolve("work"));
      }
    }
    line("");
    for (String flavour : flavours) {
      double rssSmall = median(smallRuns.get(flavour).stream().map(r -> (double) r.maxRssKb())
          .toList());
      double rssLarge = median(largeRuns.get(flavour).stream().map(r -> (double) r.maxRssKb())
          .toList());
      double markSmall = median(smallRuns.get(flavour).stream()
          .map(r -> (double) r.peakHeapAfterMarkMb()).toList());
      double markLarge = median(largeRuns.get(flavour).stream()
          .map(r -> (double) r.peakHeapAfterMarkMb()).toList());
      line(String.format(Locale.ROOT, "%s: median peak RSS %.0f MiB (%d images) vs %.0f MiB"
              + " (%d images): ratio %.3f (target <= 1.1); heap after marking %s vs %s MiB",
          flavour, rssSmall / 1024, n, rssLarge / 1024, n * factor, rssLarge / rssSmall,
          markSmall < 0 ? "- (no marking cycle)" : String.format(Locale.ROOT, "%.0f", markSmall),
          markLarge < 0 ? "- (no marking cycle)" : String.format(Locale.ROOT, "%.0f", markLarge)));
    }
    line("");
    line("command of the last large run: `"
        + lastCommand.replaceAll("-cp \\S+", "-cp <CLI class path>")
        + "`");
  }

  private void memoryRow(String flavour, int rep, ForkedEvaluate.Result r) {
    line(String.format(Locale.ROOT,
        "| %s | %d | %d | %d | %.1f | %.1f | %.1f | %d | %d | %d | %d | %d | %d |", flavour, rep,
        r.images(), r.exit(), r.seconds(), r.maxRssKb() / 1024.0, r.polledHwmKb() / 1024.0,
        r.peakHeapAfterGcMb(), r.peakHeapAfterMarkMb(), r.peakHeapBeforeGcMb(),
        r.peakHeapCommittedMb(), r.gcs(), r.scoreRows()));
    if (r.exit() != 0) {
      throw new IllegalStateException("forked evaluate exited " + r.exit() + "; see its"
          + " output.log");
    }
  }

  /** This JVM's class path without the test classes and test-only jars: the CLI's. */
  private static String cliClassPath() {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (!entry.endsWith("test-classes") && !name.startsWith("junit-")
          && !name.startsWith("opentest4j") && !name.startsWith("apiguardian")) {
        entries.add(entry);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  // ------------------------------------------------------------------ helpers

  /** The evaluate configuration both variants and the forked CLI run. */
  static RunConfiguration configuration(Path work, Path dataset) {
    RunConfiguration config = new RunConfiguration();
    config.workDirectory = work.toString();
    config.datasets = new ArrayList<>(List.of(new DatasetConfig("photos", "folder",
        dataset.toString())));
    config.models = new ArrayList<>(List.of(new ModelConfig("gray", "gray")));
    return config;
  }

  private void line(String text) {
    System.out.println(text);
    report.append(text).append('\n');
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static <T> double medianPairRatio(List<T> a, List<T> b, ToDoubleFunction<T> value) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      ratios.add(value.applyAsDouble(a.get(i)) / value.applyAsDouble(b.get(i)));
    }
    return median(ratios);
  }

  private static <T> String pairRatios(List<T> a, List<T> b, ToDoubleFunction<T> value) {
    List<String> ratios = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      ratios.add(String.format(Locale.ROOT, "%.3f", value.applyAsDouble(a.get(i))
          / value.applyAsDouble(b.get(i))));
    }
    return String.join(", ", ratios);
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "?";
    }
  }

  private static long treeBytes(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
