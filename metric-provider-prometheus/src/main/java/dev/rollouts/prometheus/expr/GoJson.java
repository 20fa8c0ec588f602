package dev.rollouts.prometheus.expr;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Go's {@code encoding/json} as expr's {@code toJSON} and {@code fromJSON} use it:
 * {@code json.MarshalIndent(v, "", "  ")} (sorted keys, HTML-safe escapes, Go's float
 * formatting, Go's errors for NaN and unsupported types) and {@code json.Unmarshal} into
 * {@code interface{}} (float64, string, bool, nil, []interface{}, map[string]interface{}),
 * with the scanner's exact syntax error texts.
 *
 * <p>Stateless, so thread-safe.
 */
final class GoJson {
  private GoJson() {}

  /** A value Go cannot encode or a text it cannot decode; the message is Go's. */
  static final class JsonError extends Exception {
    private static final long serialVersionUID = 1L;

    JsonError(String message) {
      super(message, null, false, false);
    }
  }

  // ---- encoding ----

  /**
   * {@code json.MarshalIndent(v, "", "  ")} as a string.
   *
   * @throws JsonError with Go's message for NaN, infinities and unsupported types
   */
  static String marshalIndent(Object v) throws JsonError {
    StringBuilder b = new StringBuilder();
    encode(b, v, "");
    return b.toString();
  }

  private static void encode(StringBuilder b, Object v, String indent) throws JsonError {
    switch (v) {
      case null -> b.append("null");
      case Boolean x -> b.append(x);
      case Long x -> b.append(x);
      case GoValues.Int64 x -> b.append(x.value());
      case GoValues.Uint8 x -> b.append(x.value());
      case GoDuration x -> b.append(x.nanos());
      case GoTime.Month x -> b.append(x.value());
      case GoTime.Weekday x -> b.append(x.value());
      case Double x -> b.append(formatFloat(x));
      case String x -> quote(b, x);
      case GoTime t -> {
        String[] problem = new String[1];
        String s = t.strictRfc3339(problem);
        if (s == null) {
          throw new JsonError("json: error calling MarshalJSON for type time.Time: "
              + "Time.MarshalJSON: " + problem[0]);
        }
        b.append('"').append(s).append('"');
      }
      case GoZone z -> b.append("{}");
      case GoValues.Slice s -> {
        if (s.type.elem() != null && s.type.elem().equals(GoType.UINT8)
            && s.type.kind() == GoType.Kind.SLICE) {
          if (s.isNil()) {
            b.append("null");
            return;
          }
          byte[] bytes = new byte[s.size()];
          for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ((GoValues.Uint8) s.get(i)).value();
          }
          b.append('"').append(Base64.getEncoder().encodeToString(bytes)).append('"');
          return;
        }
        if (s.isNil()) {
          b.append("null");
          return;
        }
        if (s.size() == 0) {
          b.append("[]");
          return;
        }
        String inner = indent + "  ";
        b.append('[');
        for (int i = 0; i < s.size(); i++) {
          b.append(i > 0 ? ",\n" : "\n").append(inner);
          encode(b, s.get(i), inner);
        }
        b.append('\n').append(indent).append(']');
      }
      case Map<?, ?> m -> {
        List<String> keys = new ArrayList<>();
        for (Object k : m.keySet()) {
          keys.add((String) k);
        }
        object(b, keys, m::get, indent);
      }
      case GoValues.StringSet set -> object(b, new ArrayList<>(set.values()),
          k -> Map.of(), indent);
      default -> throw new JsonError("json: unsupported type: " + GoFormat.typeOf(v));
    }
  }

  // An object with sorted keys, one member a line.
  private static void object(StringBuilder b, List<String> keys,
      java.util.function.Function<String, Object> values, String indent) throws JsonError {
    if (keys.isEmpty()) {
      b.append("{}");
      return;
    }
    keys.sort(GoRuntime::compareStrings);
    String inner = indent + "  ";
    b.append('{');
    for (int i = 0; i < keys.size(); i++) {
      b.append(i > 0 ? ",\n" : "\n").append(inner);
      quote(b, keys.get(i));
      b.append(": ");
      encode(b, values.apply(keys.get(i)), inner);
    }
    b.append('\n').append(indent).append('}');
  }

  /** encoding/json's float64: shortest digits, exponent form below 1e-6 and from 1e21. */
  static String formatFloat(double f) throws JsonError {
    if (Double.isNaN(f) || Double.isInfinite(f)) {
      throw new JsonError("json: unsupported value: " + GoFormat.formatFloat(f));
    }
    if (f == 0) {
      return 1 / f < 0 ? "-0" : "0";
    }
    double abs = Math.abs(f);
    BigDecimal bd = new BigDecimal(Double.toString(abs)).stripTrailingZeros();
    String digits = bd.unscaledValue().toString();
    int exp = digits.length() - bd.scale() - 1;
    String sign = f < 0 ? "-" : "";
    if (abs < 1e-6 || abs >= 1e21) {
      String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1)
          : digits;
      String e = exp < 0 ? "-" + (-exp < 10 ? "0" : "") + -exp : "+" + (exp < 10 ? "0" : "") + exp;
      if (e.startsWith("-0")) {
        e = "-" + e.substring(2);
      }
      return sign + mantissa + "e" + e;
    }
    return sign + bd.toPlainString();
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  // encodeState.string with escapeHTML: the escapes json.Marshal writes.
  private static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            b.append("\\u").append(HEX[c >> 12]).append(HEX[c >> 8 & 0xf])
                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
          } else if (Character.isSurrogate(c)
              && !(Character.isHighSurrogate(c) && i + 1 < s.length()
                  && Character.isLowSurrogate(s.charAt(i + 1)))
              && !(Character.isLowSurrogate(c) && i > 0
                  && Character.isHighSurrogate(s.charAt(i - 1)))) {
            b.append("\\ufffd"); // Go sees invalid UTF-8 here
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  // ---- decoding ----

  /**
   * {@code json.Unmarshal(text, &v)} with {@code v interface{}}.
   *
   * @throws JsonError with Go's message for a syntax error or a number out of float64 range
   */
  static Object unmarshal(String text) throws JsonError {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    new Scanner().check(data);
    Decoder d = new Decoder(data);
    Object v = d.value();
    if (d.error != null) {
      throw d.error;
    }
    return v;
  }

  /** Go's scanner state machine, reduced to what checkValid needs: the first error. */
  private static final class Scanner {
    private enum Step { BEGIN_VALUE_OR_EMPTY, BEGIN_VALUE, BEGIN_STRING_OR_EMPTY, BEGIN_STRING,
      END_VALUE, END_TOP, IN_STRING, IN_STRING_ESC, ESC_U, ESC_U1, ESC_U12, ESC_U123, NEG, ONE,
      ZERO, DOT, DOT0, E, E_SIGN, E0, T, TR, TRU, F, FA, FAL, FALS, N, NU, NUL }

    private static final int OBJECT_KEY = 0;
    private static final int OBJECT_VALUE = 1;
    private static final int ARRAY_VALUE = 2;
    private static final int MAX_DEPTH = 10000;

    private Step step = Step.BEGIN_VALUE;
    private final List<Integer> parse = new ArrayList<>();
    private boolean endTop;

    void check(byte[] data) throws JsonError {
      for (byte c : data) {
        feed(c & 0xff);
      }
      if (endTop) {
        return;
      }
      feed(' ');
      if (!endTop) {
        throw new JsonError("unexpected end of JSON input");
      }
    }

    private static boolean isSpace(int c) {
      return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isDigit(int c) {
      return c >= '0' && c <= '9';
    }

    private static boolean isHex(int c) {
      return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private void push(int c, int state) throws JsonError {
      parse.add(state);
      if (parse.size() > MAX_DEPTH) {
        throw error(c, "exceeded max depth");
      }
    }

    private void pop() {
      parse.remove(parse.size() - 1);
      if (parse.isEmpty()) {
        step = Step.END_TOP;
        endTop = true;
      } else {
        step = Step.END_VALUE;
      }
    }

    private void feed(int c) throws JsonError {
      switch (step) {
        case BEGIN_VALUE_OR_EMPTY -> {
          if (isSpace(c)) {
            return;
          }
          if (c == ']') {
            endValue(c);
            return;
          }
          beginValue(c);
        }
        case BEGIN_VALUE -> beginValue(c);
        case BEGIN_STRING_OR_EMPTY -> {
          if (isSpace(c)) {
            return;
          }
          if (c == '}') {
            parse.set(parse.size() - 1, OBJECT_VALUE);
            endValue(c);
            return;
          }
          beginString(c);
        }
        case BEGIN_STRING -> beginString(c);
        case END_VALUE -> endValue(c);
        case END_TOP -> {
          if (!isSpace(c)) {
            throw error(c, "after top-level value");
          }
        }
        case IN_STRING -> {
          if (c == '"') {
            step = Step.END_VALUE;
          } else if (c == '\\') {
            step = Step.IN_STRING_ESC;
          } else if (c < 0x20) {
            throw error(c, "in string literal");
          }
        }
        case IN_STRING_ESC -> {
          switch (c) {
            case 'b', 'f', 'n', 'r', 't', '\\', '/', '"' -> step = Step.IN_STRING;
            case 'u' -> step = Step.ESC_U;
            default -> throw error(c, "in string escape code");
          }
        }
        case ESC_U, ESC_U1, ESC_U12, ESC_U123 -> {
          if (!isHex(c)) {
            throw error(c, "in \\u hexadecimal character escape");
          }
          step = switch (step) {
            case ESC_U -> Step.ESC_U1;
            case ESC_U1 -> Step.ESC_U12;
            case ESC_U12 -> Step.ESC_U123;
            default -> Step.IN_STRING;
          };
        }
        case NEG -> {
          if (c == '0') {
            step = Step.ZERO;
          } else if (c >= '1' && c <= '9') {
            step = Step.ONE;
          } else {
            throw error(c, "in numeric literal");
          }
        }
        case ONE -> {
          if (!isDigit(c)) {
            zero(c);
          }
        }
        case ZERO -> zero(c);
        case DOT -> {
          if (!isDigit(c)) {
            throw error(c, "after decimal point in numeric literal");
          }
          step = Step.DOT0;
        }
        case DOT0 -> {
          if (c == 'e' || c == 'E') {
            step = Step.E;
          } else if (!isDigit(c)) {
            endValue(c);
          }
        }
        case E -> {
          if (c == '+' || c == '-') {
            step = Step.E_SIGN;
          } else {
            eSign(c);
          }
        }
        case E_SIGN -> eSign(c);
        case E0 -> {
          if (!isDigit(c)) {
            endValue(c);
          }
        }
        case T -> literal(c, 'r', Step.TR, "in literal true (expecting 'r')");
        case TR -> literal(c, 'u', Step.TRU, "in literal true (expecting 'u')");
        case TRU -> literal(c, 'e', Step.END_VALUE, "in literal true (expecting 'e')");
        case F -> literal(c, 'a', Step.FA, "in literal false (expecting 'a')");
        case FA -> literal(c, 'l', Step.FAL, "in literal false (expecting 'l')");
        case FAL -> literal(c, 's', Step.FALS, "in literal false (expecting 's')");
        case FALS -> literal(c, 'e', Step.END_VALUE, "in literal false (expecting 'e')");
        case N -> literal(c, 'u', Step.NU, "in literal null (expecting 'u')");
        case NU -> literal(c, 'l', Step.NUL, "in literal null (expecting 'l')");
        case NUL -> literal(c, 'l', Step.END_VALUE, "in literal null (expecting 'l')");
        default -> throw new IllegalStateException(step.toString());
      }
    }

    private void literal(int c, char want, Step then, String context) throws JsonError {
      if (c != want) {
        throw error(c, context);
      }
      step = then;
    }

    private void zero(int c) throws JsonError {
      if (c == '.') {
        step = Step.DOT;
      } else if (c == 'e' || c == 'E') {
        step = Step.E;
      } else {
        endValue(c);
      }
    }

    private void eSign(int c) throws JsonError {
      if (!isDigit(c)) {
        throw error(c, "in exponent of numeric literal");
      }
      step = Step.E0;
    }

    private void beginValue(int c) throws JsonError {
      if (isSpace(c)) {
        step = Step.BEGIN_VALUE;
        return;
      }
      switch (c) {
        case '{' -> {
          step = Step.BEGIN_STRING_OR_EMPTY;
          push(c, OBJECT_KEY);
        }
        case '[' -> {
          step = Step.BEGIN_VALUE_OR_EMPTY;
          push(c, ARRAY_VALUE);
        }
        case '"' -> step = Step.IN_STRING;
        case '-' -> step = Step.NEG;
        case '0' -> step = Step.ZERO;
        case 't' -> step = Step.T;
        case 'f' -> step = Step.F;
        case 'n' -> step = Step.N;
        default -> {
          if (c >= '1' && c <= '9') {
            step = Step.ONE;
          } else {
            throw error(c, "looking for beginning of value");
          }
        }
      }
    }

    private void beginString(int c) throws JsonError {
      if (isSpace(c)) {
        step = Step.BEGIN_STRING;
        return;
      }
      if (c != '"') {
        throw error(c, "looking for beginning of object key string");
      }
      step = Step.IN_STRING;
    }

    private void endValue(int c) throws JsonError {
      if (parse.isEmpty()) {
        step = Step.END_TOP;
        endTop = true;
        if (!isSpace(c)) {
          throw error(c, "after top-level value");
        }
        return;
      }
      if (isSpace(c)) {
        step = Step.END_VALUE;
        return;
      }
      int ps = parse.get(parse.size() - 1);
      switch (ps) {
        case OBJECT_KEY -> {
          if (c != ':') {
            throw error(c, "after object key");
          }
          parse.set(parse.size() - 1, OBJECT_VALUE);
          step = Step.BEGIN_VALUE;
        }
        case OBJECT_VALUE -> {
          if (c == ',') {
            parse.set(parse.size() - 1, OBJECT_KEY);
            step = Step.BEGIN_STRING;
          } else if (c == '}') {
            pop();
          } else {
            throw error(c, "after object key:value pair");
          }
        }
        default -> {
          if (c == ',') {
            step = Step.BEGIN_VALUE;
          } else if (c == ']') {
            pop();
          } else {
            throw error(c, "after array element");
          }
        }
      }
    }

    // Go's quoteChar: the byte as a rune (so 0xC3 shows as 'Ã'), in single quotes.
    private static JsonError error(int c, String context) {
      String q;
      if (c == '\'') {
        q = "'\\''";
      } else if (c == '"') {
        q = "'\"'";
      } else {
        String s = GoFormat.quote(String.valueOf((char) c));
        q = "'" + s.substring(1, s.length() - 1) + "'";
      }
      return new JsonError("invalid character " + q + " " + context);
    }
  }

  /** Decodes text the scanner accepted; keeps the first number that does not fit a float64. */
  private static final class Decoder {
    private final byte[] s;
    private int i;
    JsonError error;

    Decoder(byte[] s) {
      this.s = s;
    }

    private void space() {
      while (i < s.length && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) {
        i++;
      }
    }

    Object value() {
      space();
      byte c = s[i];
      switch (c) {
        case '{' -> {
          i++;
          Map<String, Object> m = new LinkedHashMap<>();
          space();
          if (s[i] == '}') {
            i++;
            return java.util.Collections.unmodifiableMap(m);
          }
          while (true) {
            space();
            String key = string();
            space();
            i++; // ':'
            m.put(key, value());
            space();
            if (s[i++] == '}') {
              return java.util.Collections.unmodifiableMap(m);
            }
          }
        }
        case '[' -> {
          i++;
          List<Object> items = new ArrayList<>();
          space();
          if (s[i] == ']') {
            i++;
            return GoValues.anySlice(items);
          }
          while (true) {
            items.add(value());
            space();
            if (s[i++] == ']') {
              return GoValues.anySlice(items);
            }
          }
        }
        case '"' -> {
          return string();
        }
        case 't' -> {
          i += 4;
          return true;
        }
        case 'f' -> {
          i += 5;
          return false;
        }
        case 'n' -> {
          i += 4;
          return null;
        }
        default -> {
          int start = i;
          while (i < s.length && (s[i] == '-' || s[i] == '+' || s[i] == '.' || s[i] == 'e'
              || s[i] == 'E' || (s[i] >= '0' && s[i] <= '9'))) {
            i++;
          }
          String literal = new String(s, start, i - start, StandardCharsets.US_ASCII);
          double d = Double.parseDouble(literal);
          if (Double.isInfinite(d)) {
            if (error == null) {
              error = new JsonError("json: cannot unmarshal number " + literal
                  + " into Go value of type float64");
            }
            return null;
          }
          return d;
        }
      }
    }

    // Go's unquote: escapes, surrogate pairs, U+FFFD for lone surrogates and bad UTF-8.
    private String string() {
      i++; // opening quote
      java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
      StringBuilder b = new StringBuilder();
      while (s[i] != '"') {
        if (s[i] == '\\') {
          flush(raw, b);
          char e = (char) s[i + 1];
          i += 2;
          switch (e) {
            case 'b' -> b.append('\b');
            case 'f' -> b.append('\f');
            case 'n' -> b.append('\n');
            case 'r' -> b.append('\r');
            case 't' -> b.append('\t');
            case 'u' -> {
              int r = hex4(i);
              i += 4;
              if (Character.isHighSurrogate((char) r) && i + 5 < s.length && s[i] == '\\'
                  && s[i + 1] == 'u') {
                int r2 = hex4(i + 2);
                if (Character.isLowSurrogate((char) r2)) {
                  b.append((char) r).append((char) r2);
                  i += 6;
                  continue;
                }
              }
              b.append(Character.isSurrogate((char) r) ? '\ufffd' : (char) r);
            }
            default -> b.append(e);
          }
        } else {
          raw.write(s[i]);
          i++;
        }
      }
      i++;
      flush(raw, b);
      return b.toString();
    }

    private static void flush(java.io.ByteArrayOutputStream raw, StringBuilder b) {
      if (raw.size() > 0) {
        b.append(new String(raw.toByteArray(), StandardCharsets.UTF_8));
        raw.reset();
      }
    }

    private int hex4(int at) {
      return Integer.parseInt(new String(s, at, 4, StandardCharsets.US_ASCII), 16);
    }
  }
}
