package dev.colorize.dataset;

/**
 * A dataset setting has an invalid value. Carries the setting's name and the offending value so
 * callers (CLI, Maven plugin) can point at the exact option or POM element.
 */
public class InvalidDatasetSpecException extends IllegalArgumentException {

  private final String setting;
  private final String value;

  public InvalidDatasetSpecException(String setting, Object value, String reason) {
    super("invalid dataset " + setting + " '" + value + "': " + reason);
    this.setting = setting;
    this.value = String.valueOf(value);
  }

  /** The setting's name, e.g. {@code format}, {@code fractions}, {@code limit}. */
  public String setting() {
    return setting;
  }

  /** The rejected value as text. */
  public String value() {
    return value;
  }
}
