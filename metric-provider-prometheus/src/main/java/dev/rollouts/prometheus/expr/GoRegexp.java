package dev.rollouts.prometheus.expr;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Go {@code regexp} (RE2) patterns on {@link java.util.regex}: rejects what RE2 rejects with
 * Go's messages for the usual mistakes, and keeps RE2 meanings where Java's differ ({@code $}
 * is the end of the text, {@code .} excludes only {@code \n}). Matching is unanchored, as
 * {@code regexp.MatchString}.
 *
 * <p>Stateless, so thread-safe; compiled patterns are immutable.
 */
final class GoRegexp {
  private GoRegexp() {}

  /** A pattern Go's regexp would refuse; the message is Go's error text. */
  static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxError(String code, String fragment) {
      super("error parsing regexp: " + code + ": `" + fragment + "`", null, false, false);
    }
  }

  static Pattern compile(String re) throws SyntaxError {
    validate(re);
    try {
      return Pattern.compile(translate(re), Pattern.UNIX_LINES);
    } catch (PatternSyntaxException e) {
      throw new SyntaxError("invalid pattern", re);
    }
  }

  static boolean matches(Pattern p, String s) {
    return p.matcher(s).find();
  }

  // RE2 checks, in the order its parser meets them, for the constructs users get wrong.
  private static void validate(String re) throws SyntaxError {
    int depth = 0;
    boolean canRepeat = false; // is there an operand before a repetition operator?
    boolean lastWasRepeat = false;
    for (int i = 0; i < re.length(); i++) {
      char c = re.charAt(i);
      switch (c) {
        case '\\' -> {
          if (i + 1 >= re.length()) {
            throw new SyntaxError("trailing backslash at end of expression", "");
          }
          checkEscape(re, i, false);
          i++;
          canRepeat = true;
          lastWasRepeat = false;
        }
        case '[' -> {
          int end = classEnd(re, i);
          if (end < 0) {
            throw new SyntaxError("missing closing ]", re.substring(i));
          }
          validateClass(re, i, end);
          i = end;
          canRepeat = true;
          lastWasRepeat = false;
        }
        case '(' -> {
          if (re.startsWith("(?=", i) || re.startsWith("(?!", i) || re.startsWith("(?<=", i)
              || re.startsWith("(?<!", i) || re.startsWith("(?>", i)) {
            throw new SyntaxError("invalid or unsupported Perl syntax",
                re.substring(i, Math.min(re.length(), i + 3)));
          }
          depth++;
          canRepeat = false;
          lastWasRepeat = false;
          if (re.startsWith("(?", i)) {
            i = groupPrefixEnd(re, i);
            if (re.charAt(i) == ')') {
              depth--; // "(?i)" sets flags and opens no group
            }
          }
        }
        case ')' -> {
          if (depth == 0) {
            throw new SyntaxError("unexpected )", re);
          }
          depth--;
          canRepeat = true;
          lastWasRepeat = false;
        }
        case '|' -> {
          canRepeat = false;
          lastWasRepeat = false;
        }
        case '*', '+', '?' -> {
          if (lastWasRepeat && c != '?') {
            throw new SyntaxError("invalid nested repetition operator",
                re.substring(i - 1, i + 1));
          }
          if (lastWasRepeat) {
            // a lazy quantifier like *? is fine; a third operator is not
            lastWasRepeat = false;
            canRepeat = false;
            continue;
          }
          if (!canRepeat) {
            throw new SyntaxError("missing argument to repetition operator", String.valueOf(c));
          }
          lastWasRepeat = true;
        }
        default -> {
          canRepeat = c != '^' && c != '$' || canRepeat;
          lastWasRepeat = false;
        }
      }
    }
    if (depth > 0) {
      throw new SyntaxError("missing closing )", re);
    }
  }

  // Skips "(?flags)", "(?flags:", "(?P<name>" and "(?<name>"; returns the index of the last
  // character of that prefix. A "(?flags)" group closes itself.
  private static int groupPrefixEnd(String re, int open) throws SyntaxError {
    int i = open + 2;
    if (re.startsWith("P<", i) || re.startsWith("<", i)) {
      int close = re.indexOf('>', i);
      if (close < 0) {
        throw new SyntaxError("invalid named capture", re.substring(open));
      }
      return close;
    }
    while (i < re.length() && "imsU-".indexOf(re.charAt(i)) >= 0) {
      i++;
    }
    if (i < re.length() && re.charAt(i) == ':') {
      return i;
    }
    if (i < re.length() && re.charAt(i) == ')') {
      return i;
    }
    throw new SyntaxError("invalid or unsupported Perl syntax",
        re.substring(open, Math.min(re.length(), i + 1)));
  }

  /** RE2's escapes: punctuation, \\a\\f\\n\\r\\t\\v, octal, \\x, classes, and outside a class \\A\\b\\B\\z\\Q. */
  private static void checkEscape(String re, int i, boolean inClass) throws SyntaxError {
    char e = re.charAt(i + 1);
    boolean ok = e < 0x80 && !Character.isLetterOrDigit(e)
        || "afnrtvdDsSwWpPx0".indexOf(e) >= 0
        || !inClass && "AbBzQ".indexOf(e) >= 0
        || e >= '1' && e <= '7' && i + 2 < re.length() && re.charAt(i + 2) >= '0'
            && re.charAt(i + 2) <= '7';
    if (ok && e == 'x') {
      ok = hexEscapeEnd(re, i) > 0;
    }
    if (!ok) {
      throw new SyntaxError("invalid escape sequence",
          re.substring(i, i + 1 + Character.charCount(re.codePointAt(i + 1))));
    }
  }

  // \\xHH or \\x{H..} (at most U+10FFFF): the index after it, or -1.
  private static int hexEscapeEnd(String re, int i) {
    int j = i + 2;
    if (j < re.length() && re.charAt(j) == '{') {
      int close = re.indexOf('}', j);
      if (close < 0 || close == j + 1 || close - j > 9) {
        return -1;
      }
      for (int k = j + 1; k < close; k++) {
        if (Character.digit(re.charAt(k), 16) < 0 || re.charAt(k) > 0x7f) {
          return -1;
        }
      }
      return Long.parseLong(re.substring(j + 1, close), 16) <= 0x10FFFF ? close + 1 : -1;
    }
    for (int k = j; k < j + 2; k++) {
      if (k >= re.length() || Character.digit(re.charAt(k), 16) < 0 || re.charAt(k) > 0x7f) {
        return -1;
      }
    }
    return j + 2;
  }

  // Ranges inside a class: both ends must be characters and in order, as RE2 requires.
  private static void validateClass(String re, int open, int close) throws SyntaxError {
    int i = open + 1;
    if (re.charAt(i) == '^') {
      i++;
    }
    boolean first = true;
    while (i < close || first && i == close) {
      int start = i;
      if (re.charAt(i) == '\\' && i + 1 < re.length()) {
        checkEscape(re, i, true);
      }
      long lo = classAtom(re, i);
      i = nextAfterAtom(re, i);
      first = false;
      if (i + 1 < close && re.charAt(i) == '-') {
        long hi = classAtom(re, i + 1);
        int after = nextAfterAtom(re, i + 1);
        if (lo == -1 || hi == -1 || (lo >= 0 && hi >= 0 && hi < lo)) {
          throw new SyntaxError("invalid character class range", re.substring(start, after));
        }
        i = after;
      }
    }
  }

  // The code point of the class item at i, or -1 for a class (\d, [:alpha:], \p{..}).
  private static long classAtom(String re, int i) {
    char c = re.charAt(i);
    if (c == '[' && re.startsWith("[:", i) && re.indexOf(":]", i + 2) > 0) {
      return -1;
    }
    if (c != '\\' || i + 1 >= re.length()) {
      return re.codePointAt(i);
    }
    char e = re.charAt(i + 1);
    return switch (e) {
      case 'd', 'D', 's', 'S', 'w', 'W', 'p', 'P' -> -1;
      case 'n' -> '\n';
      case 't' -> '\t';
      case 'r' -> '\r';
      case 'f' -> '\f';
      case 'v' -> 0x0B;
      case 'a' -> 0x07;
      case 'x' -> -2; // a hex escape: accepted, value not checked here
      default -> e;
    };
  }

  private static int nextAfterAtom(String re, int i) {
    char c = re.charAt(i);
    if (c == '[' && re.startsWith("[:", i) && re.indexOf(":]", i + 2) > 0) {
      return re.indexOf(":]", i + 2) + 2;
    }
    if (c != '\\' || i + 1 >= re.length()) {
      return i + Character.charCount(re.codePointAt(i));
    }
    char e = re.charAt(i + 1);
    if ((e == 'p' || e == 'P' || e == 'x') && i + 2 < re.length() && re.charAt(i + 2) == '{') {
      int close = re.indexOf('}', i + 2);
      return close < 0 ? re.length() : close + 1;
    }
    if (e == 'x') {
      return Math.min(re.length(), i + 4);
    }
    if (e == 'p' || e == 'P') {
      return Math.min(re.length(), i + 3);
    }
    return i + 2;
  }

  private static int classEnd(String re, int open) {
    int i = open + 1;
    if (i < re.length() && re.charAt(i) == '^') {
      i++;
    }
    if (i < re.length() && re.charAt(i) == ']') {
      i++; // a leading ] is a literal
    }
    for (; i < re.length(); i++) {
      char c = re.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '[' && i + 1 < re.length() && re.charAt(i + 1) == ':') {
        int close = re.indexOf(":]", i + 2);
        if (close > 0) {
          i = close + 1;
        }
      } else if (c == ']') {
        return i;
      }
    }
    return -1;
  }

  private static final java.util.Map<String, String> POSIX = java.util.Map.ofEntries(
      java.util.Map.entry("alnum", "\\p{Alnum}"), java.util.Map.entry("alpha", "\\p{Alpha}"),
      java.util.Map.entry("ascii", "\\p{ASCII}"), java.util.Map.entry("blank", "\\p{Blank}"),
      java.util.Map.entry("cntrl", "\\p{Cntrl}"), java.util.Map.entry("digit", "\\p{Digit}"),
      java.util.Map.entry("graph", "\\p{Graph}"), java.util.Map.entry("lower", "\\p{Lower}"),
      java.util.Map.entry("print", "\\p{Print}"), java.util.Map.entry("punct", "\\p{Punct}"),
      java.util.Map.entry("space", "\\s\\x0B"), java.util.Map.entry("upper", "\\p{Upper}"),
      java.util.Map.entry("word", "\\w"), java.util.Map.entry("xdigit", "\\p{XDigit}"));

  /**
   * Rewrites RE2 syntax into Java syntax with the same meaning: {@code $} is the end of the
   * text (unless (?m)); a {@code {} that does not start a repeat count is a literal; inside a
   * class, {@code [} and {@code &&} are literals and [:name:] is a POSIX class;
   * {@code (?P<name>} is a named group.
   */
  private static String translate(String re) throws SyntaxError {
    boolean multiline = re.contains("(?m") || re.contains("(?sm") || re.contains("(?im");
    StringBuilder b = new StringBuilder(re.length() + 8);
    for (int i = 0; i < re.length(); i++) {
      char c = re.charAt(i);
      if (c == '\\' && i + 1 < re.length()) {
        i = translateEscape(re, i, b);
        continue;
      }
      switch (c) {
        case '[' -> {
          int close = classEnd(re, i); // validate() has checked it exists
          translateClass(re, i, close, b);
          i = close;
        }
        case '$' -> b.append(multiline ? "$" : "\\z");
        case '{' -> {
          int end = repeatEnd(re, i);
          if (end < 0) {
            b.append("\\{");
          } else {
            b.append(re, i, end + 1);
            i = end;
          }
        }
        case '}' -> b.append("\\}");
        case '(' -> {
          if (re.startsWith("(?P<", i)) {
            b.append("(?<");
            i += 3;
          } else {
            b.append(c);
          }
        }
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  // Copies one escape; RE2 octal (\\0, \\012, \\12) becomes \\x{..}, since Java reads \\12 as a
  // back reference. Returns the index of the escape's last character.
  private static int translateEscape(String re, int i, StringBuilder b) throws SyntaxError {
    char e = re.charAt(i + 1);
    if (e == 'p' || e == 'P') {
      return translateProperty(re, i, b);
    }
    if (e >= '0' && e <= '7') {
      int j = i + 1;
      int value = 0;
      while (j < re.length() && j < i + 4 && re.charAt(j) >= '0' && re.charAt(j) <= '7') {
        value = value * 8 + (re.charAt(j) - '0');
        j++;
      }
      b.append(String.format("\\x{%x}", value));
      return j - 1;
    }
    b.append('\\').append(e);
    return i + 1;
  }

  private static final java.util.Set<String> CATEGORIES = java.util.Set.of("C", "Cc", "Cf", "Co",
      "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No", "P",
      "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So", "Z", "Zl", "Zp", "Zs");

  // \\pL, \\p{Lu}, \\p{Greek}, \\P{^Greek}: RE2 knows general categories and scripts by name.
  private static int translateProperty(String re, int i, StringBuilder b) throws SyntaxError {
    char e = re.charAt(i + 1);
    String name;
    int last;
    if (i + 2 < re.length() && re.charAt(i + 2) == '{') {
      int close = re.indexOf('}', i + 3);
      if (close < 0) {
        throw new SyntaxError("invalid character class range", re.substring(i));
      }
      name = re.substring(i + 3, close);
      last = close;
    } else if (i + 2 < re.length()) {
      name = re.substring(i + 2, i + 2 + Character.charCount(re.codePointAt(i + 2)));
      last = i + 1 + name.length();
    } else {
      throw new SyntaxError("invalid character class range", re.substring(i));
    }
    boolean negated = name.startsWith("^");
    String bare = negated ? name.substring(1) : name;
    String java;
    if (CATEGORIES.contains(bare)) {
      java = bare;
    } else if (bare.equals("Any")) {
      java = "IsAssigned}\\P{IsAssigned"; // matches everything; rare enough to spell out
    } else {
      try {
        Character.UnicodeScript.forName(bare);
        java = "Is" + bare;
      } catch (IllegalArgumentException unknown) {
        throw new SyntaxError("invalid character class range", re.substring(i, last + 1));
      }
    }
    boolean not = (e == 'P') != negated;
    b.append(not ? "\\P{" : "\\p{").append(java).append('}');
    return last;
  }

  // A class [open..close]: inside, '[' '&' '{' '}' are literals and [:name:] is POSIX.
  private static void translateClass(String re, int open, int close, StringBuilder b)
      throws SyntaxError {
    b.append('[');
    int i = open + 1;
    if (re.charAt(i) == '^') {
      b.append('^');
      i++;
    }
    if (i < close && re.charAt(i) == ']') {
      b.append("\\]");
      i++;
    }
    for (; i < close; i++) {
      char c = re.charAt(i);
      if (c == '\\' && i + 1 < close) {
        i = translateEscape(re, i, b);
      } else if (c == '[' && re.startsWith("[:", i) && re.indexOf(":]", i + 2) > 0
          && re.indexOf(":]", i + 2) < close) {
        int end = re.indexOf(":]", i + 2);
        String name = re.substring(i + 2, end);
        boolean negated = name.startsWith("^");
        String cls = POSIX.get(negated ? name.substring(1) : name);
        if (cls == null) {
          throw new SyntaxError("invalid character class range", re.substring(i, end + 2));
        }
        b.append(negated ? "[^" + cls + "]" : cls);
        i = end + 1;
      } else if (c == '[' || c == '&' || c == '{' || c == '}' || c == '^') {
        b.append('\\').append(c);
      } else {
        b.append(c);
      }
    }
    b.append(']');
  }

  // The index of the '}' closing a valid {n}, {n,} or {n,m} at 'open', or -1 (a literal).
  private static int repeatEnd(String re, int open) throws SyntaxError {
    int i = open + 1;
    int digits = 0;
    while (i < re.length() && Character.isDigit(re.charAt(i)) && re.charAt(i) < 0x80) {
      i++;
      digits++;
    }
    if (digits == 0) {
      return -1;
    }
    long min = Long.parseLong(re.substring(open + 1, Math.min(i, open + 10)));
    long max = min;
    if (i < re.length() && re.charAt(i) == ',') {
      i++;
      int start = i;
      while (i < re.length() && Character.isDigit(re.charAt(i)) && re.charAt(i) < 0x80) {
        i++;
      }
      max = i == start ? -1 : Long.parseLong(re.substring(start, Math.min(i, start + 9)));
    }
    if (i >= re.length() || re.charAt(i) != '}') {
      return -1;
    }
    if (min > 1000 || max > 1000 || (max >= 0 && max < min)) {
      throw new SyntaxError("invalid repeat count", re.substring(open, i + 1));
    }
    return i;
  }
}
