package dev.colorize.model.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The choice among candidates and its cache, with the check's outcomes given (no natives). */
class InstructionSetChoiceTest {
  @TempDir
  Path cache;

  private static final CpuIdentity CPU = CpuIdentity.parse(
      "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 17\n"
          + "model name\t: AMD EPYC\nstepping\t: 1\nflags\t\t: fpu avx avx2 avx512f\n\n"
          + "processor\t: 1\nvendor_id\t: Other\n");

  private static SelfCheckResult result(String isa, int wrong, int wrongBlocked) {
    return new SelfCheckResult(isa, "2.7.1", 100, wrong, wrongBlocked,
        wrong > 0 ? "conv 12 -> 8" : null, wrongBlocked > 0 ? "conv 16 -> 16" : null, 1e-6, 1);
  }

  @Test
  void theFastestCandidateRightForEveryConvolutionWinsAndBuiltinMayGoFaster() {
    List<String> probed = new ArrayList<>();
    Map<String, SelfCheckResult> outcomes = Map.of(
        "ALL", result("ALL", 40, 3), "AVX512_CORE", result("AVX512_CORE", 40, 3),
        "AVX2", result("AVX2", 12, 0), "AVX", result("AVX", 0, 0));
    InstructionSetChoice choice = new InstructionSetChoice(cache, CPU, "pytorch-native-cpu",
        isa -> {
          probed.add(isa);
          return new InstructionSetChoice.Attempt(isa, outcomes.get(isa), null);
        });
    InstructionSetChoice.Choice c = choice.choose(false);
    assertEquals("AVX", c.any());
    assertEquals("AVX2", c.builtin());
    assertNull(c.warning());
    assertEquals(List.of("ALL", "AVX512_CORE", "AVX2", "AVX"), probed, "stops at the first right");
    assertTrue(c.cpu().startsWith("AMD EPYC (AuthenticAMD family 25 model 17)"), c.cpu());
    assertTrue(Files.isRegularFile(choice.cacheFile()));

    probed.clear();
    InstructionSetChoice.Choice again = choice.choose(false);
    assertEquals(List.of(), probed, "kept per machine: no second check");
    assertEquals(c, again);
    choice.choose(true);
    assertEquals(4, probed.size(), "refresh checks again");
  }

  @Test
  void aMachineWhereEverythingIsRightRunsWithoutALimitAfterOneCheck() {
    List<String> probed = new ArrayList<>();
    InstructionSetChoice.Choice c = new InstructionSetChoice(cache, CPU, "n", isa -> {
      probed.add(isa);
      return new InstructionSetChoice.Attempt(isa, result(isa, 0, 0), null);
    }).choose(false);
    assertEquals("ALL", c.any());
    assertEquals("ALL", c.builtin());
    assertEquals(List.of("ALL"), probed);
  }

  @Test
  void aCheckThatCannotRunFallsBackWithAReasonAndIsNotKept() {
    InstructionSetChoice choice = new InstructionSetChoice(cache, CPU, "n",
        isa -> new InstructionSetChoice.Attempt(isa, null, "exit status 1: no PyTorch natives"));
    InstructionSetChoice.Choice c = choice.choose(false);
    assertEquals(InstructionSetChoice.FALLBACK, c.any());
    assertNotNull(c.warning());
    assertTrue(c.warning().contains("no PyTorch natives"), c.warning());
    assertTrue(!Files.exists(choice.cacheFile()), "a failed check is tried again next time");
  }

  @Test
  void anotherCpuOrOtherNativesHaveTheirOwnCacheFile() {
    InstructionSetChoice.Prober never = isa -> null;
    Path a = new InstructionSetChoice(cache, CPU, "n1", never).cacheFile();
    Path b = new InstructionSetChoice(cache, CPU, "n2", never).cacheFile();
    Path c = new InstructionSetChoice(cache, CpuIdentity.parse("model name\t: Intel Xeon\n"),
        "n1", never).cacheFile();
    assertTrue(!a.equals(b) && !a.equals(c) && !b.equals(c));
  }
}
