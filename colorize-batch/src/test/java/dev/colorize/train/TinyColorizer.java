package dev.colorize.train;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;

/** Test network: two 3x3 convolutions, L (1 channel) to ab (2 channels). */
final class TinyColorizer implements TrainableModel {
  private final Block block = new SequentialBlock()
      .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(8)
          .optPadding(new Shape(1, 1)).build())
      .add(Activation::relu)
      .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(2)
          .optPadding(new Shape(1, 1)).build());
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
