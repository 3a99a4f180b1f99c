package dev.colorize.train;

import java.util.LinkedHashMap;
import java.util.function.Function;

/** Scores the generator during training; each result becomes a row of {@code validation.csv}. */
public interface ValidationHook {
  /**
   * @param step optimiser steps done when this pass runs
   * @param predictAb the current generator: L of a sample in, ab (Lab units, a* plane then b*)
   *     out; runs in inference mode without gradients
   * @return metric name to value, in column order; the same names on every call
   */
  LinkedHashMap<String, Double> validate(int step, Function<TrainingSample, float[]> predictAb);
}
