package dev.colorize.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colorize.bench.batch.BenchJpegs;
import dev.colorize.config.DatasetConfig;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What writing the HTML report adds to evaluate's time (issue 13: at most 5%). Each repetition
 * runs the real CLI ({@code colorize evaluate}) twice in fresh JVMs on fresh work directories
 * (nothing cached), in alternating order:
 * <ul>
 *   <li><b>without</b>: {@code <saveImages>none</saveImages>}, and the {@code html-report} step's
 *       own seconds (from run.json) taken off its wall time: evaluate with no report at all;
 *   <li><b>with</b>: the default {@code <saveImages>report</saveImages>}: every prediction
 *       written as PNG by the score steps, the gallery chosen and copied, charts drawn, the
 *       predictions tree deleted.
 * </ul>
 * It prints each run, the medians and their ratio. Options ({@code --name value}): images (1000),
 * reps (3), width (640), height (480), threads (0 = cores), network (a TorchScript file of
 * convention chromagan run beside the gray baseline; default the example project's stand-in),
 * out (folder for the runs).
 */
public final class ReportCostBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportCostBenchmark() {}

  /** One run: wall seconds of the JVM and the html-report step's seconds from run.json. */
  record Run(String variant, double wallSeconds, double reportStepSeconds) {
    double withoutReport() {
      return variant.equals("without") ? wallSeconds - reportStepSeconds : wallSeconds;
    }
  }

  public static void main(String[] args) throws Exception {
    int images = Integer.parseInt(option(args, "images", "1000"));
    int reps = Integer.parseInt(option(args, "reps", "3"));
    int width = Integer.parseInt(option(args, "width", "640"));
    int height = Integer.parseInt(option(args, "height", "480"));
    int threads = Integer.parseInt(option(args, "threads", "0"));
    Path network = Path.of(option(args, "network", "../example-project/models/chromagan.pt"))
        .toAbsolutePath().normalize();
    Path out = Path.of(option(args, "out", "target/bench-report")).toAbsolutePath();
    Path data = out.resolve("data");
    if (!Files.isDirectory(data)) {
      BenchJpegs.folderDataset(data, images, 10, width, height, 7);
    }
    List<Run> runs = new ArrayList<>();
    for (int r = 0; r < reps; r++) {
      // Alternate which goes first, so drift on a shared machine hits both alike.
      List<String> order = r % 2 == 0 ? List.of("without", "with") : List.of("with", "without");
      for (String variant : order) {
        Run run = run(out.resolve("rep" + r + "-" + variant), data, network, threads, variant);
        runs.add(run);
        System.out.printf(Locale.ROOT, "rep %d %-7s wall %.2f s, html-report step %.2f s%n", r,
            variant, run.wallSeconds(), run.reportStepSeconds());
      }
    }
    double without = median(runs.stream().filter(r -> r.variant().equals("without"))
        .mapToDouble(Run::withoutReport).toArray());
    double with = median(runs.stream().filter(r -> r.variant().equals("with"))
        .mapToDouble(Run::wallSeconds).toArray());
    double step = median(runs.stream().filter(r -> r.variant().equals("with"))
        .mapToDouble(Run::reportStepSeconds).toArray());
    System.out.printf(Locale.ROOT, "images %d x models 2 (gray, %s), %d reps%n", images,
        network.getFileName(), reps);
    System.out.printf(Locale.ROOT, "median evaluate without report %.2f s, with report %.2f s"
        + " (its html-report step %.2f s)%n", without, with, step);
    System.out.printf(Locale.ROOT, "ratio with / without = %.4f (+%.1f%%)%n", with / without,
        (with / without - 1) * 100);
  }

  private static Run run(Path dir, Path data, Path network, int threads, String variant)
      throws Exception {
    delete(dir);
    Files.createDirectories(dir);
    RunConfiguration config = new RunConfiguration();
    config.workDirectory = dir.resolve("work").toString();
    config.threads = threads;
    config.saveImages = variant.equals("without") ? "none" : null;
    config.datasets = new ArrayList<>(List.of(new DatasetConfig("bench", "folder",
        data.toString())));
    ModelConfig chromagan = new ModelConfig("chromagan", "torchscript");
    chromagan.convention = "chromagan";
    chromagan.path = network.toString();
    config.models = new ArrayList<>(List.of(new ModelConfig("gray", "gray"), chromagan));
    Path file = dir.resolve("config.json");
    config.write(file);
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx2g", "-Dai.djl.offline=true", "-Djava.awt.headless=true", "-cp",
        System.getProperty("java.class.path"), "dev.colorize.cli.ColorizeCli", "evaluate",
        "--config", file.toString());
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("output.log").toFile()).start();
    int exit = process.waitFor();
    double wall = (System.nanoTime() - start) / 1e9;
    if (exit != 0) {
      throw new IllegalStateException("evaluate exited " + exit + "; see "
          + dir.resolve("output.log"));
    }
    JsonNode runJson = JSON.readTree(dir.resolve("work/evaluate/run.json").toFile());
    double step = Double.NaN;
    for (JsonNode s : runJson.path("steps")) {
      if (s.path("name").asText().equals("html-report")) {
        step = s.path("seconds").asDouble();
      }
    }
    if (Double.isNaN(step)) {
      throw new IllegalStateException("run.json has no html-report step: " + dir);
    }
    return new Run(variant, wall, step);
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String option(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--" + name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
