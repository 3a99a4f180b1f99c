package dev.colorize.model.convention;

import java.util.List;

/** A {@code <convention>} id that no convention has; the message lists the known ids. */
public class UnknownConventionException extends IllegalArgumentException {

  private final String id;
  private final List<String> known;

  public UnknownConventionException(String id, List<String> known) {
    super("unknown model convention '" + id + "'; use one of: " + String.join(", ", known));
    this.id = id;
    this.known = List.copyOf(known);
  }

  /** The unknown id (may be null). */
  public String id() {
    return id;
  }

  /** The known ids. */
  public List<String> known() {
    return known;
  }
}
