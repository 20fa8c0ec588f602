package dev.rollouts.sdk.plugin;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's duration syntax ({@code time.ParseDuration}), which Argo users write everywhere
 * ({@code interval: 1m30s}, {@code requeueAfter}, plugin configs): an optional sign, then one or
 * more decimal numbers each with a unit {@code ns}, {@code us}/{@code µs}, {@code ms}, {@code s},
 * {@code m}, {@code h}, e.g. {@code 300ms}, {@code 1.5h}, {@code 2h45m}.
 */
public final class GoDuration {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

  private GoDuration() {}

  /**
   * Parses a Go duration.
   *
   * @throws IllegalArgumentException with Go's wording when the text is not a duration
   */
  public static Duration parse(String text) {
    String s = text.trim();
    boolean negative = false;
    if (s.startsWith("-") || s.startsWith("+")) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw invalid(text);
    }
    Matcher m = PART.matcher(s);
    BigDecimal nanos = BigDecimal.ZERO;
    int at = 0;
    while (at < s.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException(s.substring(at).matches("[0-9.]+")
            ? "time: missing unit in duration \"" + text + "\""
            : "time: invalid duration \"" + text + "\"");
      }
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit(m.group(2)))));
      at = m.end();
    }
    long n = nanos.longValue();
    return Duration.ofNanos(negative ? -n : n);
  }

  private static long unit(String u) {
    return switch (u) {
      case "ns" -> 1L;
      case "us", "µs", "μs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      default -> 3_600_000_000_000L;
    };
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("time: invalid duration \"" + text + "\"");
  }

  /** Formats like Go's {@code Duration.String()} for whole units: {@code 1m30s}, {@code 500ms}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    long nanos = d.toNanos();
    String sign = nanos < 0 ? "-" : "";
    nanos = Math.abs(nanos);
    if (nanos < 1_000_000_000L) {
      if (nanos % 1_000_000L == 0) {
        return sign + nanos / 1_000_000L + "ms";
      }
      return nanos % 1_000L == 0 ? sign + nanos / 1_000L + "µs" : sign + nanos + "ns";
    }
    StringBuilder b = new StringBuilder(sign);
    long h = nanos / 3_600_000_000_000L;
    long rest = nanos % 3_600_000_000_000L;
    long min = rest / 60_000_000_000L;
    rest %= 60_000_000_000L;
    if (h > 0) {
      b.append(h).append('h');
    }
    if (h > 0 || min > 0) {
      b.append(min).append('m');
    }
    BigDecimal secs = BigDecimal.valueOf(rest, 9).stripTrailingZeros();
    b.append(secs.scale() <= 0 ? secs.toBigInteger().toString() : secs.toPlainString()).append('s');
    return b.toString();
  }
}
