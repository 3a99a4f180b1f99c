package dev.colorize.bench.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Peak resident set size of this process, from Linux's {@code /proc/self/status}. */
final class PeakMemory {
  private PeakMemory() {}

  /** @return {@code VmHWM} in KiB, or -1 where {@code /proc} has none (not Linux) */
  static long peakRssKb() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return -1;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.substring(6).replace("kB", "").trim());
      }
    }
    return -1;
  }
}
