package dev.colorize.model.cpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What identifies a CPU for {@link InstructionSetChoice}'s cache: vendor, family, model,
 * stepping, model name and flags of the first processor in {@code /proc/cpuinfo} (a machine
 * moved to another CPU, or a VM given other flags, is checked again). Elsewhere only the OS and
 * architecture are known, and the check runs whenever those change.
 *
 * @param fields the identifying fields, in {@code /proc/cpuinfo} order
 */
public record CpuIdentity(Map<String, String> fields) {
  private static final List<String> KEYS = List.of("vendor_id", "cpu family", "model",
      "model name", "stepping", "flags");

  /** This machine's. */
  public static CpuIdentity current() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.isReadable(cpuinfo)) {
      try {
        return parse(Files.readString(cpuinfo, StandardCharsets.UTF_8));
      } catch (IOException e) {
        // Fall through: identify by what the JVM knows.
      }
    }
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    return new CpuIdentity(fields);
  }

  /** The identifying fields of the first processor block of a {@code /proc/cpuinfo} text. */
  public static CpuIdentity parse(String cpuinfo) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : cpuinfo.split("\n")) {
      if (line.isBlank() && !fields.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).strip();
      if (KEYS.contains(key) && !fields.containsKey(key)) {
        fields.put(key, line.substring(colon + 1).strip());
      }
    }
    return new CpuIdentity(fields);
  }

  /** For logs: e.g. {@code AMD EPYC (AuthenticAMD family 25 model 17)}. */
  public String describe() {
    if (!fields.containsKey("model name")) {
      return String.join(" ", fields.values());
    }
    return fields.get("model name") + " (" + fields.getOrDefault("vendor_id", "?") + " family "
        + fields.getOrDefault("cpu family", "?") + " model " + fields.getOrDefault("model", "?")
        + ")";
  }
}
