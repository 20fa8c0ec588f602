package dev.rollouts.prometheus;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Go's spelling of float64 values as the built-in provider shows them:
 * {@code model.SampleValue.String()}, which is {@code strconv.FormatFloat(v, 'f', -1, 64)}, and
 * the parsing of Prometheus's JSON sample strings ({@code strconv.ParseFloat}).
 *
 * <pre>{@code
 * GoFloats.format(0.95);      // "0.95"
 * GoFloats.format(1e21);      // "1000000000000000000000" (never an exponent)
 * GoFloats.format(Double.POSITIVE_INFINITY); // "+Inf"
 * GoFloats.parse("-Inf");     // -Infinity
 * }</pre>
 *
 * <p>Stateless, so thread-safe.
 */
public final class GoFloats {
  private GoFloats() {}

  /**
   * The shortest decimal that reads back as {@code value}, without exponent: Go's
   * {@code 'f', -1} format. Java's {@link Double#toString} also picks the shortest digits (since
   * JDK 19) but never fewer than two, so only one-digit values and the notation need changing.
   */
  public static String format(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == 0) {
      return Double.doubleToRawLongBits(value) < 0 ? "-0" : "0";
    }
    BigDecimal digits = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    if (digits.precision() == 2) {
      digits = oneDigit(value, digits);
    }
    return digits.toPlainString();
  }

  // Java prints at least two significant digits ("4.9E-324") where Go's shortest has one
  // ("5e-324"): take a one-digit neighbour that reads back as the same double, the closer one.
  private static BigDecimal oneDigit(double value, BigDecimal twoDigits) {
    BigDecimal exact = new BigDecimal(value);
    BigDecimal best = twoDigits;
    for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
      BigDecimal candidate = twoDigits.round(new MathContext(1, mode));
      if (candidate.doubleValue() == value && (best == twoDigits
          || candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
        best = candidate;
      }
    }
    return best.stripTrailingZeros();
  }

  /**
   * A sample value as Prometheus writes it in JSON ({@code "0.5"}, {@code "NaN"},
   * {@code "+Inf"}, {@code "1e-07"}), with Go's {@code strconv.ParseFloat} spellings of the
   * special values.
   *
   * @throws NumberFormatException when the text is no float Go would read
   */
  public static double parse(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
    if (unsigned.equals("inf") || unsigned.equals("infinity")) {
      return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (lower.equals("nan")) {
      return Double.NaN;
    }
    // Java also reads "1d", "0x1p3" without 'p' rules, " 1" and "Infinity" spelled otherwise.
    if (text.isEmpty() || !text.chars().allMatch(c -> "0123456789.eE+-".indexOf(c) >= 0)) {
      throw new NumberFormatException("not a float: \"" + text + "\"");
    }
    return Double.parseDouble(text);
  }
}
