package dev.rollouts.prometheus;

import java.time.Duration;
import java.time.Instant;

/**
 * The time expressions of {@code rangeQuery.start}/{@code end}, the subset of expr-lang that
 * Argo's documentation uses: {@code now()}, {@code duration("<Go duration>")}, {@code +} and
 * {@code -} between a time and durations, parentheses.
 *
 * <pre>{@code
 * TimeExpression.evaluate("now() - duration(\"5m\")", clock.instant()); // five minutes ago
 * }</pre>
 *
 * <p>Anything else fails with a message saying what is understood. Stateless, so thread-safe.
 */
public final class TimeExpression {
  private final String source;
  private final Instant now;
  private int pos;

  private TimeExpression(String source, Instant now) {
    this.source = source;
    this.now = now;
  }

  /**
   * The instant {@code expression} denotes, {@code now()} being {@code now}.
   *
   * @throws IllegalArgumentException when the expression is not a time in this subset
   */
  public static Instant evaluate(String expression, Instant now) {
    TimeExpression p = new TimeExpression(expression, now);
    Object value = p.sum();
    p.skipBlanks();
    if (p.pos != expression.length()) {
      throw p.error("unexpected \"" + expression.substring(p.pos) + "\"");
    }
    if (value instanceof Instant i) {
      return i;
    }
    throw new IllegalArgumentException("expected time.Time, but got time.Duration");
  }

  private Object sum() {
    Object left = term();
    while (true) {
      skipBlanks();
      if (pos >= source.length() || source.charAt(pos) != '+' && source.charAt(pos) != '-') {
        return left;
      }
      boolean minus = source.charAt(pos++) == '-';
      Object right = term();
      left = combine(left, right, minus);
    }
  }

  private Object combine(Object left, Object right, boolean minus) {
    if (right instanceof Duration d) {
      Duration signed = minus ? d.negated() : d;
      if (left instanceof Instant i) {
        return i.plus(signed);
      }
      return ((Duration) left).plus(signed);
    }
    if (left instanceof Duration d && !minus) {
      return ((Instant) right).plus(d);
    }
    throw error(minus ? "cannot subtract a time" : "cannot add two times");
  }

  private Object term() {
    skipBlanks();
    if (source.startsWith("(", pos)) {
      pos++;
      Object inner = sum();
      skipBlanks();
      expect(")");
      return inner;
    }
    if (source.startsWith("now", pos)) {
      pos += 3;
      skipBlanks();
      expect("(");
      skipBlanks();
      expect(")");
      return now;
    }
    if (source.startsWith("duration", pos)) {
      pos += "duration".length();
      skipBlanks();
      expect("(");
      skipBlanks();
      String text = string();
      skipBlanks();
      expect(")");
      try {
        return GoDurations.parse(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    throw error("expected now(), duration(\"...\") or (");
  }

  private String string() {
    if (pos >= source.length() || source.charAt(pos) != '"' && source.charAt(pos) != '\'') {
      throw error("expected a quoted duration");
    }
    char quote = source.charAt(pos++);
    int end = source.indexOf(quote, pos);
    if (end < 0) {
      throw error("unterminated string");
    }
    String text = source.substring(pos, end);
    pos = end + 1;
    return text;
  }

  private void expect(String token) {
    if (!source.startsWith(token, pos)) {
      throw error("expected \"" + token + "\"");
    }
    pos += token.length();
  }

  private void skipBlanks() {
    while (pos < source.length() && Character.isWhitespace(source.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at column " + (pos + 1) + " of \"" + source
        + "\" (rangeQuery times understand now(), duration(\"...\"), + and -)");
  }
}
