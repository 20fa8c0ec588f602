package dev.rollouts.prometheus.expr;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A Go {@code time.Duration}: signed nanoseconds, with {@code time.ParseDuration} and
 * {@code Duration.String()} exactly as Go spells them.
 *
 * <pre>{@code
 * GoDuration.parse("1h30m").toString();  // "1h30m0s"
 * GoDuration.parse("1y");                // throws: time: unknown unit "y" in duration "1y"
 * }</pre>
 *
 * @param nanos the length in nanoseconds
 */
record GoDuration(long nanos) {
  static final long SECOND = 1_000_000_000L;
  static final long MINUTE = 60 * SECOND;
  static final long HOUR = 60 * MINUTE;

  private static final Map<String, Long> UNITS = Map.of("ns", 1L, "us", 1_000L,
      "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L, "s", SECOND, "m", MINUTE, "h", HOUR);

  /** A text {@code time.ParseDuration} refuses; the message is Go's. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Go's {@code time.ParseDuration}.
   *
   * @throws Invalid with Go's message when the text is not a duration
   */
  static GoDuration parse(String text) throws Invalid {
    byte[] s = text.getBytes(StandardCharsets.UTF_8);
    int i = 0;
    boolean neg = false;
    if (s.length > 0 && (s[0] == '-' || s[0] == '+')) {
      neg = s[0] == '-';
      i = 1;
    }
    if (s.length - i == 1 && s[i] == '0') {
      return new GoDuration(0);
    }
    if (i == s.length) {
      throw invalid(text);
    }
    long d = 0; // unsigned
    while (i < s.length) {
      if (!(s[i] == '.' || isDigit(s[i]))) {
        throw invalid(text);
      }
      int start = i;
      long v = 0; // unsigned
      for (; i < s.length && isDigit(s[i]); i++) {
        if (Long.compareUnsigned(v, 922_337_203_685_477_580L) > 0) {
          throw invalid(text);
        }
        v = v * 10 + (s[i] - '0');
        if (Long.compareUnsigned(v, Long.MIN_VALUE) > 0) {
          throw invalid(text);
        }
      }
      boolean pre = i != start;
      boolean post = false;
      long f = 0;
      double scale = 1;
      if (i < s.length && s[i] == '.') {
        i++;
        int fracStart = i;
        boolean overflow = false;
        for (; i < s.length && isDigit(s[i]); i++) {
          if (overflow) {
            continue;
          }
          if (Long.compareUnsigned(f, Long.MAX_VALUE / 10) > 0) {
            overflow = true;
            continue;
          }
          long y = f * 10 + (s[i] - '0');
          if (Long.compareUnsigned(y, Long.MIN_VALUE) > 0) {
            overflow = true;
            continue;
          }
          f = y;
          scale *= 10;
        }
        post = i != fracStart;
      }
      if (!pre && !post) {
        throw invalid(text);
      }
      int unitStart = i;
      while (i < s.length && !(s[i] == '.' || isDigit(s[i]))) {
        i++;
      }
      if (i == unitStart) {
        throw new Invalid("time: missing unit in duration " + GoTimeLayout.quote(text));
      }
      String u = new String(s, unitStart, i - unitStart, StandardCharsets.UTF_8);
      Long unit = UNITS.get(u);
      if (unit == null) {
        throw new Invalid("time: unknown unit " + quoteBytes(s, unitStart, i) + " in duration "
            + GoTimeLayout.quote(text));
      }
      if (Long.compareUnsigned(v, Long.divideUnsigned(Long.MIN_VALUE, unit)) > 0) {
        throw invalid(text);
      }
      v *= unit;
      if (f > 0) {
        v += toUnsigned(unsignedToDouble(f) * (unit / scale));
        if (Long.compareUnsigned(v, Long.MIN_VALUE) > 0) {
          throw invalid(text);
        }
      }
      d += v;
      if (Long.compareUnsigned(d, Long.MIN_VALUE) > 0) {
        throw invalid(text);
      }
    }
    if (neg) {
      return new GoDuration(-d);
    }
    if (d < 0) {
      throw invalid(text);
    }
    return new GoDuration(d);
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  private static double unsignedToDouble(long v) {
    return v >= 0 ? v : (double) (v >>> 1) * 2;
  }

  private static long toUnsigned(double d) {
    return d < 0x1p63 ? (long) d : (long) (d - 0x1p63) + Long.MIN_VALUE;
  }

  private static String quoteBytes(byte[] s, int from, int to) {
    return GoTimeLayout.quote(new String(s, from, to - from, StandardCharsets.UTF_8));
  }

  private static Invalid invalid(String text) {
    return new Invalid("time: invalid duration " + GoTimeLayout.quote(text));
  }

  /** Go's {@code Duration.String()}: "1h2m3.5s", "1.5ms", "0s". */
  @Override
  public String toString() {
    if (nanos == 0) {
      return "0s";
    }
    boolean neg = nanos < 0;
    long u = neg ? -nanos : nanos; // unsigned; MinInt64 stays itself
    StringBuilder b = new StringBuilder();
    if (Long.compareUnsigned(u, SECOND) < 0) {
      int prec;
      String unit;
      if (u < 1_000) {
        prec = 0;
        unit = "ns";
      } else if (u < 1_000_000) {
        prec = 3;
        unit = "\u00b5s";
      } else {
        prec = 6;
        unit = "ms";
      }
      b.append(Long.toUnsignedString(u / pow10(prec))).append(fraction(u, prec)).append(unit);
    } else {
      String frac = fraction(u, 9);
      u = Long.divideUnsigned(u, SECOND);
      String tail = Long.remainderUnsigned(u, 60) + frac + "s";
      u = Long.divideUnsigned(u, 60);
      if (u > 0) {
        tail = (u % 60) + "m" + tail;
        u /= 60;
        if (u > 0) {
          tail = u + "h" + tail;
        }
      }
      b.append(tail);
    }
    return neg ? "-" + b : b.toString();
  }

  private static long pow10(int n) {
    long p = 1;
    for (int i = 0; i < n; i++) {
      p *= 10;
    }
    return p;
  }

  // Go's fmtFrac: the digits of v / 10^prec after the point, trailing zeros dropped.
  private static String fraction(long v, int prec) {
    if (prec == 0) {
      return "";
    }
    long frac = Long.remainderUnsigned(v, pow10(prec));
    if (frac == 0) {
      return "";
    }
    String digits = String.format("%0" + prec + "d", frac);
    int end = digits.length();
    while (digits.charAt(end - 1) == '0') {
      end--;
    }
    return "." + digits.substring(0, end);
  }

  /** {@code Duration.Hours()}. */
  double hours() {
    return (double) (nanos / HOUR) + (double) (nanos % HOUR) / (60 * 60e9);
  }

  /** {@code Duration.Minutes()}. */
  double minutes() {
    return (double) (nanos / MINUTE) + (double) (nanos % MINUTE) / (60 * 1e9);
  }

  /** {@code Duration.Seconds()}. */
  double seconds() {
    return (double) (nanos / SECOND) + (double) (nanos % SECOND) / 1e9;
  }

  /** {@code Duration.Truncate(m)}. */
  GoDuration truncate(GoDuration m) {
    return m.nanos <= 0 ? this : new GoDuration(nanos - nanos % m.nanos);
  }

  /** {@code Duration.Round(m)}, saturating as Go does. */
  GoDuration round(GoDuration m) {
    if (m.nanos <= 0) {
      return this;
    }
    long r = nanos % m.nanos;
    if (nanos < 0) {
      r = -r;
      if (lessThanHalf(r, m.nanos)) {
        return new GoDuration(nanos + r);
      }
      long d1 = nanos - m.nanos + r;
      return new GoDuration(d1 < nanos ? d1 : Long.MIN_VALUE);
    }
    if (lessThanHalf(r, m.nanos)) {
      return new GoDuration(nanos - r);
    }
    long d1 = nanos + m.nanos - r;
    return new GoDuration(d1 > nanos ? d1 : Long.MAX_VALUE);
  }

  static boolean lessThanHalf(long x, long y) {
    return Long.compareUnsigned(x + x, y) < 0;
  }

  /** {@code Duration.Abs()}. */
  GoDuration abs() {
    if (nanos >= 0) {
      return this;
    }
    return new GoDuration(nanos == Long.MIN_VALUE ? Long.MAX_VALUE : -nanos);
  }
}
