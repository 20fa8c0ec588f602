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
          char e = re.charAt(i + 1);
          if (e >= '1' && e <= '9' || e == 'Z' || e == 'k' || e == 'R' || e == 'X' || e == 'G'
              || e == 'K' || e == 'h' || e == 'H' || e == 'V' || e == 'e' || e == 'c'
              || e == 'o' || e == 'u' || e == 'N' || e == 'g') {
            throw new SyntaxError("invalid escape sequence", "\\" + e);
          }
          i++;
          canRepeat = true;
          lastWasRepeat = false;
        }
        case '[' -> {
          int end = classEnd(re, i);
          if (end < 0) {
            throw new SyntaxError("missing closing ]", re.substring(i));
          }
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

  // `$` outside classes means end of text in RE2 unless (?m) is set; Java needs \z for that.
  private static String translate(String re) {
    if (re.contains("(?m") || re.contains("(?sm") || re.contains("(?im")) {
      return re;
    }
    StringBuilder b = new StringBuilder(re.length() + 4);
    boolean inClass = false;
    for (int i = 0; i < re.length(); i++) {
      char c = re.charAt(i);
      if (c == '\\' && i + 1 < re.length()) {
        b.append(c).append(re.charAt(++i));
        continue;
      }
      if (c == '[' && !inClass) {
        inClass = true;
      } else if (c == ']' && inClass) {
        inClass = false;
      }
      if (c == '$' && !inClass) {
        b.append("\\z");
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
