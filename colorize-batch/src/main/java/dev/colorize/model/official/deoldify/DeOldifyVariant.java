package dev.colorize.model.official.deoldify;

/**
 * DeOldify's published generators, as {@code deoldify/generators.py} builds them (fastai 1.x
 * {@code unet_learner} arguments: blur, spectral norm, self-attention, {@code y_range=(-3, 3)},
 * three classes, last cross, no bottleneck).
 */
public enum DeOldifyVariant {
  /** {@code ColorizeArtistic_gen.pth}: {@code DynamicUnetDeep} on ResNet-34, nf_factor 1.5. */
  ARTISTIC("artistic", "DynamicUnetDeep on ResNet-34, nf_factor 1.5", new int[] {3, 4, 6, 3},
      false, false, 1.5),
  /**
   * {@code ColorizeStable_gen.pth} and {@code ColorizeVideo_gen.pth} (the same network, trained
   * differently): {@code DynamicUnetWide} on ResNet-101, nf_factor 2.
   */
  STABLE("stable", "DynamicUnetWide on ResNet-101, nf_factor 2 (stable or video)",
      new int[] {3, 4, 23, 3}, true, true, 2);

  private final String id;
  private final String description;
  private final int[] blocksPerLayer;
  private final boolean bottleneck;
  private final boolean wide;
  private final double nfFactor;

  DeOldifyVariant(String id, String description, int[] blocksPerLayer, boolean bottleneck,
      boolean wide, double nfFactor) {
    this.id = id;
    this.description = description;
    this.blocksPerLayer = blocksPerLayer;
    this.bottleneck = bottleneck;
    this.wide = wide;
    this.nfFactor = nfFactor;
  }

  public String id() {
    return id;
  }

  /** What the variant is, for the log and {@code run.json}. */
  public String description() {
    return description;
  }

  /** torchvision ResNet blocks in layer1..layer4. */
  int blocks(int layer) {
    return blocksPerLayer[layer];
  }

  /** Whether the encoder uses torchvision's {@code Bottleneck} (expansion 4) blocks. */
  boolean bottleneck() {
    return bottleneck;
  }

  /** {@code DynamicUnetWide} rather than {@code DynamicUnetDeep}. */
  boolean wide() {
    return wide;
  }

  double nfFactor() {
    return nfFactor;
  }
}
