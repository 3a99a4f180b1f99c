package dev.colorize.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import dev.colorize.model.official.TorchOps;
import dev.colorize.model.official.deoldify.Vgg16BnFeatures;

/**
 * The feature part of DeOldify's {@code FeatureLoss} ({@code deoldify/loss.py}): for the
 * activations of {@code vgg16_bn} modules 22, 32 and 42 ({@link Vgg16BnFeatures}),
 * {@code 20, 70, 10 x F.l1_loss(feat(output), feat(target))}, both images in the generator's
 * ImageNet-normalised RGB. The generator returns its output at index {@code output} and the
 * target image, without gradient, at {@code target}. (DeOldify's pixel term is the base loss's
 * place: here L1 or L2 on ab.)
 */
public final class DeOldifyFeatureLoss implements LossTerm {

  /** DeOldify's {@code layer_wgts}. */
  static final float[] WEIGHTS = {20f, 70f, 10f};

  private final Vgg16BnFeatures features;
  private final int output;
  private final int target;

  public DeOldifyFeatureLoss(Vgg16BnFeatures features, int output, int target) {
    this.features = features;
    this.output = output;
    this.target = target;
  }

  @Override
  public String name() {
    return "feature";
  }

  @Override
  public NDArray compute(Batch batch, NDList generatorOutputs) {
    NDArray out = generatorOutputs.get(output);
    NDArray goal = generatorOutputs.get(target).stopGradient();
    ParameterStore store = new ParameterStore(out.getManager(), false);
    NDList mine = features.forward(store, new NDList(out), false);
    NDList theirs = features.forward(store, new NDList(goal), false);
    NDArray total = null;
    for (int i = 0; i < WEIGHTS.length; i++) {
      NDArray term = mine.get(i).sub(theirs.get(i).stopGradient()).abs().mean()
          .mul(TorchOps.scalar(out, WEIGHTS[i]));
      total = total == null ? term : total.add(term);
    }
    return total;
  }
}
