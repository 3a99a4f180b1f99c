package dev.colorize.train;

/**
 * Adam hyper-parameters (Kingma and Ba 2015).
 *
 * @param learningRate step size
 * @param beta1 decay of the first moment
 * @param beta2 decay of the second moment
 * @param epsilon added to the root of the second moment
 */
public record AdamSettings(float learningRate, float beta1, float beta2, float epsilon) {
  /** PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8. */
  public static final AdamSettings DEFAULT = new AdamSettings(1e-3f, 0.9f, 0.999f, 1e-8f);

  /** Checks ranges. */
  public AdamSettings {
    if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
      throw new TrainingException("Adam learning rate must be positive: " + learningRate);
    }
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new TrainingException("Adam betas must be in [0, 1): " + beta1 + ", " + beta2);
    }
    if (!(epsilon > 0)) {
      throw new TrainingException("Adam epsilon must be positive: " + epsilon);
    }
  }
}
