package dev.colorize.model.builtin;

import ai.djl.nn.Block;
import java.util.Locale;

/** The built-in network families, by the id used in {@code <architecture>}. */
public enum Architecture {
  /** {@link ChromaGanNetwork}. */
  CHROMAGAN,
  /** {@link DeOldifyNetwork} (no class head: the class count is ignored). */
  DEOLDIFY,
  /** {@link InstColorNetwork} (no class head: the class count is ignored). */
  INSTCOLOR;

  /** The id: {@code chromagan}, {@code deoldify} or {@code instcolor}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * A new, uninitialised generator of this family.
   *
   * @param numClasses classes of the class head, where the family has one
   */
  public Block newGenerator(NetworkSize size, int numClasses) {
    if (this == CHROMAGAN) {
      return new ChromaGanNetwork(size, numClasses);
    }
    if (this == DEOLDIFY) {
      return new DeOldifyNetwork(size);
    }
    return new InstColorNetwork(size);
  }

  /**
   * The family of an id, case and outer blanks ignored.
   *
   * @throws IllegalArgumentException naming the bad value and the known ids
   */
  public static Architecture parse(String id) {
    String s = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
    for (Architecture a : values()) {
      if (a.id().equals(s)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "'" + id + "' is not a built-in architecture; use chromagan, deoldify or instcolor");
  }
}
