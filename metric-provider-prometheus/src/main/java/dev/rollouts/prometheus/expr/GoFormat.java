package dev.rollouts.prometheus.expr;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Go's text forms that reach users through error messages and {@code string()}: {@code %v},
 * {@code %T}, {@code %q}, {@code %#U} and reflect kind names.
 *
 * <p>Stateless, so thread-safe.
 */
final class GoFormat {
  private GoFormat() {}

  /** {@code reflect.Type.String()}, with "<nil>" for the nil type. */
  static String typeName(GoType t) {
    return t == null ? "<nil>" : t.toString();
  }

  /** {@code %T} of a runtime value. */
  static String typeOf(Object v) {
    return typeName(GoValues.typeOf(v));
  }

  /** {@code reflect.Kind.String()} of a runtime value ("invalid" for nil). */
  static String kindOf(Object v) {
    GoType t = GoValues.typeOf(v);
    if (t == null) {
      return "invalid";
    }
    return switch (t.kind()) {
      case BOOL -> "bool";
      case INT -> "int";
      case INT64 -> "int64";
      case UINT8 -> "uint8";
      case UINT64 -> "uint64";
      case FLOAT64 -> "float64";
      case STRING -> "string";
      case INTERFACE -> "interface";
      case SLICE -> "slice";
      case ARRAY -> "array";
      case PTR -> "ptr";
      case MAP -> "map";
      case FUNC -> "func";
      case STRUCT -> "struct";
    };
  }

  /** {@code fmt.Sprintf("%v", v)}. */
  static String value(Object v) {
    StringBuilder b = new StringBuilder();
    append(b, v, 'v');
    return b.toString();
  }

  /**
   * {@code fmt.Sprintf("%s", reflect.ValueOf(v))}: strings and Stringers as text, other values
   * as {@code %!s(float64=1)}, containers element by element, nil as an invalid Value.
   */
  static String sprintS(Object v) {
    if (v == null) {
      return "<invalid reflect.Value>";
    }
    StringBuilder b = new StringBuilder();
    append(b, v, 's');
    return b.toString();
  }

  // fmt's printValue for the verbs v and s: containers recurse with the same verb.
  private static void append(StringBuilder b, Object v, char verb) {
    switch (v) {
      case null -> b.append(verb == 'v' ? "<nil>" : "%!s(<nil>)");
      case String s -> b.append(s);
      case GoTime t -> b.append(t);
      case GoDuration d -> b.append(d);
      case GoTime.Month m -> b.append(m);
      case GoTime.Weekday w -> b.append(w);
      case GoZone z -> b.append(z);
      case GoValues.Slice s -> {
        b.append('[');
        for (int i = 0; i < s.size(); i++) {
          b.append(i > 0 ? " " : "");
          append(b, s.get(i), verb);
        }
        b.append(']');
      }
      case Map<?, ?> m -> {
        // fmt prints maps with sorted keys.
        List<String> keys = new ArrayList<>();
        for (Object k : m.keySet()) {
          keys.add((String) k);
        }
        keys.sort(GoRuntime::compareStrings);
        b.append("map[");
        for (int i = 0; i < keys.size(); i++) {
          b.append(i > 0 ? " " : "").append(keys.get(i)).append(':');
          append(b, m.get(keys.get(i)), verb);
        }
        b.append(']');
      }
      case GoValues.AnyMap m -> {
        // fmt sorts interface keys: nil first, then by type, then by value.
        List<GoValues.Key> keys = new ArrayList<>(m.entries().keySet());
        keys.sort(GoFormat::compareKeys);
        b.append("map[");
        for (int i = 0; i < keys.size(); i++) {
          b.append(i > 0 ? " " : "");
          append(b, keys.get(i).value(), verb);
          b.append(':');
          append(b, m.entries().get(keys.get(i)), verb);
        }
        b.append(']');
      }
      case GoValues.StringSet set -> {
        List<String> keys = new ArrayList<>(set.values());
        keys.sort(GoRuntime::compareStrings);
        b.append("map[");
        for (int i = 0; i < keys.size(); i++) {
          b.append(i > 0 ? " " : "").append(keys.get(i)).append(":{}");
        }
        b.append(']');
      }
      default -> {
        String text = v instanceof Double d ? formatFloat(d) : v.toString();
        if (verb == 'v') {
          b.append(text);
        } else {
          b.append("%!s(").append(typeOf(v)).append('=').append(text).append(')');
        }
      }
    }
  }

  private static int compareKeys(GoValues.Key a, GoValues.Key b) {
    Object x = a.value();
    Object y = b.value();
    if (x == null || y == null) {
      return x == null ? (y == null ? 0 : -1) : 1;
    }
    int byType = typeOf(x).compareTo(typeOf(y));
    if (byType != 0) {
      return byType;
    }
    if (x instanceof String s && y instanceof String t) {
      return GoRuntime.compareStrings(s, t);
    }
    if (x instanceof Double d && y instanceof Double e) {
      return Double.compare(d, e);
    }
    if (GoRuntime.isInteger(x) && GoRuntime.isInteger(y)) {
      return Long.compare(GoRuntime.intValue(x), GoRuntime.intValue(y));
    }
    if (x instanceof Boolean p && y instanceof Boolean q) {
      return Boolean.compare(p, q);
    }
    return 0;
  }

  /** {@code %v} of a float64: shortest digits, exponent form below 1e-4 and from 1e6. */
  static String formatFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return (1 / d) < 0 ? "-0" : "0";
    }
    BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = bd.unscaledValue().toString();
    int exp = digits.length() - bd.scale() - 1; // decimal exponent of the first digit
    StringBuilder b = new StringBuilder();
    if (d < 0) {
      b.append('-');
    }
    if (exp < -4 || exp >= 6) {
      b.append(digits.charAt(0));
      if (digits.length() > 1) {
        b.append('.').append(digits, 1, digits.length());
      }
      b.append('e').append(exp < 0 ? '-' : '+');
      int e = Math.abs(exp);
      if (e < 10) {
        b.append('0');
      }
      b.append(e);
    } else if (exp < 0) {
      b.append("0.");
      b.append("0".repeat(-exp - 1)).append(digits);
    } else if (exp + 1 >= digits.length()) {
      b.append(digits).append("0".repeat(exp + 1 - digits.length()));
    } else {
      b.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
    }
    return b.toString();
  }

  /** {@code strconv.Quote(s)}. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(r -> {
      switch (r) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case 0x07 -> b.append("\\a");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case 0x0B -> b.append("\\v");
        default -> {
          if (isPrint(r)) {
            b.appendCodePoint(r);
          } else if (r < ' ' || r == 0x7f) {
            b.append(String.format("\\x%02x", r));
          } else if (r >= 0xD800 && r <= 0xDFFF) {
            b.append("\\ufffd");
          } else if (r < 0x10000) {
            b.append(String.format("\\u%04x", r));
          } else {
            b.append(String.format("\\U%08x", r));
          }
        }
      }
    });
    return b.append('"').toString();
  }

  /** {@code %#U}: {@code U+0040 '@'}, without the character when it is not printable. */
  static String runeWithName(int r) {
    String hex = String.format("U+%04X", r);
    return isPrint(r) ? hex + " '" + new String(Character.toChars(r)) + "'" : hex;
  }

  /** Go's {@code strconv.IsPrint}: letters, marks, numbers, punctuation, symbols and ' '. */
  static boolean isPrint(int r) {
    if (r == ' ') {
      return true;
    }
    return switch (Character.getType(r)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
          Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
      default -> false;
    };
  }

}
