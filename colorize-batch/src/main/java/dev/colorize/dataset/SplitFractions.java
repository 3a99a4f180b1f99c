package dev.colorize.dataset;

/**
 * Fractions of samples assigned to train, validation and test. Each is in [0, 1] and they sum to
 * 1 (within 1e-6).
 */
public record SplitFractions(double train, double val, double test) {

  /** 0.8 / 0.1 / 0.1. */
  public static final SplitFractions DEFAULT = new SplitFractions(0.8, 0.1, 0.1);

  private static final double SUM_TOLERANCE = 1e-6;

  public SplitFractions {
    String text = train + "," + val + "," + test;
    for (double f : new double[] {train, val, test}) {
      if (!Double.isFinite(f) || f < 0 || f > 1) {
        throw new InvalidDatasetSpecException(
            "fractions", text, "each fraction must be a number in [0, 1]");
      }
    }
    double sum = train + val + test;
    if (Math.abs(sum - 1.0) > SUM_TOLERANCE) {
      throw new InvalidDatasetSpecException(
          "fractions", text, "train + val + test must be 1, they sum to " + sum);
    }
  }

  /**
   * Parses {@code "train,val,test"}, e.g. {@code "0.8,0.1,0.1"}.
   *
   * @throws InvalidDatasetSpecException if there are not three numbers or they are invalid
   */
  public static SplitFractions parse(String text) {
    String[] parts = text == null ? new String[0] : text.split(",", -1);
    if (parts.length != 3) {
      throw new InvalidDatasetSpecException(
          "fractions", text, "expected three comma-separated numbers train,val,test");
    }
    double[] f = new double[3];
    for (int i = 0; i < 3; i++) {
      try {
        f[i] = Double.parseDouble(parts[i].strip());
      } catch (NumberFormatException e) {
        throw new InvalidDatasetSpecException(
            "fractions", text, "'" + parts[i].strip() + "' is not a number");
      }
    }
    return new SplitFractions(f[0], f[1], f[2]);
  }
}
