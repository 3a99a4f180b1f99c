package dev.colorize.bench;

import dev.colorize.image.CieLab;
import dev.colorize.image.LabImage;
import dev.colorize.image.PairPreparer;
import dev.colorize.image.PrepareOptions;
import dev.colorize.image.PreparedPair;
import dev.colorize.image.RgbImage;
import dev.colorize.metric.Colorfulness;
import dev.colorize.metric.DeltaE2000;
import dev.colorize.metric.ImageScorer;
import dev.colorize.metric.Ssim;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * The scorer alone, steady state: prepares the JPEGs of a directory once, then scores each pair
 * (the gray baseline and a desaturated, hue-shifted prediction against the truth) over and over,
 * single-threaded, and prints mean thread-CPU milliseconds per 256x256 pair for
 * {@link ImageScorer#score} and its most expensive parts. Unlike {@link StageBreakdown}, nothing
 * runs between the calls, so this is the scorer's cost once the JIT has compiled it.
 *
 * <p>Usage: {@code ScorerLoop DIR [ROUNDS]}.
 */
public final class ScorerLoop {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static double sink;

  private ScorerLoop() {}

  public static void main(String[] args) throws Exception {
    Path dir = Paths.get(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    List<RgbImage[]> pairs = new ArrayList<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path file : list.filter(p -> p.toString().endsWith(".jpg")).sorted().toList()) {
        PreparedPair pair = PairPreparer.prepare(Files.readAllBytes(file), file.toString(), null,
            PrepareOptions.defaults());
        pairs.add(new RgbImage[] {CieLab.toRgb(pair.gray()), pair.truth()});
        pairs.add(new RgbImage[] {CieLab.toRgb(shifted(pair.lab())), pair.truth()});
      }
    }
    System.out.printf(Locale.ROOT, "%d pairs, %d rounds, CPU ms per pair:%n", pairs.size(),
        rounds);
    time("ImageScorer.score", pairs, p -> ImageScorer.score(p[0], p[1]).psnr(), rounds);
    time("  SSIM", pairs, p -> Ssim.of(p[0], p[1]), rounds);
    time("  CIEDE2000 with both Lab", pairs, p -> DeltaE2000.mean(p[0], p[1]), rounds);
    time("  colourfulness x2", pairs, p -> Colorfulness.of(p[0]) + Colorfulness.of(p[1]),
        rounds);
    time("CieLab.fromRgb (for scale)", pairs, p -> CieLab.fromRgb(p[0]).l()[0], rounds);
    if (sink == 42) {
      System.out.println();
    }
  }

  /** A plausible colorization: chroma scaled by 0.6 and rotated, plus an offset. */
  private static LabImage shifted(LabImage lab) {
    float[] a = lab.a().clone();
    float[] b = lab.b().clone();
    for (int i = 0; i < a.length; i++) {
      float aa = a[i];
      float bb = b[i];
      a[i] = 0.6f * aa - 0.3f * bb + 3;
      b[i] = 0.3f * aa + 0.7f * bb - 2;
    }
    return new LabImage(lab.width(), lab.height(), lab.l(), a, b);
  }

  private static void time(String name, List<RgbImage[]> pairs, ToDoubleFunction<RgbImage[]> f,
      int rounds) {
    for (int k = 0; k < rounds; k++) { // warm-up: the vectorised loops need C2
      for (RgbImage[] p : pairs) {
        sink += f.applyAsDouble(p);
      }
    }
    long start = THREADS.getCurrentThreadCpuTime();
    for (int k = 0; k < rounds; k++) {
      for (RgbImage[] p : pairs) {
        sink += f.applyAsDouble(p);
      }
    }
    double ms = (THREADS.getCurrentThreadCpuTime() - start) / 1e6 / rounds / pairs.size();
    System.out.printf(Locale.ROOT, "%-30s %7.2f%n", name, ms);
  }
}
