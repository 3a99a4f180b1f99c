package dev.colorize.train;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import dev.colorize.model.builtin.PaddedConv2d;
import ai.djl.nn.core.Linear;
import java.util.List;
import java.util.Optional;

/** Test network: {@link TinyColorizer} plus a small WGAN-GP critic (strided conv, linear). */
final class TinyGan implements TrainableModel {
  private final TinyColorizer generator = new TinyColorizer();
  private final Critic critic = new Critic(new SequentialBlock()
      .add(PaddedConv2d.of(4, 3, 2, 1))
      .add(Activation::relu)
      .add(Blocks.batchFlattenBlock())
      .add(Linear.builder().setUnits(1).build()),
      new AdamSettings(1e-3f, 0f, 0.9f, 1e-8f), 10f, 2, 0.1f);

  static TrainingConfig config(java.nio.file.Path out, int totalSteps, int checkpointEvery) {
    return new TrainingConfig(out, 5, 4, 2, totalSteps, checkpointEvery, 2, 0, 1, List.of(
        new TrainingConfig.Phase("pretrain", 3),
        new TrainingConfig.Phase("critic", 2, TrainingConfig.Kind.CRITIC),
        new TrainingConfig.Phase("gan", 100, TrainingConfig.Kind.GAN)));
  }

  @Override
  public Block generator() {
    return generator.generator();
  }

  @Override
  public AdamSettings adam() {
    return generator.adam();
  }

  @Override
  public Optional<Critic> critic() {
    return Optional.of(critic);
  }
}
