package dev.colorize.train;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import dev.colorize.model.builtin.PaddedConv2d;

/**
 * Test network: two 3x3 convolutions, L (1 channel) to ab (2 channels), as {@link PaddedConv2d}s
 * like the built-in networks' (oneDNN's AVX2 input gradient of a 2-channel convolution is wrong).
 */
final class TinyColorizer implements TrainableModel {
  private final Block block = new SequentialBlock()
      .add(PaddedConv2d.of(8, 3, 1, 1))
      .add(Activation::relu)
      .add(PaddedConv2d.of(2, 3, 1, 1));
  private final AdamSettings adam;

  TinyColorizer() {
    this(new AdamSettings(1e-2f, 0.9f, 0.999f, 1e-8f));
  }

  TinyColorizer(AdamSettings adam) {
    this.adam = adam;
  }

  @Override
  public Block generator() {
    return block;
  }

  @Override
  public AdamSettings adam() {
    return adam;
  }
}
