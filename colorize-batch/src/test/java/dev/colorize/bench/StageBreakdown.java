package dev.colorize.bench;

import dev.colorize.image.Box;
import dev.colorize.image.CieLab;
import dev.colorize.image.DecodedImage;
import dev.colorize.image.ImageDecoder;
import dev.colorize.image.ImageHeader;
import dev.colorize.image.ImageProbe;
import dev.colorize.image.LabImage;
import dev.colorize.image.PairPreparer;
import dev.colorize.image.PrepareOptions;
import dev.colorize.image.PreparedPair;
import dev.colorize.image.RgbImage;
import dev.colorize.metric.Colorfulness;
import dev.colorize.metric.Contrast;
import dev.colorize.metric.DeltaE2000;
import dev.colorize.metric.ImageScorer;
import dev.colorize.metric.Psnr;
import dev.colorize.metric.Sharpness;
import dev.colorize.metric.Ssim;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.bytedeco.opencv.global.opencv_core;

/**
 * Where the time of one prepare-and-score iteration goes, single-threaded: each stage of
 * {@link JavaPipelines#prepareAndScore} timed on its own over the JPEGs of a directory (e.g. one
 * kept by {@code PipelineBenchmark --keep-images}). Prints mean CPU milliseconds (of
 * this thread, so other load on the machine matters less) per image per stage.
 *
 * <p>Usage: {@code StageBreakdown DIR [PASSES]}.
 */
public final class StageBreakdown {

  /** CPU time of this thread, so load from other processes does not inflate the stages. */
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private StageBreakdown() {}

  public static void main(String[] args) throws Exception {
    Path dir = Paths.get(args[0]);
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    opencv_core.setNumThreads(1);
    List<Path> files = new ArrayList<>();
    try (Stream<Path> list = Files.list(dir)) {
      list.filter(p -> p.toString().endsWith(".jpg")).sorted().forEach(files::add);
    }
    Map<String, List<Path>> bySize = new LinkedHashMap<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      bySize.computeIfAbsent(name.substring(0, name.lastIndexOf('_')), k -> new ArrayList<>())
          .add(file);
    }
    for (Map.Entry<String, List<Path>> e : bySize.entrySet()) {
      System.out.println("== " + e.getKey() + " (" + e.getValue().size() + " files)");
      breakdown(e.getValue(), passes);
    }
  }

  private static void breakdown(List<Path> files, int passes) throws Exception {
    PrepareOptions options = PrepareOptions.defaults();
    Map<String, double[]> totals = new LinkedHashMap<>();
    for (int pass = 0; pass <= passes; pass++) {
      boolean record = pass > 0; // pass 0 warms up
      for (Path file : files) {
        byte[] bytes = time(totals, record, "read bytes", () -> read(file));
        String name = file.toString();
        ImageHeader header = time(totals, record, "probe header", () -> ImageProbe.probe(bytes,
            name));
        Box crop = JavaPipelines.centralBox(header.orientedWidth(), header.orientedHeight());
        time(totals, record, "bound: reduced decode + resize",
            () -> JavaPipelines.decodeAndResize(file, options));
        DecodedImage decoded = time(totals, record, "decode (checks, reduced, to Java RGB)",
            () -> ImageDecoder.decode(bytes, name, options.decodeOptions(crop)));
        PreparedPair pair = time(totals, record, "PairPreparer.prepare (all of it)",
            () -> PairPreparer.prepare(bytes, name, crop, options));
        LabImage lab = time(totals, record, "  CieLab.fromRgb (256)",
            () -> CieLab.fromRgb(pair.resized()));
        time(totals, record, "  CieLab.toRgb (256)", () -> CieLab.toRgb(lab));
        RgbImage pred = time(totals, record, "gray prediction toRgb",
            () -> CieLab.toRgb(pair.gray()));
        RgbImage truth = pair.truth();
        time(totals, record, "ImageScorer.score (all of it)", () -> ImageScorer.score(pred, truth));
        time(totals, record, "  PSNR", () -> Psnr.of(pred, truth));
        time(totals, record, "  SSIM", () -> Ssim.of(pred, truth));
        time(totals, record, "  colorfulness x2",
            () -> Colorfulness.of(pred) + Colorfulness.of(truth));
        LabImage predLab = CieLab.fromRgb(pred);
        time(totals, record, "  sharpness + contrast (of float Lab)",
            () -> Sharpness.of(predLab) + Contrast.of(predLab));
        time(totals, record, "  CIEDE2000 mean (with both Lab)", () -> DeltaE2000.mean(pred, truth));
        if (decoded.pixels().width() < 0) {
          throw new IllegalStateException();
        }
      }
    }
    int n = files.size() * passes;
    for (Map.Entry<String, double[]> e : totals.entrySet()) {
      System.out.printf(Locale.ROOT, "%-42s %8.2f ms%n", e.getKey(), e.getValue()[0] / n / 1e6);
    }
  }

  private static <T> T time(Map<String, double[]> totals, boolean record, String stage,
      Supplier<T> work) {
    long start = THREADS.getCurrentThreadCpuTime();
    T result = work.get();
    long elapsed = THREADS.getCurrentThreadCpuTime() - start;
    if (record) {
      totals.computeIfAbsent(stage, k -> new double[1])[0] += elapsed;
    }
    return result;
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
