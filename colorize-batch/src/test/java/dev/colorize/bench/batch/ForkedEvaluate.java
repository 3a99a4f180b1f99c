package dev.colorize.bench.batch;

import dev.colorize.config.RunConfiguration;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the real CLI ({@code colorize evaluate --config run.json}) in a forked JVM with a fixed
 * heap limit and measures its memory: peak resident set size from the kernel (GNU time's
 * {@code %M}, i.e. {@code ru_maxrss}, and {@code VmHWM} polled from {@code /proc}), and the heap
 * from the unified GC log (largest heap used after a collection, largest heap committed).
 */
final class ForkedEvaluate {

  /**
   * One run's figures; sizes in KiB (RSS) or MiB (heap), -1 when unknown.
   *
   * @param maxRssKb          ru_maxrss of the JVM (GNU time), the kernel's own peak
   * @param polledHwmKb       largest VmHWM read from /proc while it ran (a lower bound)
   * @param peakHeapAfterGcMb largest heap occupancy right after a GC: the live set's high mark
   * @param peakHeapBeforeGcMb largest heap occupancy right before a GC
   * @param peakHeapCommittedMb largest committed heap
   * @param peakHeapAfterMarkMb largest heap occupancy after a marking cycle's remark, a mixed or
   *                          a full collection, where old garbage is gone: the live set's high
   *                          mark (-1 when no such collection happened)
   * @param gcs               collections logged
   */
  record Result(int images, int exit, double seconds, long maxRssKb, long polledHwmKb,
      long peakHeapAfterGcMb, long peakHeapBeforeGcMb, long peakHeapCommittedMb,
      long peakHeapAfterMarkMb, int gcs, long scoreRows) {}

  private static final Pattern GC_PAUSE =
      Pattern.compile("Pause .*? (\\d+)M->(\\d+)M\\((\\d+)M\\)");

  private ForkedEvaluate() {}

  /**
   * @param classPath the CLI's class path
   * @param jvmArgs   e.g. -Xmx512m
   */
  static Result run(Path runDir, Path dataset, int images, String classPath, List<String> jvmArgs)
      throws Exception {
    deleteWork(runDir);
    Files.createDirectories(runDir);
    RunConfiguration config = BatchOverheadBenchmark.configuration(runDir.resolve("work"),
        dataset);
    Path configFile = runDir.resolve("run.json");
    config.write(configFile);
    Path gcLog = runDir.resolve("gc.log");
    Path rssFile = runDir.resolve("maxrss.txt");
    List<String> command = new ArrayList<>();
    boolean gnuTime = new File("/usr/bin/time").canExecute();
    if (gnuTime) {
      command.addAll(List.of("/usr/bin/time", "-f", "%M", "-o", rssFile.toString()));
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.addAll(List.of("-Xlog:gc:file=" + gcLog, "-Dai.djl.offline=true",
        "-Djava.awt.headless=true", "-cp", classPath, "dev.colorize.cli.ColorizeCli", "evaluate",
        "--config", configFile.toString()));
    Files.writeString(runDir.resolve("command.txt"), String.join(" ", command) + "\n");
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(runDir.resolve("output.log").toFile());
    long start = System.nanoTime();
    Process process = builder.start();
    long hwm = -1;
    while (process.isAlive()) {
      Optional<ProcessHandle> jvm = gnuTime
          ? process.toHandle().children().findFirst() : Optional.of(process.toHandle());
      if (jvm.isPresent()) {
        hwm = Math.max(hwm, statusKb(jvm.get().pid(), "VmHWM"));
      }
      Thread.sleep(20);
    }
    int exit = process.waitFor();
    double seconds = (System.nanoTime() - start) / 1e9;
    long maxRss = gnuTime && Files.exists(rssFile) ? lastNumber(Files.readString(rssFile)) : -1;
    long after = -1;
    long before = -1;
    long committed = -1;
    long afterMark = -1;
    int gcs = 0;
    if (Files.exists(gcLog)) {
      for (String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
        Matcher m = GC_PAUSE.matcher(line);
        if (m.find()) {
          gcs++;
          before = Math.max(before, Long.parseLong(m.group(1)));
          after = Math.max(after, Long.parseLong(m.group(2)));
          committed = Math.max(committed, Long.parseLong(m.group(3)));
          if (line.contains("Pause Remark") || line.contains("(Mixed)")
              || line.contains("Pause Full")) {
            afterMark = Math.max(afterMark, Long.parseLong(m.group(2)));
          }
        }
      }
    }
    Path scores = config.workPath().resolve("evaluate").resolve("scores.csv");
    long rows = -1;
    if (Files.exists(scores)) {
      try (var lines = Files.lines(scores, StandardCharsets.UTF_8)) {
        rows = lines.count() - 1;
      }
    }
    return new Result(images, exit, seconds, maxRss, hwm, after, before, committed, afterMark,
        gcs, rows);
  }

  /** A {@code /proc/<pid>/status} field in kB, or -1 when the process is gone. */
  private static long statusKb(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith(field + ":")) {
          return lastNumber(line.substring(field.length() + 1).replace("kB", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process ended between two polls
    }
    return -1;
  }

  private static long lastNumber(String text) {
    String[] parts = text.trim().split("\\s+");
    return Long.parseLong(parts[parts.length - 1].trim());
  }

  private static void deleteWork(Path runDir) throws IOException {
    Path work = runDir.resolve("work");
    if (Files.exists(work)) {
      try (var files = Files.walk(work)) {
        for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
  }
}
