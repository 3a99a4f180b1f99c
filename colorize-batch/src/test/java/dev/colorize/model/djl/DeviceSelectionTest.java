package dev.colorize.model.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.colorize.config.ConfigurationException;
import dev.colorize.model.ColorizationException;
import org.junit.jupiter.api.Test;

class DeviceSelectionTest {

  private static final String ELEMENT = "<models><model>[1] 'm' ";

  @Test
  void parsesEveryForm() {
    assertEquals(new DeviceSelection(DeviceSelection.Kind.AUTO, -1), DeviceSelection.parse("auto"));
    assertEquals(new DeviceSelection(DeviceSelection.Kind.AUTO, -1), DeviceSelection.parse(null));
    assertEquals(new DeviceSelection(DeviceSelection.Kind.AUTO, -1), DeviceSelection.parse(" "));
    assertEquals(new DeviceSelection(DeviceSelection.Kind.CPU, -1), DeviceSelection.parse(" CPU "));
    assertEquals(new DeviceSelection(DeviceSelection.Kind.GPU, 0), DeviceSelection.parse("gpu"));
    assertEquals(new DeviceSelection(DeviceSelection.Kind.GPU, 3), DeviceSelection.parse("gpu:3"));
    assertEquals("gpu:3", DeviceSelection.parse("GPU:3").toString());
  }

  @Test
  void rejectsOtherSyntaxNamingTheElement() {
    for (String bad : new String[] {"cuda", "gpu:", "gpu:-1", "gpu:a", "gpu0", "cpu:1"}) {
      ConfigurationException e = assertThrows(ConfigurationException.class,
          () -> DeviceSelection.parse(bad, ELEMENT), bad);
      assertEquals(ELEMENT + "<device>", e.element());
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
  }

  @Test
  void autoTakesTheFirstGpuWhenTheEngineSeesOne() throws Exception {
    assertEquals(Device.cpu(), DeviceSelection.parse("auto").resolve(0, "PyTorch"));
    assertEquals(Device.gpu(0), DeviceSelection.parse("auto").resolve(2, "PyTorch"));
  }

  @Test
  void cpuIsCpuWhateverTheGpus() throws Exception {
    assertEquals(Device.cpu(), DeviceSelection.parse("cpu").resolve(4, "PyTorch"));
  }

  @Test
  void explicitGpuNeedsThatGpu() throws Exception {
    assertEquals(Device.gpu(1), DeviceSelection.parse("gpu:1").resolve(2, "PyTorch"));
    ColorizationException none = assertThrows(ColorizationException.class,
        () -> DeviceSelection.parse("gpu").resolve(0, "PyTorch"));
    assertTrue(
        none.getMessage().contains("'gpu:0' was requested but the PyTorch engine sees no GPU"),
        none.getMessage());
    ColorizationException tooFew = assertThrows(ColorizationException.class,
        () -> DeviceSelection.parse("gpu:2").resolve(2, "OnnxRuntime"));
    assertTrue(tooFew.getMessage().contains("sees only 2 GPU(s), 0..1"), tooFew.getMessage());
  }

  @Test
  void autoFollowsWhatTheEngineSees() throws Exception {
    // CI machines have no GPU (DESIGN.md), so this is the CPU there; with -Pgpu on a CUDA
    // machine it is GPU 0.
    int gpus = ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount();
    assertEquals(gpus > 0 ? Device.gpu(0) : Device.cpu(),
        DeviceSelection.parse("auto").resolve(gpus, "PyTorch"));
  }
}
