package dev.colorize.config;

import java.util.Objects;

/**
 * The optional {@code <detector>} of an InstColor {@code <model>}: a TorchScript instance
 * detector whose boxes feed the model's instance branch (convention in
 * {@code docs/model-conventions.md}, "Instance detector"). Checked and loaded by
 * {@code dev.colorize.model.detect.Detector}.
 */
public class DetectorConfig {
  /** The TorchScript file. */
  public String path;
  /** Expected SHA-256 of the file (hex), checked before loading when given. */
  public String sha256;
  /** auto, cpu, gpu or gpu:N; unset = the model's device. */
  public String device;
  /** Boxes scoring below this (0..1) are dropped; InstColor's detectron2 setting is 0.7. */
  public double scoreThreshold = 0.5;
  /** Most boxes kept per image, best scores first; InstColor keeps 8. */
  public int topK = 8;
  /**
   * Which boxes the model gets: {@code auto} (the dataset's boxes when the image has any, else
   * the detector's), {@code detector} (the detector's only) or {@code both} (the dataset's, then
   * the detector's).
   */
  public String instances = "auto";

  public DetectorConfig() {}

  public DetectorConfig(String path) {
    this.path = path;
  }

  /** Value equality over every field, so a run plan read back from JSON equals the original. */
  @Override
  public boolean equals(Object o) {
    return o instanceof DetectorConfig other
        && Objects.equals(path, other.path)
        && Objects.equals(sha256, other.sha256)
        && Objects.equals(device, other.device)
        && Double.compare(scoreThreshold, other.scoreThreshold) == 0
        && topK == other.topK
        && Objects.equals(instances, other.instances);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, sha256, device, scoreThreshold, topK, instances);
  }
}
