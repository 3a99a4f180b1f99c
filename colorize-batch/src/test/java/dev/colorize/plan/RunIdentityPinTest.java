package dev.colorize.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.colorize.config.DatasetConfig;
import dev.colorize.config.DetectorConfig;
import dev.colorize.config.FeatureModelConfig;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Pins run identities. An identity names a job instance and its part files: if the identity of
 * an existing configuration changed, a restart of a run started before the change would start
 * over (or not find its parts). The values were computed by the code before the run plan existed;
 * a change here needs a migration note, not a new number.
 */
class RunIdentityPinTest {

  @Test
  void aMinimalConfigurationKeepsItsIdentity() {
    assertEquals("1a96e01cc7eeec65", minimal().identity());
  }

  @Test
  void aConfigurationSettingEverythingKeepsItsIdentity() {
    assertEquals("91d6c03d2c4a728e", rich().identity());
  }

  @Test
  void aWeightsFileWithoutSha256CountsByItsContent() {
    // Relative to the module folder (surefire's working directory), so the path is stable.
    RunConfiguration config = minimal();
    ModelConfig script = new ModelConfig("script", "torchscript");
    script.path = "src/test/resources/dev/colorize/plan/identity-weights.bin";
    config.models.add(script);
    assertEquals("a50bbcdf5b41836a", config.identity());
  }

  private static RunConfiguration minimal() {
    RunConfiguration c = new RunConfiguration();
    c.workDirectory = "/work/pinned";
    c.datasets.add(new DatasetConfig("kfood", "aihub-food", "/data/kfood"));
    c.models.add(new ModelConfig("gray", "gray"));
    return c;
  }

  private static RunConfiguration rich() {
    RunConfiguration c = minimal();
    c.imageSize = 128;
    c.resizePolicy = "pad";
    c.chunkSize = 4; // not part of the identity, like threads and the skip limits
    c.threads = 3;
    c.maxSkips = 7;
    c.maxSkipRatio = 0.25;
    DatasetConfig d = new DatasetConfig("heritage", "manifest", "/data/kobject");
    d.manifest = "list.csv";
    d.split = "test";
    d.limit = 10;
    d.perClassLimit = 3;
    d.fractions = "0.7,0.2,0.1";
    c.datasets.add(d);
    c.datasets.get(0).cropAs = "instance";
    ModelConfig m = new ModelConfig("inst", "torchscript");
    m.convention = "instcolor";
    m.path = "/models/absent.pt";
    m.sha256 = "ab".repeat(32);
    m.device = "cpu";
    m.batchSize = 2;
    m.options.put("renderFactor", "35");
    m.detector = new DetectorConfig("/models/absent-detector.pt");
    c.models.add(m);
    c.metrics.add("ssim");
    c.metrics.add("psnr");
    c.featureModel = new FeatureModelConfig("/models/inception.pt");
    c.saveImages = "none";
    return c;
  }
}
