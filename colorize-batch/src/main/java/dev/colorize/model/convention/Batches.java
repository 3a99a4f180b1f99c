package dev.colorize.model.convention;

import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationInput;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

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
  /**
   * Each image's a and b planes from an {@code [N, 2, H, W]}-shaped output in {@code layout},
   * mapped value by value to CIE a/b units by {@code toLab}, resized and joined with the input's L.
   */
  static List<LabImage> joinAb(Tensor ab, Layout layout, List<ColorizationInput> batch,
      DoubleUnaryOperator toLab, Resampling.Method method) {
    int h = (int) ab.dim(layout.heightAxis());
    int w = (int) ab.dim(layout.widthAxis());
    List<LabImage> out = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      float[][] planes = new float[2][];
      for (int c = 0; c < 2; c++) {
        float[] p = layout.plane(ab.data(), i, c, 2, h, w);
        for (int k = 0; k < p.length; k++) {
          p[k] = (float) toLab.applyAsDouble(p[k]);
        }
        planes[c] = p;
      }
      out.add(join(batch.get(i).gray(), planes[0], planes[1], w, h, method));
    }
    return out;
  }

  static LabImage join(LabImage input, float[] a, float[] b, int w, int h,
      Resampling.Method method) {
    int iw = input.width();
    int ih = input.height();
    return new LabImage(iw, ih, input.l().clone(),
        Resampling.resize(method, a, w, h, iw, ih), Resampling.resize(method, b, w, h, iw, ih));
  }
}
