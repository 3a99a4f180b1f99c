package dev.colorize.model.convention;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The conventions shipped with colorize, by {@code <convention>} id. */
public final class Conventions {

  private static final Map<String, Convention> BY_ID = new LinkedHashMap<>();

  static {
    for (Convention c : List.<Convention>of(new ChromaGanConvention(),
        new DeOldifyConvention(), new InstColorConvention(), new LabConvention())) {
      BY_ID.put(c.id(), c);
    }
  }

  private Conventions() {}

  /** The known ids, in a stable order. */
  public static List<String> ids() {
    return List.copyOf(BY_ID.keySet());
  }

  /**
   * The convention with this id.
   *
   * @throws UnknownConventionException listing the known ids when there is none
   */
  public static Convention byId(String id) {
    Convention c = id == null ? null : BY_ID.get(id.trim());
    if (c == null) {
      throw new UnknownConventionException(id, ids());
    }
    return c;
  }
}
