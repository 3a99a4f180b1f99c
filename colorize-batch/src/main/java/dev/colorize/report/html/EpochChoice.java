package dev.colorize.report.html;

import java.util.List;
import java.util.TreeSet;

/**
 * Which validated steps the finetune report shows as image columns: all of them when they fit,
 * else {@code max} spread evenly over the run that always include the first, the last and the
 * best one, so the page stays the same size however long the run was.
 */
final class EpochChoice {

  private EpochChoice() {}

  /**
   * @param steps the validated steps, ascending
   * @param best  the best step, or -1
   * @param max   most columns, at least 3
   * @return the chosen steps, ascending
   */
  static List<Integer> choose(List<Integer> steps, int best, int max) {
    if (max < 3) {
      throw new IllegalArgumentException("max must be at least 3, was " + max);
    }
    if (steps.size() <= max) {
      return List.copyOf(steps);
    }
    TreeSet<Integer> chosen = new TreeSet<>();
    chosen.add(steps.get(0));
    chosen.add(steps.get(steps.size() - 1));
    if (steps.contains(best)) {
      chosen.add(best);
    }
    int spread = max - chosen.size();
    for (int i = 1; i <= spread; i++) {
      // evenly spaced indices strictly between the first and the last
      int index = (int) Math.round((double) i * (steps.size() - 1) / (spread + 1));
      chosen.add(steps.get(index));
    }
    // Rounding may land on a step already chosen: fill from the start with unchosen ones.
    for (int i = 0; chosen.size() < max && i < steps.size(); i++) {
      chosen.add(steps.get(i));
    }
    return List.copyOf(chosen);
  }
}
