package dev.rollouts.prometheus.expr;

/**
 * Go's {@code tzset}: evaluates the POSIX TZ rule a TZif file ends with (for example
 * {@code CET-1CEST,M3.5.0,M10.5.0/3}) for an instant after the file's last transition.
 *
 * <p>Stateless, so thread-safe.
 */
final class GoTzRule {
  private GoTzRule() {}

  private static final int HOUR = 3600;
  private static final int DAY = 86400;

  private record Parsed<T>(T value, String rest) {}

  private record Rule(char kind, int day, int week, int mon, int time) {}

  /** The zone the rule gives at {@code sec}, or null when the rule does not parse. */
  static GoZone.Lookup evaluate(String s, long lastTxSec, long sec) {
    Parsed<String> std = name(s);
    if (std == null) {
      return null;
    }
    Parsed<Integer> stdOff = offset(std.rest);
    if (stdOff == null) {
      return null;
    }
    String stdName = std.value;
    int stdOffset = -stdOff.value;
    s = stdOff.rest;
    if (s.isEmpty() || s.charAt(0) == ',') {
      return new GoZone.Lookup(stdName, stdOffset, lastTxSec, GoZone.OMEGA, false);
    }
    Parsed<String> dst = name(s);
    if (dst == null) {
      return null;
    }
    String dstName = dst.value;
    s = dst.rest;
    int dstOffset;
    if (s.isEmpty() || s.charAt(0) == ',') {
      dstOffset = stdOffset + HOUR;
    } else {
      Parsed<Integer> o = offset(s);
      if (o == null) {
        return null;
      }
      dstOffset = -o.value;
      s = o.rest;
    }
    if (s.isEmpty()) {
      s = ",M3.2.0,M11.1.0";
    }
    if (s.charAt(0) != ',' && s.charAt(0) != ';') {
      return null;
    }
    Parsed<Rule> start = rule(s.substring(1));
    if (start == null || start.rest.isEmpty() || start.rest.charAt(0) != ',') {
      return null;
    }
    Parsed<Rule> end = rule(start.rest.substring(1));
    if (end == null || !end.rest.isEmpty()) {
      return null;
    }
    long days = Math.floorDiv(sec, DAY);
    long[] civil = GoCalendar.civil(days);
    long year = civil[0];
    long ystart = GoCalendar.daysFromCivil(year, 1, 1) * DAY;
    long ysec = sec - ystart;
    long startSec = ruleTime(year, start.value, stdOffset);
    long endSec = ruleTime(year, end.value, dstOffset);
    boolean dstIsDst = true;
    boolean stdIsDst = false;
    if (endSec < startSec) {
      long t = startSec;
      startSec = endSec;
      endSec = t;
      String n = stdName;
      stdName = dstName;
      dstName = n;
      int o = stdOffset;
      stdOffset = dstOffset;
      dstOffset = o;
      stdIsDst = true;
      dstIsDst = false;
    }
    if (ysec < startSec) {
      return new GoZone.Lookup(stdName, stdOffset, ystart, startSec + ystart, stdIsDst);
    }
    if (ysec >= endSec) {
      return new GoZone.Lookup(stdName, stdOffset, endSec + ystart, ystart + 365L * DAY, stdIsDst);
    }
    return new GoZone.Lookup(dstName, dstOffset, startSec + ystart, endSec + ystart, dstIsDst);
  }

  private static Parsed<String> name(String s) {
    if (s.isEmpty()) {
      return null;
    }
    if (s.charAt(0) != '<') {
      for (int i = 0; i < s.length(); i++) {
        char r = s.charAt(i);
        if ((r >= '0' && r <= '9') || r == ',' || r == '-' || r == '+') {
          return i < 3 ? null : new Parsed<>(s.substring(0, i), s.substring(i));
        }
      }
      return s.length() < 3 ? null : new Parsed<>(s, "");
    }
    int close = s.indexOf('>');
    return close < 0 ? null : new Parsed<>(s.substring(1, close), s.substring(close + 1));
  }

  private static Parsed<Integer> offset(String s) {
    if (s.isEmpty()) {
      return null;
    }
    boolean neg = false;
    if (s.charAt(0) == '+') {
      s = s.substring(1);
    } else if (s.charAt(0) == '-') {
      s = s.substring(1);
      neg = true;
    }
    Parsed<Integer> hours = num(s, 0, 24 * 7);
    if (hours == null) {
      return null;
    }
    int off = hours.value * HOUR;
    s = hours.rest;
    if (!s.isEmpty() && s.charAt(0) == ':') {
      Parsed<Integer> mins = num(s.substring(1), 0, 59);
      if (mins == null) {
        return null;
      }
      off += mins.value * 60;
      s = mins.rest;
      if (!s.isEmpty() && s.charAt(0) == ':') {
        Parsed<Integer> secs = num(s.substring(1), 0, 59);
        if (secs == null) {
          return null;
        }
        off += secs.value;
        s = secs.rest;
      }
    }
    return new Parsed<>(neg ? -off : off, s);
  }

  private static Parsed<Rule> rule(String s) {
    if (s.isEmpty()) {
      return null;
    }
    char kind;
    int day;
    int week = 0;
    int mon = 0;
    if (s.charAt(0) == 'J') {
      Parsed<Integer> d = num(s.substring(1), 1, 365);
      if (d == null) {
        return null;
      }
      kind = 'J';
      day = d.value;
      s = d.rest;
    } else if (s.charAt(0) == 'M') {
      Parsed<Integer> m = num(s.substring(1), 1, 12);
      if (m == null || m.rest.isEmpty() || m.rest.charAt(0) != '.') {
        return null;
      }
      Parsed<Integer> w = num(m.rest.substring(1), 1, 5);
      if (w == null || w.rest.isEmpty() || w.rest.charAt(0) != '.') {
        return null;
      }
      Parsed<Integer> d = num(w.rest.substring(1), 0, 6);
      if (d == null) {
        return null;
      }
      kind = 'M';
      mon = m.value;
      week = w.value;
      day = d.value;
      s = d.rest;
    } else {
      Parsed<Integer> d = num(s, 0, 365);
      if (d == null) {
        return null;
      }
      kind = 'D';
      day = d.value;
      s = d.rest;
    }
    int time = 2 * HOUR;
    if (!s.isEmpty() && s.charAt(0) == '/') {
      Parsed<Integer> o = offset(s.substring(1));
      if (o == null) {
        return null;
      }
      time = o.value;
      s = o.rest;
    }
    return new Parsed<>(new Rule(kind, day, week, mon, time), s);
  }

  private static Parsed<Integer> num(String s, int min, int max) {
    if (s.isEmpty()) {
      return null;
    }
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char r = s.charAt(i);
      if (r < '0' || r > '9') {
        if (i == 0 || n < min) {
          return null;
        }
        return new Parsed<>(n, s.substring(i));
      }
      n = n * 10 + (r - '0');
      if (n > max) {
        return null;
      }
    }
    return n < min ? null : new Parsed<>(n, "");
  }

  // Go's tzruleTime: seconds from the start of the year to the rule's moment, in UTC.
  private static long ruleTime(long year, Rule r, int off) {
    long s;
    switch (r.kind) {
      case 'J' -> {
        s = (long) (r.day - 1) * DAY;
        if (GoCalendar.isLeap(year) && r.day >= 60) {
          s += DAY;
        }
      }
      case 'D' -> s = (long) r.day * DAY;
      default -> {
        int m1 = (r.mon + 9) % 12 + 1;
        long yy0 = r.mon <= 2 ? year - 1 : year;
        long yy1 = yy0 / 100;
        long yy2 = yy0 % 100;
        long dow = ((26L * m1 - 2) / 10 + 1 + yy2 + yy2 / 4 + yy1 / 4 - 2 * yy1) % 7;
        if (dow < 0) {
          dow += 7;
        }
        long d = r.day - dow;
        if (d < 0) {
          d += 7;
        }
        for (int i = 1; i < r.week; i++) {
          if (d + 7 >= GoCalendar.daysIn(r.mon, year)) {
            break;
          }
          d += 7;
        }
        d += GoCalendar.daysBefore(r.mon);
        if (GoCalendar.isLeap(year) && r.mon > 2) {
          d++;
        }
        s = d * DAY;
      }
    }
    return s + r.time - off;
  }
}
