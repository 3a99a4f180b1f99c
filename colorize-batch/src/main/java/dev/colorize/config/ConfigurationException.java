package dev.colorize.config;

/**
 * A run configuration that cannot run. The message is one sentence naming the offending POM
 * element and value, with a hint where one helps; {@link #element()} names the element alone.
 */
public class ConfigurationException extends RuntimeException {

  private final String element;

  public ConfigurationException(String element, String message) {
    super(element + " " + message);
    this.element = element;
  }

  /** The POM element at fault, e.g. {@code <datasets><dataset>[2]<format>}. */
  public String element() {
    return element;
  }
}
