package dev.colorize.train;

/** A training run cannot go on: bad configuration or data, a diverged loss, a bad checkpoint. */
public class TrainingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message the reason, naming the offending value or path */
  public TrainingException(String message) {
    super(message);
  }

  /**
   * @param message the reason, naming the offending value or path
   * @param cause the underlying failure
   */
  public TrainingException(String message, Throwable cause) {
    super(message, cause);
  }
}
