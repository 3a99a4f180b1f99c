package dev.colorize.model.convention;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Finds a convention's output among a model's outputs, by name first, then by shape. */
final class Outputs {

  private Outputs() {}

  /**
   * The output named {@code name} if there is one, else the only output whose shape fits; its
   * values must be finite (a NaN from a diverged or half-loaded model is an error, not a colour).
   *
   * @param expectation the expected shape in words, for the error message
   */
  static Tensor find(String convention, List<Tensor> outputs, String name, Predicate<Tensor> fits,
      String expectation) throws ConventionMismatchException {
    Tensor found = match(convention, outputs, name, fits, expectation);
    float[] data = found.data();
    for (int i = 0; i < data.length; i++) {
      if (!Float.isFinite(data[i])) {
        throw new ConventionMismatchException(convention, found.name(),
            "value " + data[i] + " at flat index " + i + " of " + found.shapeString()
                + " is not finite");
      }
    }
    return found;
  }

  private static Tensor match(String convention, List<Tensor> outputs, String name,
      Predicate<Tensor> fits, String expectation) throws ConventionMismatchException {
    if (outputs == null || outputs.isEmpty()) {
      throw new ConventionMismatchException(convention, name, "the model returned no outputs");
    }
    for (Tensor t : outputs) {
      if (t.name().equals(name)) {
        if (!fits.test(t)) {
          throw new ConventionMismatchException(convention, name,
              "expected " + expectation + ", got " + t.shapeString());
        }
        return t;
      }
    }
    List<Tensor> candidates = new ArrayList<>();
    for (Tensor t : outputs) {
      if (fits.test(t)) {
        candidates.add(t);
      }
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    throw new ConventionMismatchException(convention, name, (candidates.isEmpty()
        ? "no output is " : "several outputs are ") + expectation + "; outputs: " + outputs);
  }

  /** True when {@code t} has rank 4, batch {@code n} and {@code channels} on the layout's axis. */
  static boolean isImage(Tensor t, int n, int channels, Layout layout) {
    return t.rank() == 4 && t.dim(0) == n && t.dim(layout.channelAxis()) == channels
        && t.dim(layout.heightAxis()) > 0 && t.dim(layout.widthAxis()) > 0;
  }
}
