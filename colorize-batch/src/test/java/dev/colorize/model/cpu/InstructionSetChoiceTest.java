package dev.colorize.model.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.model.builtin.PaddedConv2d;
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
        wrong > 0 ? "conv 12 -> 8" : null, wrongBlocked > 0 ? "conv 16 -> 16" : null, 1e-6, 1, true);
  }

  /** A prober whose outcomes are given per candidate and mode ("AVX2" poisoned, "AVX2+" zeroed). */
  private static InstructionSetChoice.Prober given(Map<String, SelfCheckResult> outcomes,
      List<String> probed) {
    return (isa, fill) -> {
      String key = fill ? isa + "+" : isa;
      probed.add(key);
      return new InstructionSetChoice.Attempt(isa, fill, outcomes.get(key), null);
    };
  }

  @Test
  void theFastestCandidateRightForEveryConvolutionWinsAndBuiltinMayGoFaster() {
    List<String> probed = new ArrayList<>();
    // As on the earlier EPYC machines: AVX-512 wrong, AVX2 wrong for unblocked channel counts,
    // and the uninitialised reads that only the fill hides.
    Map<String, SelfCheckResult> outcomes = Map.of(
        "ALL", result("ALL", 40, 3), "ALL+", result("ALL", 40, 3),
        "AVX512_CORE", result("AVX512_CORE", 40, 3), "AVX512_CORE+", result("AVX512_CORE", 40, 3),
        "AVX2", result("AVX2", 12, 0), "AVX2+", result("AVX2", 12, 0),
        "AVX", result("AVX", 2, 0), "AVX+", result("AVX", 0, 0));
    InstructionSetChoice choice = new InstructionSetChoice(cache, CPU, "pytorch-native-cpu",
        given(outcomes, probed));
    InstructionSetChoice.Choice c = choice.choose(false);
    assertEquals("AVX", c.any());
    assertTrue(c.anyNeedsFill(), "right only with fresh allocations zeroed");
    assertEquals("AVX2", c.padded());
    assertFalse(c.paddedNeedsFill(), "the blocked ones were right poisoned");
    assertNull(c.warning());
    assertEquals(List.of("ALL", "ALL+", "AVX512_CORE", "AVX512_CORE+", "AVX2", "AVX2+", "AVX",
        "AVX+"), probed, "stops at the first right");
    assertTrue(c.cpu().startsWith("AMD EPYC (AuthenticAMD family 25 model 17)"), c.cpu());
    assertTrue(Files.isRegularFile(choice.cacheFile()));
    assertEquals(Map.of("DNNL_MAX_CPU_ISA", "AVX", "MALLOC_PERTURB_", "255",
        PaddedConv2d.SWITCH_VARIABLE, "false"), c.environment(false),
        "any model: the fill; every channel count is right at AVX, so no padding");
    assertEquals(Map.of("DNNL_MAX_CPU_ISA", "AVX2"), c.environment(true),
        "a built-in network at AVX2 needs its padding and no fill");

    probed.clear();
    InstructionSetChoice.Choice again = choice.choose(false);
    assertEquals(List.of(), probed, "kept per machine: no second check");
    assertEquals(c, again);
    choice.choose(true);
    assertEquals(8, probed.size(), "refresh checks again");
  }

  @Test
  void aMachineWhereEverythingIsRightRunsWithoutAnyWorkaroundAfterOneCheck() {
    List<String> probed = new ArrayList<>();
    InstructionSetChoice.Choice c = new InstructionSetChoice(cache, CPU, "n",
        given(Map.of("ALL", result("ALL", 0, 0)), probed)).choose(false);
    assertEquals("ALL", c.any());
    assertEquals("ALL", c.padded());
    assertFalse(c.anyNeedsFill());
    assertEquals(List.of("ALL"), probed, "right poisoned: the zeroed run is not needed");
    Map<String, String> unlimited = Map.of("DNNL_MAX_CPU_ISA", "ALL",
        PaddedConv2d.SWITCH_VARIABLE, "false");
    assertEquals(unlimited, c.environment(false));
    assertEquals(unlimited, c.environment(true));
  }

  @Test
  void uninitialisedReadsAloneKeepTheFastestSetWithTheFill() {
    List<String> probed = new ArrayList<>();
    InstructionSetChoice.Choice c = new InstructionSetChoice(cache, CPU, "n",
        given(Map.of("ALL", result("ALL", 5, 5), "ALL+", result("ALL", 0, 0)), probed))
        .choose(false);
    assertEquals(List.of("ALL", "ALL+"), probed);
    assertEquals("ALL", c.any());
    assertTrue(c.anyNeedsFill());
    assertTrue(c.paddedNeedsFill(), "the blocked ones too were right only with the fill");
    assertEquals(Map.of("DNNL_MAX_CPU_ISA", "ALL", "MALLOC_PERTURB_", "255",
        PaddedConv2d.SWITCH_VARIABLE, "false"), c.environment(false),
        "every channel count right at ALL: no padding, but the fill");
  }

  @Test
  void aPoisonedRunWhosePoisonNeverReachedPyTorchProvesNothing() {
    List<String> probed = new ArrayList<>();
    SelfCheckResult unpoisoned = new SelfCheckResult("ALL", "2.7.1", 100, 0, 0, null, null, 1e-6,
        1, false);
    InstructionSetChoice.Choice c = new InstructionSetChoice(cache, CPU, "n",
        given(Map.of("ALL", unpoisoned, "ALL+", result("ALL", 0, 0)), probed)).choose(false);
    assertEquals(List.of("ALL", "ALL+"), probed);
    assertTrue(c.anyNeedsFill(), "another allocator: the fill stays");
    assertTrue(c.paddedNeedsFill());
  }

  @Test
  void aCandidateThatCannotStartIsNotTriedAgainZeroed() {
    List<String> probed = new ArrayList<>();
    InstructionSetChoice.Choice c = new InstructionSetChoice(cache, CPU, "n", (isa, fill) -> {
      probed.add(fill ? isa + "+" : isa);
      return isa.equals("ALL") ? new InstructionSetChoice.Attempt(isa, fill, null, "SIGILL")
          : new InstructionSetChoice.Attempt(isa, fill, result(isa, 0, 0), null);
    }).choose(false);
    assertEquals(List.of("ALL", "AVX512_CORE"), probed);
    assertEquals("AVX512_CORE", c.any());
  }

  @Test
  void aCheckThatCannotRunFallsBackWithAReasonAndIsNotKept() {
    InstructionSetChoice choice = new InstructionSetChoice(cache, CPU, "n",
        (isa, fill) -> new InstructionSetChoice.Attempt(isa, fill, null,
            "exit status 1: no PyTorch natives"));
    InstructionSetChoice.Choice c = choice.choose(false);
    assertEquals(InstructionSetChoice.FALLBACK, c.any());
    assertEquals(Map.of("DNNL_MAX_CPU_ISA", InstructionSetChoice.FALLBACK, "MALLOC_PERTURB_",
        "255"), c.environment(false), "unchecked: both guards on");
    assertNotNull(c.warning());
    assertTrue(c.warning().contains("no PyTorch natives"), c.warning());
    assertTrue(!Files.exists(choice.cacheFile()), "a failed check is tried again next time");
  }

  @Test
  void anotherCpuOrOtherNativesHaveTheirOwnCacheFile() {
    InstructionSetChoice.Prober never = (isa, fill) -> null;
    Path a = new InstructionSetChoice(cache, CPU, "n1", never).cacheFile();
    Path b = new InstructionSetChoice(cache, CPU, "n2", never).cacheFile();
    Path c = new InstructionSetChoice(cache, CpuIdentity.parse("model name\t: Intel Xeon\n"),
        "n1", never).cacheFile();
    assertTrue(!a.equals(b) && !a.equals(c) && !b.equals(c));
  }
}
