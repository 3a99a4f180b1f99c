package dev.colorize.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.config.DatasetConfig;
import dev.colorize.config.DetectorConfig;
import dev.colorize.config.FeatureModelConfig;
import dev.colorize.config.FinetuneConfig;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import dev.colorize.model.cpu.InstructionSetChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The finetune goal's parameters -> the RunConfiguration the CLI reads, and its checks. */
class FinetuneMojoTest {

  @TempDir Path project;
  private FinetuneMojo mojo;

  @BeforeEach
  void mojoAsMavenWouldConfigureIt() throws Exception {
    Files.createDirectories(project.resolve("data/kfood"));
    mojo = new FinetuneMojo();
    mojo.basedir = project.toFile();
    mojo.workDirectory = project.resolve("target/colorize").toFile();
    mojo.imageSize = 256;
    mojo.resizePolicy = "stretch";
    mojo.chunkSize = 16;
    mojo.maxSkipRatio = 0.5;
    mojo.maxSkips = -1;
    mojo.datasets = new ArrayList<>(List.of(new DatasetConfig("food", "aihub-food",
        "data/kfood")));
    ModelConfig net = new ModelConfig("net", "builtin");
    net.architecture = "deoldify";
    net.size = "tiny";
    net.options.put("init", "random");
    mojo.models = new ArrayList<>(List.of(net));
    mojo.finetune = new FinetuneConfig("net", "food");
    mojo.finetune.epochs = 3;
    mojo.finetune.phases = "generator:1,critic:1,gan:1";
  }

  @Test
  void architectureAndSizeElementsBecomeEngineOptionsAndFinetuneIsCopied() throws Exception {
    RunConfiguration c = mojo.runConfiguration();
    ModelConfig net = c.models.get(0);
    assertEquals("deoldify", net.options.get("architecture"));
    assertEquals("tiny", net.options.get("size"));
    assertNull(net.architecture, "moved, not duplicated in the JSON the CLI reads");
    assertEquals("food", c.finetune.dataset);
    assertEquals(3, c.finetune.epochs);
    assertEquals("generator:1,critic:1,gan:1", c.finetune.phases);
    assertTrue(mojo.cliArguments().containsAll(List.of("finetune", "--config")));
    // The self-check's choice as on an AMD EPYC whose AVX2 kernels are wrong only for unblocked
    // channel counts.
    InstructionSetChoice.Choice epyc = new InstructionSetChoice.Choice("AVX", true, "AVX2", false,
        "AMD EPYC", "pytorch", "2026-12-07T00:00:00Z", List.of(), null);
    mojo.cpuChoice = epyc;
    // Surefire's own DNNL_MAX_CPU_ISA (root pom) would otherwise be inherited and kept.
    mojo.inheritedEnvironment = Map.of();
    // Training gets the choice for any convolution even for a builtin network: the padded
    // choice is checked on single convolutions, not on whole networks' gradients.
    assertEquals("AVX", mojo.defaultEnvironment().get("DNNL_MAX_CPU_ISA"), "a builtin network");
    assertEquals("255", mojo.defaultEnvironment().get("MALLOC_PERTURB_"));
    mojo.models.get(0).engine = "official";
    assertEquals("AVX", mojo.defaultEnvironment().get("DNNL_MAX_CPU_ISA"), "an official one");
    mojo.models.get(0).engine = "torchscript";
    assertEquals("AVX", mojo.defaultEnvironment().get("DNNL_MAX_CPU_ISA"),
        "an imported TorchScript model's convolutions are not padded");
    assertEquals("255", mojo.defaultEnvironment().get("MALLOC_PERTURB_"));
    mojo.models.get(0).engine = "official";
    mojo.models.get(0).detector = new DetectorConfig("/models/maskrcnn.pt");
    assertEquals("AVX", mojo.defaultEnvironment().get("DNNL_MAX_CPU_ISA"),
        "its TorchScript detector does not pad");
    mojo.models.get(0).detector = null;
    mojo.finetune.model = "not-declared";
    assertEquals("AVX", mojo.defaultEnvironment().get("DNNL_MAX_CPU_ISA"),
        "nothing known of the trained model: the choice for any convolution");
    EvaluateMojo evaluate = new EvaluateMojo();
    evaluate.cpuChoice = epyc;
    evaluate.inheritedEnvironment = Map.of();
    evaluate.models = new ArrayList<>(List.of(new ModelConfig("gray", "gray"),
        new ModelConfig("deoldify", "official")));
    assertEquals("AVX2", evaluate.defaultEnvironment().get("DNNL_MAX_CPU_ISA"),
        "an evaluation of colorize's own networks only runs at the padded choice");
    assertFalse(evaluate.defaultEnvironment().containsKey("COLORIZE_PAD_CHANNELS"),
        "with padding on");
    evaluate.featureModel = new FeatureModelConfig("/models/inception.pt");
    assertEquals("AVX", evaluate.defaultEnvironment().get("DNNL_MAX_CPU_ISA"),
        "FID's TorchScript feature model does not pad");
    evaluate.featureModel = null;
    evaluate.models.add(new ModelConfig("chromagan", "torchscript"));
    assertEquals("AVX", evaluate.defaultEnvironment().get("DNNL_MAX_CPU_ISA"),
        "forks that run imported TorchScript models get the choice for any convolution");
    evaluate.cpuChoice = new InstructionSetChoice.Choice("ALL", false, "ALL", false,
        "AMD EPYC 9005", "pytorch", "2026-12-07T00:00:00Z", List.of(), null);
    assertEquals(Map.of("DNNL_MAX_CPU_ISA", "ALL", "COLORIZE_PAD_CHANNELS", "false"),
        evaluate.defaultEnvironment(),
        "a machine whose kernels are right runs them unlimited, unfilled and unpadded");
    evaluate.environment = new HashMap<>(Map.of("DNNL_MAX_CPU_ISA", "SSE41"));
    assertEquals(Map.of("MALLOC_PERTURB_", "255"), evaluate.defaultEnvironment(),
        "the POM's <environment> decides (and no check runs), so both guards stay on");
    evaluate.environment = null;
    evaluate.inheritedEnvironment = Map.of("DNNL_MAX_CPU_ISA", "AVX2");
    assertFalse(evaluate.defaultEnvironment().containsKey("DNNL_MAX_CPU_ISA"),
        "so does Maven's environment, which the fork inherits");
  }

  @Test
  void aBadFinetuneElementFailsBeforeForkingWithItsName() {
    mojo.finetune.model = "missing";
    var e = assertThrows(MojoFailureException.class, () -> mojo.cliArguments());
    assertTrue(e.getMessage().startsWith("<finetune><model> is 'missing', which no <models><model>"
        + " declares"), e.getMessage());
    mojo.finetune = null;
    e = assertThrows(MojoFailureException.class, () -> mojo.cliArguments());
    assertTrue(e.getMessage().startsWith("<finetune> is missing"), e.getMessage());
  }
}
