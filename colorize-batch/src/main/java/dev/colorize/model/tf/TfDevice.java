package dev.colorize.model.tf;

import dev.colorize.config.ConfigurationException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * A {@code <device>} for TensorFlow: {@code auto} (TensorFlow's own placement: a GPU when the
 * native build and the machine have one), {@code cpu} (GPUs hidden), {@code gpu} or
 * {@code gpu:N} (that GPU only; it must exist). GPU memory grows on demand instead of TensorFlow
 * reserving the whole card up front, so other processes (a second model, a metric network) still
 * fit.
 *
 * @param kind  AUTO, CPU or GPU
 * @param index the GPU index for GPU, else -1
 */
record TfDevice(Kind kind, int index) {

  enum Kind { AUTO, CPU, GPU }

  private static final Pattern GPU = Pattern.compile("gpu(?::(\\d{1,3}))?");

  /**
   * Parses a {@code <device>} value; null or blank is {@code auto}.
   *
   * @throws ConfigurationException naming {@code element<device>}
   */
  static TfDevice parse(String device, String element) {
    String value = device == null || device.isBlank() ? "auto"
        : device.strip().toLowerCase(Locale.ROOT);
    if (value.equals("auto")) {
      return new TfDevice(Kind.AUTO, -1);
    }
    if (value.equals("cpu")) {
      return new TfDevice(Kind.CPU, -1);
    }
    Matcher gpu = GPU.matcher(value);
    if (gpu.matches()) {
      return new TfDevice(Kind.GPU, gpu.group(1) == null ? 0 : Integer.parseInt(gpu.group(1)));
    }
    throw new ConfigurationException(element + "<device>",
        "is '" + device + "', not a device; use auto, cpu, gpu or gpu:N");
  }

  /** The session configuration that places the model on this device. */
  ConfigProto sessionConfig() {
    ConfigProto.Builder config = ConfigProto.newBuilder();
    switch (kind) {
      case CPU -> config.putDeviceCount("GPU", 0);
      case GPU -> config.setGpuOptions(GPUOptions.newBuilder()
          .setVisibleDeviceList(Integer.toString(index)).setAllowGrowth(true));
      case AUTO -> config.setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true));
    }
    return config.build();
  }

  /**
   * Whether TensorFlow can place an operation on this device's GPU: a one-constant graph pinned
   * to it, run without soft placement, fails when the native build or the machine lacks it.
   */
  boolean gpuUsable() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph).withDevice(DeviceSpec.newBuilder()
          .deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(0).build());
      var probe = tf.constant(1f);
      ConfigProto config = sessionConfig().toBuilder().setAllowSoftPlacement(false).build();
      try (Session session = new Session(graph, config);
          Result result = session.runner().fetch(probe).run()) {
        return result.size() == 1;
      }
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return kind == Kind.GPU ? "gpu:" + index : kind.name().toLowerCase(Locale.ROOT);
  }
}
