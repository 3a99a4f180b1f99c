package dev.colorize.model.convention;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Typed, validated access to one convention's options; every error names option and value. */
final class Options {

  private final String convention;
  private final Map<String, String> values;

  private Options(String convention, Map<String, String> values) {
    this.convention = convention;
    this.values = values;
  }

  /**
   * Wraps {@code options}, rejecting keys outside {@code known}. Keys the engines read themselves
   * (listed in {@link #ENGINE_KEYS}) are allowed for every convention.
   */
  static Options of(String convention, Map<String, String> options, Set<String> known) {
    Map<String, String> values = options == null ? Map.of() : options;
    for (String key : values.keySet()) {
      if (!known.contains(key) && !ENGINE_KEYS.contains(key)) {
        Set<String> allowed = new TreeSet<>(known);
        throw new InvalidOptionException(convention, key, null,
            "is not an option of this convention; known options: " + String.join(", ", allowed)
                + " (engine options " + String.join(", ", new TreeSet<>(ENGINE_KEYS)) + ")");
      }
    }
    return new Options(convention, values);
  }

  /**
   * Options that engines (not conventions) read, e.g. input/output names of a SavedModel
   * signature; conventions let them through.
   */
  static final Set<String> ENGINE_KEYS =
      Set.of("signature", "inputNames", "outputNames", "threads");

  String convention() {
    return convention;
  }

  boolean has(String key) {
    return values.containsKey(key);
  }

  int integer(String key, int defaultValue, int min, int max) {
    String raw = values.get(key);
    if (raw == null) {
      return defaultValue;
    }
    int value;
    try {
      value = Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw new InvalidOptionException(convention, key, raw, "is not an integer");
    }
    if (value < min || value > max) {
      throw new InvalidOptionException(convention, key, raw,
          "must be between " + min + " and " + max);
    }
    return value;
  }

  double number(String key, double defaultValue) {
    String raw = values.get(key);
    if (raw == null) {
      return defaultValue;
    }
    double value;
    try {
      value = Double.parseDouble(raw.trim());
    } catch (NumberFormatException e) {
      throw new InvalidOptionException(convention, key, raw, "is not a number");
    }
    if (!Double.isFinite(value)) {
      throw new InvalidOptionException(convention, key, raw, "must be finite");
    }
    return value;
  }

  double nonZeroNumber(String key, double defaultValue) {
    double value = number(key, defaultValue);
    if (value == 0) {
      throw new InvalidOptionException(convention, key, values.get(key), "must not be zero");
    }
    return value;
  }

  String choice(String key, String defaultValue, String... allowed) {
    String raw = values.get(key);
    if (raw == null) {
      return defaultValue;
    }
    String value = raw.trim().toLowerCase(Locale.ROOT);
    List<String> choices = Arrays.asList(allowed);
    if (!choices.contains(value)) {
      throw new InvalidOptionException(convention, key, raw,
          "must be one of " + String.join(", ", choices));
    }
    return value;
  }
}
