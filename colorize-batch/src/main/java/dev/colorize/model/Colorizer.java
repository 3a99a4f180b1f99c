package dev.colorize.model;

import dev.colorize.image.LabImage;
import java.util.List;

/**
 * A loaded colorization model: predicts chroma (Lab a, b) for a batch of lightness planes. Holds
 * native resources for network engines, so it is always closed.
 */
public interface Colorizer extends AutoCloseable {

  /**
   * Colorizes a batch. Each input carries the L plane (its a and b are zero and must be ignored)
   * and any instance boxes; each output has the input's size and L, with the predicted a and b.
   *
   * @throws ColorizationException when the model fails on this batch
   */
  List<LabImage> colorize(List<ColorizationInput> batch) throws ColorizationException;

  /** Images per {@link #colorize} call the model prefers. */
  default int preferredBatchSize() {
    return 8;
  }

  /**
   * What was loaded, when the engine recognised it from the file (e.g. which published network
   * and variant), for the log and {@code run.json}; empty by default.
   */
  default java.util.Optional<String> description() {
    return java.util.Optional.empty();
  }

  @Override
  default void close() {}
}
