package dev.colorize.model.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.config.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;

class TfDeviceTest {

  @Test
  void parsesEveryDeviceForm() {
    assertEquals(new TfDevice(TfDevice.Kind.AUTO, -1), TfDevice.parse(null, "e"));
    assertEquals(new TfDevice(TfDevice.Kind.AUTO, -1), TfDevice.parse(" Auto ", "e"));
    assertEquals(new TfDevice(TfDevice.Kind.CPU, -1), TfDevice.parse("cpu", "e"));
    assertEquals(new TfDevice(TfDevice.Kind.GPU, 0), TfDevice.parse("gpu", "e"));
    assertEquals(new TfDevice(TfDevice.Kind.GPU, 3), TfDevice.parse("GPU:3", "e"));
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> TfDevice.parse("cuda", "<models><model>[1] "));
    assertEquals("<models><model>[1] <device>", e.element());
    assertTrue(e.getMessage().contains("'cuda'"));
  }

  @Test
  void cpuHidesGpusAndGpuNShowsOnlyThatOneWithGrowingMemory() {
    ConfigProto cpu = TfDevice.parse("cpu", "e").sessionConfig();
    assertEquals(0, cpu.getDeviceCountOrThrow("GPU"));
    ConfigProto gpu = TfDevice.parse("gpu:2", "e").sessionConfig();
    assertEquals("2", gpu.getGpuOptions().getVisibleDeviceList());
    assertTrue(gpu.getGpuOptions().getAllowGrowth());
    assertTrue(TfDevice.parse("auto", "e").sessionConfig().getGpuOptions().getAllowGrowth());
  }

  @Test
  void theCpuBuildOfTensorFlowHasNoGpu() {
    // The test classpath carries the CPU native build: a GPU can never be placed.
    assertFalse(TfDevice.parse("gpu", "e").gpuUsable());
  }
}
