package dev.colorize.model.djl;

import ai.djl.Device;
import dev.colorize.config.ConfigurationException;
import dev.colorize.model.ColorizationException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code <device>} setting: {@code auto} (the first GPU when the engine sees one, else the CPU),
 * {@code cpu}, {@code gpu} (GPU 0) or {@code gpu:N}. Parsing is pure so configurations are checked
 * without loading an engine; {@link #resolve} takes the GPU count the engine reports, which tests
 * inject (no machine here has a GPU).
 *
 * @param kind     what was asked for
 * @param gpuIndex the GPU index for {@link Kind#GPU}, else -1
 */
public record DeviceSelection(Kind kind, int gpuIndex) {

  /** The forms a device setting takes. */
  public enum Kind {
    AUTO, CPU, GPU
  }

  private static final Pattern GPU = Pattern.compile("gpu(?::(\\d{1,4}))?");

  /** Parses a setting; null or blank means {@code auto}; case and outer blanks are ignored. */
  public static DeviceSelection parse(String text) {
    String s = text == null ? "auto" : text.strip().toLowerCase(Locale.ROOT);
    if (s.isEmpty() || s.equals("auto")) {
      return new DeviceSelection(Kind.AUTO, -1);
    }
    if (s.equals("cpu")) {
      return new DeviceSelection(Kind.CPU, -1);
    }
    Matcher m = GPU.matcher(s);
    if (m.matches()) {
      return new DeviceSelection(Kind.GPU, m.group(1) == null ? 0 : Integer.parseInt(m.group(1)));
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a device; use auto, cpu, gpu or gpu:N");
  }

  /**
   * Parses a {@code <device>} for configuration checks.
   *
   * @throws ConfigurationException naming {@code element<device>} and the bad value
   */
  public static DeviceSelection parse(String text, String element) {
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(element + "<device>", "is " + e.getMessage());
    }
  }

  /**
   * The DJL device to load on.
   *
   * @param gpuCount   GPUs the engine sees (DJL {@code Engine.getGpuCount()})
   * @param engineName for messages, e.g. {@code PyTorch}
   * @throws ColorizationException when a GPU is requested that the engine does not see
   */
  public Device resolve(int gpuCount, String engineName) throws ColorizationException {
    switch (kind) {
      case CPU:
        return Device.cpu();
      case AUTO:
        return gpuCount > 0 ? Device.gpu(0) : Device.cpu();
      default:
        if (gpuIndex < gpuCount) {
          return Device.gpu(gpuIndex);
        }
        String seen = gpuCount == 0 ? "sees no GPU" : "sees only " + gpuCount + " GPU(s), 0.."
            + (gpuCount - 1);
        throw new ColorizationException("device 'gpu:" + gpuIndex + "' was requested but the "
            + engineName + " engine " + seen + "; use auto or cpu, check CUDA_VISIBLE_DEVICES,"
            + " and build with the gpu profile (docs/gpu.md) for CUDA natives");
    }
  }

  @Override
  public String toString() {
    return kind == Kind.GPU ? "gpu:" + gpuIndex : kind.name().toLowerCase(Locale.ROOT);
  }
}
