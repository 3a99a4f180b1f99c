package dev.colorize.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.colorize.image.PrepareOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.bytedeco.opencv.global.opencv_core;

/**
 * The prepare-and-score benchmark of issue 2, as a documented main (not a test, so it never runs
 * in {@code mvn verify}). One invocation:
 *
 * <ol>
 *   <li>generates seeded photo-like JPEGs ({@link PhotoLikeJpegs}) of each size in a temp dir;
 *   <li>times, on the same files, colorize's prepare-and-score loop
 *       ({@link JavaPipelines#prepareAndScore}) and the reduced-decode bound
 *       ({@link JavaPipelines#decodeAndResize}) on 1 and 2 threads, and the Python reference
 *       pipelines ({@code scripts/bench/python_pipeline.py}: OpenCV on 1 and 2 worker processes,
 *       scikit-image on 1, on fewer images) as subprocesses;
 *   <li>repeats every measurement in interleaved rounds (so load from elsewhere on the machine
 *       spreads over all of them), reports the median images/s and the ratios the issue sets as
 *       targets, and writes the tables as CSV and Markdown.
 * </ol>
 *
 * <p>Run with {@code scripts/bench/run-prepare-score.sh [options]}; {@code --help} lists them.
 * Java worker threads call {@code opencv_core.setNumThreads(1)}: the parallelism is one image per
 * core, as in colorize's jobs, and OpenCV's own thread pool would only contend with it.
 */
public final class PipelineBenchmark {

  private static final String USAGE = """
      Usage: PipelineBenchmark [--count N] [--skimage-count N] [--repeats N] [--sizes WxH,...]
                               [--quality Q] [--seed S] [--out DIR] [--python EXE] [--script PY]
                               [--image-dir DIR] [--skip-python] [--keep-images]
        --count          JPEGs per size (default 40)
        --skimage-count  images the slow scikit-image pipeline runs on (default 8, 0 = skip)
        --repeats        timed rounds per measurement; the median is reported (default 5)
        --sizes          image sizes (default 1280x800,3000x2000)
        --quality        JPEG quality (default 90)
        --seed           generator seed (default 20240601)
        --out            where the CSV and Markdown tables go (default target/bench)
        --python         Python with cv2 and skimage (default /usr/bin/python3)
        --script         the reference pipelines (default scripts/bench/python_pipeline.py)
        --image-dir      keep the JPEGs under DIR/s<seed>-q<quality>/ and reuse them in later
                         runs (default: a temp dir, deleted at the end)
        --skip-python    Java rows only
        --keep-images    do not delete the temp dir
      """;

  private int count = 40;
  private int skimageCount = 8;
  private int repeats = 5;
  private List<int[]> sizes = List.of(new int[] {1280, 800}, new int[] {3000, 2000});
  private int quality = 90;
  private long seed = 20240601L;
  private Path out = Paths.get("target", "bench");
  private String python = "/usr/bin/python3";
  private Path script = Paths.get("scripts", "bench", "python_pipeline.py");
  private boolean skipPython;
  private boolean keepImages;
  private Path imageDir;

  private final PrepareOptions options = PrepareOptions.defaults();
  private final ObjectMapper json = new ObjectMapper();
  private ExecutorService pool;

  /** Entry point; see the class comment and {@code docs/benchmarks.md}. */
  public static void main(String[] args) throws Exception {
    PipelineBenchmark bench = new PipelineBenchmark();
    if (!bench.parse(args)) {
      System.out.print(USAGE);
      return;
    }
    bench.run();
  }

  private boolean parse(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--help", "-h" -> {
          return false;
        }
        case "--skip-python" -> skipPython = true;
        case "--keep-images" -> keepImages = true;
        default -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("option " + arg + " needs a value\n" + USAGE);
          }
          String value = args[++i];
          switch (arg) {
            case "--count" -> count = positive(arg, value);
            case "--skimage-count" -> skimageCount = Integer.parseInt(value);
            case "--repeats" -> repeats = positive(arg, value);
            case "--sizes" -> sizes = parseSizes(value);
            case "--quality" -> quality = positive(arg, value);
            case "--seed" -> seed = Long.parseLong(value);
            case "--out" -> out = Paths.get(value);
            case "--python" -> python = value;
            case "--script" -> script = Paths.get(value);
            case "--image-dir" -> imageDir = Paths.get(value);
            default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
          }
        }
      }
    }
    return true;
  }

  private static int positive(String option, String value) {
    int n = Integer.parseInt(value);
    if (n < 1) {
      throw new IllegalArgumentException(option + " must be at least 1, got " + value);
    }
    return n;
  }

  private static List<int[]> parseSizes(String value) {
    List<int[]> parsed = new ArrayList<>();
    for (String part : value.split(",")) {
      String[] wh = part.trim().toLowerCase(Locale.ROOT).split("x");
      if (wh.length != 2) {
        throw new IllegalArgumentException("--sizes wants WxH[,WxH...], got '" + part + "'");
      }
      parsed.add(new int[] {Integer.parseInt(wh[0]), Integer.parseInt(wh[1])});
    }
    return parsed;
  }

  private void run() throws Exception {
    if (!skipPython && !Files.isRegularFile(script)) {
      throw new IllegalArgumentException("Python pipelines not found at " + script.toAbsolutePath()
          + " (run from the repository root or pass --script)");
    }
    pool = Executors.newFixedThreadPool(2, runnable -> {
      Thread thread = new Thread(() -> {
        opencv_core.setNumThreads(1); // one image per core; OpenCV's pool would only contend
        runnable.run();
      }, "bench-worker");
      thread.setDaemon(true);
      return thread;
    });
    Files.createDirectories(out);
    boolean temporary = imageDir == null;
    Path dir = temporary ? Files.createTempDirectory("colorize-bench")
        : Files.createDirectories(imageDir.resolve("s" + seed + "-q" + quality));
    System.out.printf(Locale.ROOT, "machine: %d cpus, %s; java %s%n",
        Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.version"));
    System.out.printf(Locale.ROOT, "env: MALLOC_ARENA_MAX=%s MALLOC_MMAP_THRESHOLD_=%s "
        + "MALLOC_TRIM_THRESHOLD_=%s MALLOC_TOP_PAD_=%s; JVM %s%n", System.getenv("MALLOC_ARENA_MAX"),
        System.getenv("MALLOC_MMAP_THRESHOLD_"), System.getenv("MALLOC_TRIM_THRESHOLD_"),
        System.getenv("MALLOC_TOP_PAD_"),
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
    List<SizeResult> results = new ArrayList<>();
    try {
      for (int[] size : sizes) {
        results.add(runSize(dir, size[0], size[1]));
      }
    } finally {
      pool.shutdownNow();
      if (temporary && !keepImages) {
        try (Stream<Path> files = Files.list(dir)) {
          for (Path file : (Iterable<Path>) files::iterator) {
            Files.deleteIfExists(file);
          }
        }
        Files.deleteIfExists(dir);
      } else {
        System.out.println("images kept in " + dir);
      }
    }
    writeReports(results);
  }

  private SizeResult runSize(Path dir, int width, int height) throws Exception {
    long start = System.nanoTime();
    List<Path> files = PhotoLikeJpegs.write(dir, width, height, count, quality, seed);
    long bytes = 0;
    for (Path file : files) {
      bytes += Files.size(file);
    }
    String label = width + "x" + height;
    System.out.printf(Locale.ROOT, "%n== %s: %d JPEGs (q%d) in %s, mean %.0f KB (%.2f bits/pixel),"
            + " generated or found in %.1f s%n", label, count, quality, dir, bytes / 1024.0 / count,
        8.0 * bytes / count / ((double) width * height), (System.nanoTime() - start) / 1e9);
    List<Path> skimageFiles = files.subList(0, Math.min(skimageCount, files.size()));

    Map<String, Measure> measures = new LinkedHashMap<>();
    measures.put("java-prepare-score/1", javaMeasure("colorize prepare+score (Java)", 1,
        files, p -> JavaPipelines.prepareAndScore(p, options)));
    measures.put("java-prepare-score/2", javaMeasure("colorize prepare+score (Java)", 2,
        files, p -> JavaPipelines.prepareAndScore(p, options)));
    measures.put("java-prepare/1", javaMeasure("colorize prepare only (Java)", 1, files,
        p -> JavaPipelines.prepareOnly(p, options)));
    measures.put("java-prepare/2", javaMeasure("colorize prepare only (Java)", 2, files,
        p -> JavaPipelines.prepareOnly(p, options)));
    measures.put("java-python-metrics/2", javaMeasure(
        "colorize prepare + Python's metric set (Java)", 2, files,
        p -> JavaPipelines.prepareAndPythonMetrics(p, options)));
    measures.put("bound/1", javaMeasure("reduced decode+resize bound (Java)", 1, files,
        p -> JavaPipelines.decodeAndResize(p, options)));
    measures.put("bound/2", javaMeasure("reduced decode+resize bound (Java)", 2, files,
        p -> JavaPipelines.decodeAndResize(p, options)));
    if (!skipPython) {
      measures.put("opencv/1", pythonMeasure("opencv", 1, files));
      measures.put("opencv/2", pythonMeasure("opencv", 2, files));
      measures.put("opencv-full/1", pythonMeasure("opencv-full", 1, files));
      measures.put("opencv-full/2", pythonMeasure("opencv-full", 2, files));
      if (!skimageFiles.isEmpty()) {
        measures.put("skimage/1", pythonMeasure("skimage", 1, skimageFiles));
      }
    }

    // Warm-up: JIT and native first-call costs are not throughput.
    for (Measure m : measures.values()) {
      if (m.java != null) {
        for (int pass = 0; pass < 2; pass++) {
          m.once();
        }
      }
    }
    for (int round = 1; round <= repeats; round++) {
      StringBuilder line = new StringBuilder("round " + round + ":");
      for (Map.Entry<String, Measure> e : measures.entrySet()) {
        double ips = e.getValue().once();
        e.getValue().samples.add(ips);
        line.append(String.format(Locale.ROOT, " %s %.1f", e.getKey(), ips));
      }
      System.out.println(line);
    }
    SizeResult result = new SizeResult(label, count, bytes / count, measures);
    System.out.println();
    System.out.print(result.markdown());
    return result;
  }

  private Measure javaMeasure(String name, int threads, List<Path> files,
      JavaPipelines.PerImage work) {
    return new Measure(name, threads, files.size(), () -> timeJava(threads, files, work), work);
  }

  private Measure pythonMeasure(String pipeline, int workers, List<Path> files) {
    String name = switch (pipeline) {
      case "opencv" -> "OpenCV-Python (full decode; PSNR, SSIM, colorfulness)";
      case "opencv-full" -> "OpenCV-Python, colorize's whole metric set (+ sharpness, contrast,"
          + " CIEDE2000 via scikit-image)";
      default -> "scikit-image";
    };
    return new Measure(name, workers, files.size(), () -> timePython(pipeline, workers, files),
        null);
  }

  /** Images/s of one pass over {@code files} on {@code threads} pool threads. */
  private double timeJava(int threads, List<Path> files, JavaPipelines.PerImage work)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<Future<Double>> futures = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      futures.add(pool.submit(() -> {
        double checksum = 0;
        for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
          checksum += work.run(files.get(i));
        }
        return checksum;
      }));
    }
    double checksum = 0;
    for (Future<Double> f : futures) {
      checksum += f.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (Double.isNaN(checksum)) {
      throw new IllegalStateException("NaN checksum");
    }
    return files.size() / seconds;
  }

  /** Images/s reported by one run of the Python script (its own warm-up is not timed). */
  private double timePython(String pipeline, int workers, List<Path> files) throws Exception {
    List<String> command = new ArrayList<>(List.of(python, script.toString(), pipeline,
        String.valueOf(options.size()), String.valueOf(workers)));
    files.forEach(f -> command.add(f.toString()));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    int exit = process.waitFor();
    if (exit != 0 || output.isEmpty()) {
      throw new IllegalStateException("Python pipeline failed (exit " + exit + "): "
          + String.join(" ", command.subList(0, 5)) + " ... " + output);
    }
    String[] lines = output.split("\n");
    JsonNode result = json.readTree(lines[lines.length - 1]);
    return result.get("images_per_s").asDouble();
  }

  private void writeReports(List<SizeResult> results) throws IOException {
    StringBuilder csv = new StringBuilder(
        "size,pipeline,workers,images,repeats,median_images_per_s,min_images_per_s,"
            + "max_images_per_s\n");
    StringBuilder md = new StringBuilder();
    for (SizeResult r : results) {
      for (Measure m : r.measures.values()) {
        if (m.samples.isEmpty()) {
          continue;
        }
        csv.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%.2f,%.2f,%.2f%n", r.label,
            m.name.contains(",") ? '"' + m.name + '"' : m.name, m.workers, m.images,
            m.samples.size(), m.median(), m.min(), m.max()));
      }
      md.append(r.markdown()).append('\n');
    }
    Files.writeString(out.resolve("prepare-score.csv"), csv);
    Files.writeString(out.resolve("prepare-score.md"), md);
    System.out.println("tables written to " + out.resolve("prepare-score.csv") + " and "
        + out.resolve("prepare-score.md"));
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: leave it unnamed
    }
    return "unknown CPU";
  }

  @FunctionalInterface
  private interface Timed {
    double call() throws Exception;
  }

  /** One pipeline at one thread count: how to time a pass, and the samples so far. */
  private static final class Measure {
    final String name;
    final int workers;
    final int images;
    final Timed timed;
    final JavaPipelines.PerImage java;
    final List<Double> samples = new ArrayList<>();

    Measure(String name, int workers, int images, Timed timed, JavaPipelines.PerImage java) {
      this.name = name;
      this.workers = workers;
      this.images = images;
      this.timed = timed;
      this.java = java;
    }

    double once() throws Exception {
      return timed.call();
    }

    double median() {
      double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      int n = sorted.length;
      return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    double min() {
      return samples.stream().min(Comparator.naturalOrder()).orElse(Double.NaN);
    }

    double max() {
      return samples.stream().max(Comparator.naturalOrder()).orElse(Double.NaN);
    }
  }

  /** All measures of one image size, and their table. */
  private record SizeResult(String label, int count, long meanBytes, Map<String, Measure> measures) {

    double median(String key) {
      Measure m = measures.get(key);
      return m == null || m.samples.isEmpty() ? Double.NaN : m.median();
    }

    String markdown() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "### %s JPEGs (%d files, mean %d KB)%n%n", label,
          count, meanBytes / 1024));
      sb.append("| pipeline | threads/workers | images | median images/s | min | max | ms/image "
          + "(per thread) |\n|---|---:|---:|---:|---:|---:|---:|\n");
      for (Measure m : measures.values()) {
        if (m.samples.isEmpty()) {
          continue;
        }
        sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %.1f | %.1f |%n",
            m.name, m.workers, m.images, m.median(), m.min(), m.max(),
            1000.0 * m.workers / m.median()));
      }
      sb.append('\n');
      ratio(sb, "Java (2 threads) / OpenCV-Python (1 worker)", "java-prepare-score/2", "opencv/1",
          ">= 2x");
      ratio(sb, "Java (2 threads) / OpenCV-Python (2 workers)", "java-prepare-score/2",
          "opencv/2", null);
      ratio(sb, "Java (2 threads) / OpenCV-Python same metric set (1 worker)",
          "java-prepare-score/2", "opencv-full/1", ">= 2x");
      ratio(sb, "Java (2 threads) / OpenCV-Python same metric set (2 workers)",
          "java-prepare-score/2", "opencv-full/2", null);
      ratio(sb, "bound (2 threads) / Java (2 threads)", "bound/2", "java-prepare-score/2",
          "<= 1.5x");
      ratio(sb, "bound (2 threads) / Java prepare only (2 threads)", "bound/2", "java-prepare/2",
          null);
      ratio(sb, "Java with Python's metric set (2 threads) / OpenCV-Python (2 workers)",
          "java-python-metrics/2", "opencv/2", null);
      ratio(sb, "Java (1 thread) / OpenCV-Python (1 worker)", "java-prepare-score/1", "opencv/1",
          null);
      ratio(sb, "Java (1 thread) / scikit-image (1 worker)", "java-prepare-score/1", "skimage/1",
          null);
      return sb.toString();
    }

    private void ratio(StringBuilder sb, String what, String numerator, String denominator,
        String target) {
      double value = median(numerator) / median(denominator);
      if (Double.isNaN(value)) {
        return;
      }
      String verdict = "";
      if (target != null) {
        double limit = Double.parseDouble(target.replaceAll("[^0-9.]", ""));
        boolean met = target.startsWith(">=") ? value >= limit : value <= limit;
        verdict = " (target " + target + ": " + (met ? "met" : "NOT met") + ")";
      }
      sb.append(String.format(Locale.ROOT, "- %s: **%.2fx**%s%n", what, value, verdict));
    }
  }
}
