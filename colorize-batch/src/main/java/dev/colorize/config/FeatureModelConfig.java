package dev.colorize.config;

import java.util.Objects;

/**
 * The optional {@code <featureModel>} of a run: the TorchScript feature network FID is computed
 * with, in the convention of {@code inception-2015-12-05.pt} (clean-fid, StyleGAN2-ADA metrics):
 * uint8-valued RGB {@code [N, 3, H, W]} in, {@code [N, 2048]} pool3 features out. Without it no
 * FID is computed. Checked and loaded by {@code dev.colorize.metric.fid.FeatureExtractor}.
 */
public class FeatureModelConfig {
  /** The TorchScript file, e.g. {@code inception-2015-12-05.pt}. */
  public String path;
  /** Expected SHA-256 of the file (hex), checked before loading when given. */
  public String sha256;
  /** auto, cpu, gpu or gpu:N. */
  public String device = "auto";
  /** Images per forward call. */
  public int batchSize = 32;
  /**
   * Feature length the network must return: 2048 for the Inception network. Another value is
   * accepted only for stand-in networks in tests; FID of other features is not comparable with
   * published numbers.
   */
  public int dimension = 2048;

  public FeatureModelConfig() {}

  public FeatureModelConfig(String path) {
    this.path = path;
  }

  /** Value equality over every field, so a run plan read back from JSON equals the original. */
  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureModelConfig other
        && Objects.equals(path, other.path)
        && Objects.equals(sha256, other.sha256)
        && Objects.equals(device, other.device)
        && batchSize == other.batchSize
        && dimension == other.dimension;
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, sha256, device, batchSize, dimension);
  }
}
