package dev.rollouts.prometheus.expr;

/**
 * Go's {@code strconv.ParseInt}/{@code ParseFloat}/{@code Atoi} acceptance rules and error
 * texts. Java's own parsers accept other spellings ({@code "1d"}, surrounding blanks,
 * {@code "Infinity"}) and reject Go ones ({@code "inf"}, {@code "1_000"}), and Argo's
 * {@code asInt}/{@code asFloat} expose the difference.
 *
 * <p>Stateless, so thread-safe.
 */
final class GoStrconv {
  private GoStrconv() {}

  /** A {@code *strconv.NumError}; the message is its {@code Error()} text. */
  static final class NumError extends Exception {
    private static final long serialVersionUID = 1L;

    NumError(String function, String input, String reason) {
      super("strconv." + function + ": parsing " + GoFormat.quote(input) + ": " + reason, null,
          false, false);
    }
  }

  /** {@code strconv.ParseInt(s, 10, 64)}. */
  static long parseInt(String s) throws NumError {
    return parseInt(s, 10, "ParseInt");
  }

  /** {@code strconv.ParseInt(s, 0, 64)} for input without underscores. */
  static long parseIntBase0(String s) throws NumError {
    return parseInt(s, 0, "ParseInt");
  }

  /** {@code strconv.Atoi(s)} on a 64-bit platform. */
  static long atoi(String s) throws NumError {
    return parseInt(s, 10, "Atoi");
  }

  private static long parseInt(String input, int base, String function) throws NumError {
    if (input.isEmpty()) {
      throw new NumError(function, input, "invalid syntax");
    }
    String s = input;
    boolean negative = false;
    if (s.charAt(0) == '+' || s.charAt(0) == '-') {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (base == 0) {
      base = 10;
      if (s.length() >= 1 && s.charAt(0) == '0') {
        if (s.length() >= 3 && (s.charAt(1) | 0x20) == 'x') {
          base = 16;
          s = s.substring(2);
        } else if (s.length() >= 3 && (s.charAt(1) | 0x20) == 'o') {
          base = 8;
          s = s.substring(2);
        } else if (s.length() >= 3 && (s.charAt(1) | 0x20) == 'b') {
          base = 2;
          s = s.substring(2);
        } else {
          base = 8;
          s = s.substring(1);
          if (s.isEmpty()) {
            return 0;
          }
        }
      }
    }
    if (s.isEmpty()) {
      throw new NumError(function, input, "invalid syntax");
    }
    // Unsigned accumulation; like ParseUint, an overflow is reported at once.
    long cutoff = Long.divideUnsigned(-1L, base) + 1;
    long un = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int d = c > 0x7f ? -1 : Character.digit(c, 36);
      if (d < 0 || d >= base) {
        throw new NumError(function, input, "invalid syntax");
      }
      if (Long.compareUnsigned(un, cutoff) >= 0) {
        throw new NumError(function, input, "value out of range");
      }
      long next = un * base + d;
      if (Long.compareUnsigned(next, un * base) < 0) {
        throw new NumError(function, input, "value out of range");
      }
      un = next;
    }
    long limit = Long.MIN_VALUE; // 2^63 as an unsigned magnitude
    if ((!negative && Long.compareUnsigned(un, limit) >= 0)
        || (negative && Long.compareUnsigned(un, limit) > 0)) {
      throw new NumError(function, input, "value out of range");
    }
    return negative ? -un : un;
  }

  /** {@code strconv.ParseFloat(s, 64)}; out of range overflows raise, underflow gives 0. */
  static double parseFloat(String input) throws NumError {
    Double special = special(input);
    if (special != null) {
      return special;
    }
    if (!validFloatSyntax(input)) {
      throw new NumError("ParseFloat", input, "invalid syntax");
    }
    String clean = input.replace("_", "");
    double value;
    boolean hex = clean.length() > 2 && (clean.startsWith("0x") || clean.startsWith("0X")
        || clean.startsWith("+0x") || clean.startsWith("-0x") || clean.startsWith("+0X")
        || clean.startsWith("-0X"));
    value = Double.parseDouble(hex ? clean : clean + (clean.endsWith(".") ? "0" : ""));
    if (Double.isInfinite(value)) {
      throw new NumError("ParseFloat", input, "value out of range");
    }
    return value;
  }

  // "inf", "infinity", "nan" in any case, with an optional sign for the infinities; the
  // whole input must be consumed.
  private static Double special(String s) {
    String body = s;
    double sign = 1;
    boolean signed = false;
    if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
      sign = s.charAt(0) == '-' ? -1 : 1;
      body = s.substring(1);
      signed = true;
    }
    if (body.equalsIgnoreCase("inf") || body.equalsIgnoreCase("infinity")) {
      return sign * Double.POSITIVE_INFINITY;
    }
    if (!signed && body.equalsIgnoreCase("nan")) {
      return Double.NaN;
    }
    return null;
  }

  // strconv's readFloat grammar plus its underscoreOK rule.
  private static boolean validFloatSyntax(String s) {
    int i = 0;
    int n = s.length();
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    boolean hex = false;
    if (i + 2 < n && s.charAt(i) == '0' && (s.charAt(i + 1) | 0x20) == 'x') {
      hex = true;
      i += 2;
    }
    boolean sawDot = false;
    boolean sawDigits = false;
    boolean underscores = false;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c == '_') {
        underscores = true;
      } else if (c == '.') {
        if (sawDot) {
          break;
        }
        sawDot = true;
      } else if (c >= '0' && c <= '9' || hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
        sawDigits = true;
      } else {
        break;
      }
    }
    if (!sawDigits) {
      return false;
    }
    char expChar = hex ? 'p' : 'e';
    if (i < n && (s.charAt(i) | 0x20) == expChar) {
      i++;
      if (i >= n) {
        return false;
      }
      if (s.charAt(i) == '+' || s.charAt(i) == '-') {
        i++;
      }
      if (i >= n || s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
      for (; i < n && (s.charAt(i) >= '0' && s.charAt(i) <= '9' || s.charAt(i) == '_'); i++) {
        if (s.charAt(i) == '_') {
          underscores = true;
        }
      }
    } else if (hex) {
      return false;
    }
    if (underscores && !underscoreOk(s.substring(0, i))) {
      return false;
    }
    return i == n;
  }

  private static boolean underscoreOk(String s) {
    char saw = '^';
    int i = 0;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      s = s.substring(1);
    }
    boolean hex = false;
    if (s.length() >= 2 && s.charAt(0) == '0'
        && ((s.charAt(1) | 0x20) == 'b' || (s.charAt(1) | 0x20) == 'o' || (s.charAt(1) | 0x20) == 'x')) {
      i = 2;
      saw = '0';
      hex = (s.charAt(1) | 0x20) == 'x';
    }
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9' || hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
        saw = '0';
        continue;
      }
      if (c == '_') {
        if (saw != '0') {
          return false;
        }
        saw = '_';
        continue;
      }
      if (saw == '_') {
        return false;
      }
      saw = '!';
    }
    return saw != '_';
  }
}
