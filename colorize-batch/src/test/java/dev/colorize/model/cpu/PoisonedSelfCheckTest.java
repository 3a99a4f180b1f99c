package dev.colorize.model.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The self-check's poisoned run, for real, in a child JVM: glibc's poison must reach PyTorch's
 * fresh tensors, or a poisoned run that comes out right would prove nothing about uninitialised
 * reads. (Whether the convolutions are right depends on the machine, so it is not asserted.)
 */
class PoisonedSelfCheckTest {
  @Test
  void thePoisonReachesFreshPyTorchTensorsAndTheCheckRuns() {
    List<Path> classpath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classpath.add(Path.of(entry));
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    InstructionSetChoice.Attempt poisoned = new InstructionSetChoice.ChildJvmProber(java,
        classpath).probe("ALL", false);
    assertTrue(poisoned.ran(), poisoned.summary());
    assertTrue(poisoned.result().poisonSeen(),
        "MALLOC_PERTURB_=" + InstructionSetChoice.POISON + " did not reach a fresh tensor");
    assertEquals(ConvolutionCheck.selfCheckShapes().size(), poisoned.result().cases());
  }
}
