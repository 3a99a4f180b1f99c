package dev.colorize.model.convention;

/**
 * A convention option is unknown or has a bad value. Engines report it as a configuration error on
 * {@code <options><name>}.
 */
public class InvalidOptionException extends IllegalArgumentException {

  private final String convention;
  private final String option;
  private final String value;

  public InvalidOptionException(String convention, String option, String value, String reason) {
    super("convention '" + convention + "' option '" + option + "'"
        + (value == null ? "" : " = '" + value + "'") + ": " + reason);
    this.convention = convention;
    this.option = option;
    this.value = value;
  }

  /** The convention id. */
  public String convention() {
    return convention;
  }

  /** The option at fault. */
  public String option() {
    return option;
  }

  /** The offending value, or null for an unknown option. */
  public String value() {
    return value;
  }
}
