package dev.colorize.train;

/**
 * How a network's input is computed from CIE L (0..100). A property of the
 * {@link TrainableModel}, because networks are trained and later run with one convention.
 */
public enum LScaling {
  /** {@code L / 50 - 1}, in [-1, 1] ({@link TrainingLoop#L_SCALE}; the loop's default). */
  MINUS_ONE_TO_ONE,
  /** {@code L / 100}, in [0, 1]: the built-in networks ({@code dev.colorize.model.builtin}). */
  ZERO_TO_ONE;

  /**
   * @param l CIE L
   * @return the network input value
   */
  public float apply(float l) {
    // Exactly the expressions the engines use, so trained and served inputs agree bitwise.
    return this == MINUS_ONE_TO_ONE ? l / TrainingLoop.L_SCALE - 1f : l / 100f;
  }
}
