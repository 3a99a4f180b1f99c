package dev.colorize.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

/**
 * The WGAN-GP gradient penalty (Gulrajani et al. 2017, "Improved Training of Wasserstein GANs"):
 * {@code mean over samples of (||grad_x D(x_mix)||_2 - 1)^2} with
 * {@code x_mix = e real + (1 - e) fake}, {@code e ~ U(0, 1)} per sample.
 *
 * <p>It needs a double backward: the input gradient is computed with {@code create_graph} so the
 * penalty can itself be differentiated with respect to the critic's parameters. DJL's
 * {@code GradientCollector} has no such option, so this calls PyTorch's backward through
 * {@link JniUtils#backward} (PyTorch engine only). That first backward also adds
 * {@code d sum D(x_mix) / d theta} to the critic's parameter gradients; {@link #compute} zeroes
 * them again, so call it before any other backward of the critic step.
 */
public final class GradientPenalty {
  private GradientPenalty() {}

  /**
   * Must run inside a {@code GradientCollector} (gradient mode on).
   *
   * @param critic initialised critic block; output index 0 holds one score per sample
   * @param parameterStore store for the critic's forward
   * @param real real critic inputs, shape (B, ...)
   * @param fake generated critic inputs, same shape; gradients are not taken through it
   * @param mixing per-sample weights of {@code real}, B values in [0, 1]
   * @param scratch owns temporaries
   * @return the scalar penalty, differentiable with respect to the critic's parameters
   */
  public static NDArray compute(Block critic, ParameterStore parameterStore, NDArray real,
      NDArray fake, float[] mixing, NDManager scratch) {
    long batch = real.getShape().get(0);
    if (mixing.length != batch || !real.getShape().equals(fake.getShape())) {
      throw new TrainingException("gradient penalty: real " + real.getShape() + ", fake "
          + fake.getShape() + ", " + mixing.length + " mixing weights");
    }
    long[] broadcast = new long[real.getShape().dimension()];
    java.util.Arrays.fill(broadcast, 1);
    broadcast[0] = batch;
    NDArray e = TrainingLoop.tensor(scratch, mixing, new Shape(broadcast));
    NDArray mixed;
    try (NDArray one = scratch.ones(e.getShape()); NDArray rest = one.sub(e);
        NDArray a = real.stopGradient().mul(e); NDArray b = fake.stopGradient().mul(rest)) {
      mixed = a.add(b);
    }
    mixed.setRequiresGradient(true);
    NDArray score = critic.forward(parameterStore, new NDList(mixed), true).get(0).sum();
    JniUtils.backward((PtNDArray) score, (PtNDArray) score.onesLike(), true, true);
    NDArray gradient = mixed.getGradient();
    gradient.attach(scratch);
    for (Pair<String, Parameter> p : critic.getParameters()) {
      JniUtils.zeroGrad((PtNDArray) p.getValue().getArray());
    }
    int[] axes = new int[broadcast.length - 1];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i + 1;
    }
    NDArray squares = gradient.mul(gradient).sum(axes);
    // The tiny offset keeps sqrt differentiable at a zero gradient.
    NDArray norm = squares.add(scratch.full(squares.getShape(), 1e-12f)).sqrt();
    NDArray deviation = norm.sub(scratch.ones(norm.getShape()));
    return deviation.mul(deviation).mean();
  }
}
