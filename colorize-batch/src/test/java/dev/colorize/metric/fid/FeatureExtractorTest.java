package dev.colorize.metric.fid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.config.ConfigurationException;
import dev.colorize.config.FeatureModelConfig;
import dev.colorize.image.RgbImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DJL runs the committed stand-ins like PyTorch does, in the Inception calling convention. */
class FeatureExtractorTest {

  @TempDir Path dir;

  private static void assertClose(float[][] expected, float[][] actual) {
    assertEquals(expected.length, actual.length, "rows");
    for (int r = 0; r < expected.length; r++) {
      assertEquals(expected[r].length, actual[r].length, "row " + r + " length");
      for (int j = 0; j < expected[r].length; j++) {
        // libtorch 2.7 (DJL) vs PyTorch 1.13: same kernels, float32 sums may differ in order.
        double tolerance = 1e-5 + 1e-4 * Math.abs(expected[r][j]);
        assertEquals(expected[r][j], actual[r][j], tolerance, "feature " + j + " of image " + r);
      }
    }
  }

  @Test
  void inceptionConventionStandInGivesPyTorchsFeatures() throws Exception {
    FeatureModelConfig config = StandInModels.config(2048);
    config.sha256 = StandInModels.sha256(2048);
    try (FeatureExtractor extractor = FeatureExtractor.open(config)) {
      assertEquals(FeatureExtractor.INCEPTION_DIMENSION, extractor.dimension());
      float[][] features = extractor.features(StandInModels.fixedInput());
      float[][] expected = StandInModels.expectedFeatures(2048);
      assertClose(expected, features);
      long nonZero = 0;
      for (float v : features[0]) {
        nonZero += v != 0 ? 1 : 0;
      }
      assertTrue(nonZero > 500, "a real comparison, not of zeros: " + nonZero + " non-zero");
    }
  }

  @Test
  void smallStandInMatchesToo() throws Exception {
    try (FeatureExtractor extractor = FeatureExtractor.open(StandInModels.config(64))) {
      assertClose(StandInModels.expectedFeatures(64),
          extractor.features(StandInModels.fixedInput()));
    }
  }

  @Test
  void batchesAreSplitBySizeAndBatchSizeWithoutChangingFeatures() throws Exception {
    List<RgbImage> fixed = StandInModels.fixedInput();
    RgbImage small = new RgbImage(40, 30, new byte[40 * 30 * 3]);
    for (int i = 0; i < small.rgb().length; i++) {
      small.rgb()[i] = (byte) (i * 31);
    }
    List<RgbImage> mixed = new ArrayList<>(List.of(fixed.get(0), small, fixed.get(1),
        fixed.get(0)));
    FeatureModelConfig config = StandInModels.config(64);
    config.batchSize = 2;
    try (FeatureExtractor extractor = FeatureExtractor.open(config)) {
      float[][] all = extractor.features(mixed);
      assertEquals(4, all.length);
      for (int i = 0; i < mixed.size(); i++) {
        float[][] alone = extractor.features(List.of(mixed.get(i)));
        assertArrayEquals(alone[0], all[i], 1e-5f, "image " + i);
      }
      assertArrayEquals(all[0], all[3], 1e-5f, "same image, same features");
      assertTrue(!java.util.Arrays.equals(all[0], all[1]), "another image, other features");
      assertEquals(0, extractor.features(List.of()).length);
    }
  }

  @Test
  void aNetworkWithAnotherFeatureLengthIsRefusedAtOpen() {
    FeatureModelConfig config = StandInModels.config(64);
    config.dimension = 2048;
    var e = assertThrows(FeatureModelException.class, () -> FeatureExtractor.open(config));
    assertTrue(e.getMessage().contains("returned features of shape [1, 64] for 1 images,"
        + " expected [1, 2048] (the Inception pool3 convention)"), e.getMessage());
    assertEquals(StandInModels.model(64).toAbsolutePath().normalize(), e.file());
  }

  @Test
  void aChecksumMismatchIsRefusedBeforeLoading() throws Exception {
    FeatureModelConfig config = StandInModels.config(64);
    config.sha256 = StandInModels.sha256(2048);
    var e = assertThrows(ConfigurationException.class, () -> FeatureExtractor.open(config));
    assertEquals("<featureModel><sha256>", e.element());
    assertTrue(e.getMessage().contains(" has sha256 " + StandInModels.sha256(64)
        + ", the POM declares " + StandInModels.sha256(2048)), e.getMessage());
  }

  @Test
  void aFileThatIsNotTorchScriptGivesAClearError() throws Exception {
    Path junk = dir.resolve("inception.pt");
    Files.writeString(junk, "not a model");
    var e = assertThrows(FeatureModelException.class,
        () -> FeatureExtractor.open(new FeatureModelConfig(junk.toString())));
    assertTrue(e.getMessage().startsWith("feature model " + junk + ": cannot be loaded as"
        + " TorchScript"), e.getMessage());
  }

  @Test
  void eachInvalidSettingNamesItsElement() {
    FeatureModelConfig unset = new FeatureModelConfig();
    assertEquals("<featureModel><path>", assertThrows(ConfigurationException.class,
        () -> FeatureExtractor.validate(unset)).element());

    FeatureModelConfig missing = new FeatureModelConfig(dir.resolve("none.pt").toString());
    var e = assertThrows(ConfigurationException.class, () -> FeatureExtractor.validate(missing));
    assertEquals("<featureModel><path>", e.element());
    assertTrue(e.getMessage().contains("none.pt' does not exist"), e.getMessage());

    FeatureModelConfig sha = StandInModels.config(64);
    sha.sha256 = "abc";
    assertEquals("<featureModel><sha256>", assertThrows(ConfigurationException.class,
        () -> FeatureExtractor.validate(sha)).element());

    FeatureModelConfig device = StandInModels.config(64);
    device.device = "tpu";
    assertEquals("<featureModel><device>", assertThrows(ConfigurationException.class,
        () -> FeatureExtractor.validate(device)).element());

    FeatureModelConfig batch = StandInModels.config(64);
    batch.batchSize = 0;
    assertEquals("<featureModel><batchSize>", assertThrows(ConfigurationException.class,
        () -> FeatureExtractor.validate(batch)).element());

    FeatureModelConfig dimension = StandInModels.config(64);
    dimension.dimension = 0;
    assertEquals("<featureModel><dimension>", assertThrows(ConfigurationException.class,
        () -> FeatureExtractor.validate(dimension)).element());
  }

  @Test
  void aGpuThatIsNotThereIsAClearError() {
    FeatureModelConfig config = StandInModels.config(64);
    config.device = "gpu:3";
    var e = assertThrows(FeatureModelException.class, () -> FeatureExtractor.open(config));
    assertTrue(e.getMessage().contains("device 'gpu:3' was requested but the PyTorch engine sees"),
        e.getMessage());
  }
}
