package dev.colorize.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How numbers are spelt in colorize's CSV files: plain decimals, {@code inf}/{@code nan} literals. */
public final class CsvNumbers {

  /** Decimal places kept: finer than any metric tolerance, coarse enough to stay readable. */
  public static final int DECIMALS = 6;

  private CsvNumbers() {}

  /** A value as written to CSV: {@code inf}, {@code -inf}, {@code nan}, or a plain decimal. */
  public static String format(double value) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    return BigDecimal.valueOf(value).setScale(DECIMALS, RoundingMode.HALF_EVEN).stripTrailingZeros()
        .toPlainString();
  }

  /** Reads a value written by {@link #format}. */
  public static double parse(String text) {
    return switch (text.trim()) {
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      case "nan" -> Double.NaN;
      default -> Double.parseDouble(text.trim());
    };
  }
}
