package dev.colorize.job.finetune;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Early stopping on one validation column: stops after {@code patience} validation passes
 * (epochs) in a row without a strictly better value than the best so far. Its state is a function
 * of {@code validation.csv}, so a resumed run rebuilds it from the rows up to its checkpoint and
 * decides exactly as the interrupted run would have.
 */
final class EarlyStopping {

  private final FinetuneSettings settings;
  private final int patience;
  private double best = Double.NaN;
  private int bestStep = -1;
  private int sinceBest;

  EarlyStopping(FinetuneSettings settings) {
    this.settings = settings;
    this.patience = settings.config().patience;
  }

  /**
   * Replays the rows of a {@code validation.csv} up to {@code upToStep}.
   *
   * @return this
   */
  EarlyStopping replay(Path validationCsv, int upToStep) throws IOException {
    if (!Files.exists(validationCsv)) {
      return this;
    }
    List<String> lines = Files.readAllLines(validationCsv, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      return this;
    }
    int column = List.of(lines.get(0).split(",")).indexOf(settings.config().monitor);
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split(",");
      int step = Integer.parseInt(cells[0]);
      if (step <= upToStep && column >= 0) {
        record(step, Double.parseDouble(cells[column]));
      }
    }
    return this;
  }

  /**
   * Records one validation pass.
   *
   * @return whether it is the best so far
   */
  boolean record(int step, double value) {
    if (bestStep < 0 || settings.better(value, best)) {
      best = value;
      bestStep = step;
      sinceBest = 0;
      return true;
    }
    sinceBest++;
    return false;
  }

  /** @return whether patience is used up */
  boolean exhausted() {
    return patience > 0 && sinceBest >= patience;
  }

  /** @return the best value, NaN before the first pass */
  double best() {
    return best;
  }

  /** @return the step of the best value, -1 before the first pass */
  int bestStep() {
    return bestStep;
  }
}
