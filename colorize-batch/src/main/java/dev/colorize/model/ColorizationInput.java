package dev.colorize.model;

import dev.colorize.image.Box;
import dev.colorize.image.LabImage;
import java.util.List;

/**
 * What a colorizer gets for one image: the lightness plane (a = b = 0) and, when the dataset has
 * them, instance boxes (AI Hub object boxes, food crop boxes) in this image's pixel coordinates,
 * for instance-aware models such as InstColor. Models that do not use boxes ignore them.
 *
 * @param gray      L plane at the prepared size, a and b zero
 * @param instances boxes in {@code gray}'s coordinates; empty when none are known
 */
public record ColorizationInput(LabImage gray, List<Box> instances) {

  public ColorizationInput {
    instances = List.copyOf(instances);
  }

  /** An input without instance boxes. */
  public static ColorizationInput of(LabImage gray) {
    return new ColorizationInput(gray, List.of());
  }
}
