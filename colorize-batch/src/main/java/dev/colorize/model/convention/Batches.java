package dev.colorize.model.convention;

import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationInput;
import java.util.List;

/** Small helpers shared by the conventions. */
final class Batches {

  private Batches() {}

  static void requireNonEmpty(String convention, List<ColorizationInput> batch)
      throws ConventionMismatchException {
    if (batch == null || batch.isEmpty()) {
      throw new ConventionMismatchException(convention, "batch", "is empty");
    }
  }

  /**
   * Resizes predicted a and b planes ({@code w x h}) to the input's size and joins them with the
   * input's own (full-resolution) L.
   */
  static LabImage join(LabImage input, float[] a, float[] b, int w, int h,
      Resampling.Method method) {
    int iw = input.width();
    int ih = input.height();
    return new LabImage(iw, ih, input.l().clone(),
        Resampling.resize(method, a, w, h, iw, ih), Resampling.resize(method, b, w, h, iw, ih));
  }
}
