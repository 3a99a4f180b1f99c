package dev.colorize.model;

import dev.colorize.config.ConfigurationException;
import dev.colorize.config.ModelConfig;
import dev.colorize.model.convention.Convention;
import dev.colorize.model.convention.Conventions;
import dev.colorize.model.convention.InvalidOptionException;
import dev.colorize.model.convention.UnknownConventionException;
import java.util.Map;

/** The {@code <convention>} of a model, checked as a configuration error names it. */
public final class ModelConventions {

  private ModelConventions() {}

  /**
   * The convention of a model with the given options checked.
   *
   * @param options the options the convention receives (an engine may keep some of
   *     {@code <options>} for itself)
   * @throws ConfigurationException naming {@code <convention>} or the offending option
   */
  public static Convention checked(ModelConfig config, Map<String, String> options,
      String element) {
    if (config.convention == null || config.convention.isBlank()) {
      throw new ConfigurationException(element + "<convention>", "is missing; use one of: "
          + String.join(", ", Conventions.ids()));
    }
    Convention convention;
    try {
      convention = Conventions.byId(config.convention);
    } catch (UnknownConventionException e) {
      throw new ConfigurationException(element + "<convention>", "is '" + config.convention
          + "', not a known convention; use one of: " + String.join(", ", e.known()));
    }
    validate(convention, options, element);
    return convention;
  }

  /**
   * Validates options against a convention (e.g. one an engine adapted).
   *
   * @throws ConfigurationException naming the offending option
   */
  public static void validate(Convention convention, Map<String, String> options,
      String element) {
    try {
      convention.validate(options);
    } catch (InvalidOptionException e) {
      throw new ConfigurationException(element + "<options><" + e.option() + ">", "is invalid: "
          + e.getMessage());
    }
  }
}
