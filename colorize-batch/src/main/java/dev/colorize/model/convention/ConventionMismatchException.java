package dev.colorize.model.convention;

import dev.colorize.model.ColorizationException;

/**
 * A model's outputs (or a batch) do not fit the convention: a missing output, a wrong shape or
 * count. Usually the declared convention or options do not match the model file.
 */
public class ConventionMismatchException extends ColorizationException {

  private final String convention;
  private final String tensor;

  public ConventionMismatchException(String convention, String tensor, String reason) {
    super("convention '" + convention + "', tensor '" + tensor + "': " + reason);
    this.convention = convention;
    this.tensor = tensor;
  }

  /** The convention id. */
  public String convention() {
    return convention;
  }

  /** The tensor (or "batch") at fault. */
  public String tensor() {
    return tensor;
  }
}
