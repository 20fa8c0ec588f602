package dev.rollouts.prometheus.expr;

import java.nio.charset.StandardCharsets;

/**
 * Go's reference-time layouts ({@code "2006-01-02T15:04:05Z07:00"}): {@code Time.Format} and
 * {@code time.Parse}/{@code time.ParseInLocation} with Go's chunking of the layout, its
 * leniencies (one-digit days, fractional seconds the layout does not mention, two-digit years
 * pivoting at 69) and its error messages ({@code parsing time "x" as "y": cannot parse ...}).
 * Layouts and values are handled as bytes, like Go.
 *
 * <p>Stateless, so thread-safe.
 */
final class GoTimeLayout {
  private GoTimeLayout() {}

  /** A value the layout does not describe; the message is Go's {@code ParseError}. */
  static final class ParseError extends Exception {
    private static final long serialVersionUID = 1L;

    ParseError(String message) {
      super(message, null, false, false);
    }
  }

  // The std codes of Go's format.go.
  private static final int LONG_MONTH = 1;
  private static final int MONTH = 2;
  private static final int NUM_MONTH = 3;
  private static final int ZERO_MONTH = 4;
  private static final int LONG_WEEKDAY = 5;
  private static final int WEEKDAY = 6;
  private static final int DAY = 7;
  private static final int UNDER_DAY = 8;
  private static final int ZERO_DAY = 9;
  private static final int UNDER_YEARDAY = 10;
  private static final int ZERO_YEARDAY = 11;
  private static final int HOUR = 12;
  private static final int HOUR12 = 13;
  private static final int ZERO_HOUR12 = 14;
  private static final int MINUTE = 15;
  private static final int ZERO_MINUTE = 16;
  private static final int SECOND = 17;
  private static final int ZERO_SECOND = 18;
  private static final int LONG_YEAR = 19;
  private static final int YEAR = 20;
  private static final int PM = 21;
  private static final int PM_LOWER = 22;
  private static final int TZ = 23;
  private static final int ISO8601_TZ = 24;
  private static final int ISO8601_SECONDS_TZ = 25;
  private static final int ISO8601_SHORT_TZ = 26;
  private static final int ISO8601_COLON_TZ = 27;
  private static final int ISO8601_COLON_SECONDS_TZ = 28;
  private static final int NUM_TZ = 29;
  private static final int NUM_SECONDS_TZ = 30;
  private static final int NUM_SHORT_TZ = 31;
  private static final int NUM_COLON_TZ = 32;
  private static final int NUM_COLON_SECONDS_TZ = 33;
  private static final int FRAC_SECOND0 = 34;
  private static final int FRAC_SECOND9 = 35;

  private static final String[] SHORT_MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
      "Aug", "Sep", "Oct", "Nov", "Dec"};
  private static final String[] SHORT_DAYS = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

  /** One layout element: literal prefix, std code (0 at the end), fraction digits, the rest. */
  private record Chunk(byte[] prefix, int std, int digits, byte separator, byte[] stdText,
      byte[] suffix) {}

  private static byte[] sub(byte[] b, int from, int to) {
    return java.util.Arrays.copyOfRange(b, from, to);
  }

  private static boolean startsWith(byte[] b, int at, String s) {
    if (b.length < at + s.length()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (b[at + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(byte[] s, int i) {
    return i < s.length && s[i] >= '0' && s[i] <= '9';
  }

  private static Chunk chunk(byte[] layout, int i, int std, int len) {
    return new Chunk(sub(layout, 0, i), std, 0, (byte) 0, sub(layout, i, i + len),
        sub(layout, i + len, layout.length));
  }

  // Go's nextStdChunk.
  private static Chunk next(byte[] layout) {
    for (int i = 0; i < layout.length; i++) {
      switch (layout[i]) {
        case 'J' -> {
          if (startsWith(layout, i, "Jan")) {
            if (startsWith(layout, i, "January")) {
              return chunk(layout, i, LONG_MONTH, 7);
            }
            if (!lowerAt(layout, i + 3)) {
              return chunk(layout, i, MONTH, 3);
            }
          }
        }
        case 'M' -> {
          if (startsWith(layout, i, "Mon")) {
            if (startsWith(layout, i, "Monday")) {
              return chunk(layout, i, LONG_WEEKDAY, 6);
            }
            if (!lowerAt(layout, i + 3)) {
              return chunk(layout, i, WEEKDAY, 3);
            }
          }
          if (startsWith(layout, i, "MST")) {
            return chunk(layout, i, TZ, 3);
          }
        }
        case '0' -> {
          if (i + 1 < layout.length && layout[i + 1] >= '1' && layout[i + 1] <= '6') {
            int[] codes = {ZERO_MONTH, ZERO_DAY, ZERO_HOUR12, ZERO_MINUTE, ZERO_SECOND, YEAR};
            return chunk(layout, i, codes[layout[i + 1] - '1'], 2);
          }
          if (startsWith(layout, i, "002")) {
            return chunk(layout, i, ZERO_YEARDAY, 3);
          }
        }
        case '1' -> {
          if (startsWith(layout, i, "15")) {
            return chunk(layout, i, HOUR, 2);
          }
          return chunk(layout, i, NUM_MONTH, 1);
        }
        case '2' -> {
          if (startsWith(layout, i, "2006")) {
            return chunk(layout, i, LONG_YEAR, 4);
          }
          return chunk(layout, i, DAY, 1);
        }
        case '_' -> {
          if (startsWith(layout, i, "_2")) {
            if (startsWith(layout, i + 1, "2006")) {
              return new Chunk(sub(layout, 0, i + 1), LONG_YEAR, 0, (byte) 0,
                  sub(layout, i + 1, i + 5), sub(layout, i + 5, layout.length));
            }
            return chunk(layout, i, UNDER_DAY, 2);
          }
          if (startsWith(layout, i, "__2")) {
            return chunk(layout, i, UNDER_YEARDAY, 3);
          }
        }
        case '3' -> {
          return chunk(layout, i, HOUR12, 1);
        }
        case '4' -> {
          return chunk(layout, i, MINUTE, 1);
        }
        case '5' -> {
          return chunk(layout, i, SECOND, 1);
        }
        case 'P' -> {
          if (startsWith(layout, i, "PM")) {
            return chunk(layout, i, PM, 2);
          }
        }
        case 'p' -> {
          if (startsWith(layout, i, "pm")) {
            return chunk(layout, i, PM_LOWER, 2);
          }
        }
        case '-' -> {
          if (startsWith(layout, i, "-070000")) {
            return chunk(layout, i, NUM_SECONDS_TZ, 7);
          }
          if (startsWith(layout, i, "-07:00:00")) {
            return chunk(layout, i, NUM_COLON_SECONDS_TZ, 9);
          }
          if (startsWith(layout, i, "-0700")) {
            return chunk(layout, i, NUM_TZ, 5);
          }
          if (startsWith(layout, i, "-07:00")) {
            return chunk(layout, i, NUM_COLON_TZ, 6);
          }
          if (startsWith(layout, i, "-07")) {
            return chunk(layout, i, NUM_SHORT_TZ, 3);
          }
        }
        case 'Z' -> {
          if (startsWith(layout, i, "Z070000")) {
            return chunk(layout, i, ISO8601_SECONDS_TZ, 7);
          }
          if (startsWith(layout, i, "Z07:00:00")) {
            return chunk(layout, i, ISO8601_COLON_SECONDS_TZ, 9);
          }
          if (startsWith(layout, i, "Z0700")) {
            return chunk(layout, i, ISO8601_TZ, 5);
          }
          if (startsWith(layout, i, "Z07:00")) {
            return chunk(layout, i, ISO8601_COLON_TZ, 6);
          }
          if (startsWith(layout, i, "Z07")) {
            return chunk(layout, i, ISO8601_SHORT_TZ, 3);
          }
        }
        case '.', ',' -> {
          if (i + 1 < layout.length && (layout[i + 1] == '0' || layout[i + 1] == '9')) {
            byte ch = layout[i + 1];
            int j = i + 1;
            while (j < layout.length && layout[j] == ch) {
              j++;
            }
            if (!isDigit(layout, j)) {
              int code = ch == '9' ? FRAC_SECOND9 : FRAC_SECOND0;
              return new Chunk(sub(layout, 0, i), code, (j - (i + 1)) & 0xfff, layout[i],
                  sub(layout, i, j), sub(layout, j, layout.length));
            }
          }
        }
        default -> {
        }
      }
    }
    return new Chunk(layout, 0, 0, (byte) 0, new byte[0], new byte[0]);
  }

  private static boolean lowerAt(byte[] b, int i) {
    return i < b.length && b[i] >= 'a' && b[i] <= 'z';
  }

  // Go's appendInt: width-padded decimal, '-' before the padding.
  private static void appendInt(StringBuilder b, long x, int width) {
    if (x < 0) {
      b.append('-');
      x = -x;
    }
    String digits = Long.toUnsignedString(x);
    for (int pad = width - digits.length(); pad > 0; pad--) {
      b.append('0');
    }
    b.append(digits);
  }

  /** Go's {@code Time.Format(layout)}. */
  static String format(GoTime t, String layoutText) {
    GoZone.Lookup zone = t.zone();
    int offset = zone.offset();
    StringBuilder b = new StringBuilder();
    byte[] layout = layoutText.getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    while (layout.length > 0) {
      Chunk c = next(layout);
      out.writeBytes(c.prefix);
      if (c.std == 0) {
        break;
      }
      layout = c.suffix;
      b.setLength(0);
      formatStd(b, t, c, zone.name(), offset);
      out.writeBytes(b.toString().getBytes(StandardCharsets.UTF_8));
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static void formatStd(StringBuilder b, GoTime t, Chunk c, String name, int offset) {
    switch (c.std) {
      case YEAR -> appendInt(b, Math.abs(t.year()) % 100, 2);
      case LONG_YEAR -> appendInt(b, t.year(), 4);
      case MONTH -> b.append(SHORT_MONTHS[t.month() - 1]);
      case LONG_MONTH -> b.append(GoCalendar.LONG_MONTHS[t.month() - 1]);
      case NUM_MONTH -> appendInt(b, t.month(), 0);
      case ZERO_MONTH -> appendInt(b, t.month(), 2);
      case WEEKDAY -> b.append(SHORT_DAYS[t.weekday()]);
      case LONG_WEEKDAY -> b.append(GoCalendar.LONG_DAYS[t.weekday()]);
      case DAY -> appendInt(b, t.day(), 0);
      case UNDER_DAY -> {
        if (t.day() < 10) {
          b.append(' ');
        }
        appendInt(b, t.day(), 0);
      }
      case ZERO_DAY -> appendInt(b, t.day(), 2);
      case UNDER_YEARDAY -> {
        int yday = t.yearDay();
        if (yday < 100) {
          b.append(yday < 10 ? "  " : " ");
        }
        appendInt(b, yday, 0);
      }
      case ZERO_YEARDAY -> appendInt(b, t.yearDay(), 3);
      case HOUR -> appendInt(b, t.hour(), 2);
      case HOUR12, ZERO_HOUR12 -> {
        int hr = t.hour() % 12;
        appendInt(b, hr == 0 ? 12 : hr, c.std == HOUR12 ? 0 : 2);
      }
      case MINUTE -> appendInt(b, t.minute(), 0);
      case ZERO_MINUTE -> appendInt(b, t.minute(), 2);
      case SECOND -> appendInt(b, t.second(), 0);
      case ZERO_SECOND -> appendInt(b, t.second(), 2);
      case PM -> b.append(t.hour() >= 12 ? "PM" : "AM");
      case PM_LOWER -> b.append(t.hour() >= 12 ? "pm" : "am");
      case TZ -> {
        if (!name.isEmpty()) {
          b.append(name);
        } else {
          int zone = offset / 60;
          b.append(zone < 0 ? '-' : '+');
          zone = Math.abs(zone);
          appendInt(b, zone / 60, 2);
          appendInt(b, zone % 60, 2);
        }
      }
      case FRAC_SECOND0, FRAC_SECOND9 -> appendNano(b, t.nanos, c);
      default -> formatZone(b, c.std, offset);
    }
  }

  private static boolean isIso(int std) {
    return std == ISO8601_TZ || std == ISO8601_COLON_TZ || std == ISO8601_SECONDS_TZ
        || std == ISO8601_SHORT_TZ || std == ISO8601_COLON_SECONDS_TZ;
  }

  private static void formatZone(StringBuilder b, int std, int offset) {
    if (offset == 0 && isIso(std)) {
      b.append('Z');
      return;
    }
    int zone = offset / 60;
    int absoffset = offset;
    if (zone < 0) {
      b.append('-');
      zone = -zone;
      absoffset = -absoffset;
    } else {
      b.append('+');
    }
    appendInt(b, zone / 60, 2);
    boolean colon = std == ISO8601_COLON_TZ || std == NUM_COLON_TZ
        || std == ISO8601_COLON_SECONDS_TZ || std == NUM_COLON_SECONDS_TZ;
    if (colon) {
      b.append(':');
    }
    if (std != NUM_SHORT_TZ && std != ISO8601_SHORT_TZ) {
      appendInt(b, zone % 60, 2);
    }
    if (std == ISO8601_SECONDS_TZ || std == NUM_SECONDS_TZ || std == NUM_COLON_SECONDS_TZ
        || std == ISO8601_COLON_SECONDS_TZ) {
      if (std == NUM_COLON_SECONDS_TZ || std == ISO8601_COLON_SECONDS_TZ) {
        b.append(':');
      }
      appendInt(b, absoffset % 60, 2);
    }
  }

  private static void appendNano(StringBuilder b, int nanosec, Chunk c) {
    boolean trim = c.std == FRAC_SECOND9;
    int n = c.digits;
    if (trim && (n == 0 || nanosec == 0)) {
      return;
    }
    StringBuilder f = new StringBuilder().append((char) c.separator);
    f.append(String.format("%09d", nanosec), 0, Math.min(n, 9));
    if (trim) {
      int end = f.length();
      while (end > 0 && f.charAt(end - 1) == '0') {
        end--;
      }
      if (end > 0 && f.charAt(end - 1) == c.separator) {
        end--;
      }
      f.setLength(end);
    }
    b.append(f);
  }

  /** Go's {@code time.quote}: non-ASCII and control bytes as \x escapes. */
  static String quote(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    StringBuilder b = new StringBuilder("\"");
    for (byte x : bytes) {
      int c = x & 0xff;
      if (c >= 0x80 || c < ' ') {
        b.append(String.format("\\x%02x", c));
      } else {
        if (c == '"' || c == '\\') {
          b.append('\\');
        }
        b.append((char) c);
      }
    }
    return b.append('"').toString();
  }

  // ---- parsing ----

  private static final class Bad extends Exception {
    private static final long serialVersionUID = 1L;

    Bad() {
      super(null, null, false, false);
    }
  }

  /** The cursor of the value being parsed. */
  private static final class Value {
    byte[] s;

    Value(byte[] s) {
      this.s = s;
    }

    boolean startsWithByte(char c) {
      return s.length > 0 && s[0] == c;
    }

    void drop(int n) {
      s = sub(s, n, s.length);
    }
  }

  private static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /**
   * Go's {@code time.Parse} (loc null: UTC by default, offsets matched against Local) or
   * {@code time.ParseInLocation(layout, value, loc)}.
   *
   * @throws ParseError with Go's message when the value does not fit the layout
   */
  static GoTime parse(String layoutText, String valueText, GoZone loc) throws ParseError {
    GoZone defaultLocation = loc == null ? GoZone.UTC : loc;
    GoZone local = loc == null ? GoZone.local() : loc;
    byte[] layout = layoutText.getBytes(StandardCharsets.UTF_8);
    Value value = new Value(valueText.getBytes(StandardCharsets.UTF_8));
    String rangeErr = "";
    boolean amSet = false;
    boolean pmSet = false;
    long year = 0;
    int month = -1;
    int day = -1;
    int yday = -1;
    int hour = 0;
    int min = 0;
    int sec = 0;
    long nsec = 0;
    GoZone z = null;
    int zoneOffset = -1;
    String zoneName = "";
    while (true) {
      Chunk c = next(layout);
      if (!skip(value, c.prefix)) {
        throw error(layoutText, valueText, str(c.prefix), str(value.s), "");
      }
      if (c.std == 0) {
        if (value.s.length != 0) {
          throw error(layoutText, valueText, "", str(value.s),
              ": extra text: " + quote(str(value.s)));
        }
        break;
      }
      layout = c.suffix;
      byte[] hold = value.s;
      try {
        switch (c.std) {
          case YEAR -> {
            if (value.s.length < 2) {
              throw new Bad();
            }
            byte[] p = sub(value.s, 0, 2);
            value.drop(2);
            year = atoi(p);
            year += year >= 69 ? 1900 : 2000;
          }
          case LONG_YEAR -> {
            if (value.s.length < 4 || !isDigit(value.s, 0)) {
              throw new Bad();
            }
            byte[] p = sub(value.s, 0, 4);
            value.drop(4);
            year = atoi(p);
          }
          case MONTH -> month = lookup(SHORT_MONTHS, value) + 1;
          case LONG_MONTH -> month = lookup(GoCalendar.LONG_MONTHS, value) + 1;
          case NUM_MONTH, ZERO_MONTH -> {
            month = getnum(value, c.std == ZERO_MONTH);
            if (month <= 0 || 12 < month) {
              rangeErr = "month";
            }
          }
          case WEEKDAY -> lookup(SHORT_DAYS, value);
          case LONG_WEEKDAY -> lookup(GoCalendar.LONG_DAYS, value);
          case DAY, UNDER_DAY, ZERO_DAY -> {
            if (c.std == UNDER_DAY && value.startsWithByte(' ')) {
              value.drop(1);
            }
            day = getnum(value, c.std == ZERO_DAY);
          }
          case UNDER_YEARDAY, ZERO_YEARDAY -> {
            for (int i = 0; i < 2; i++) {
              if (c.std == UNDER_YEARDAY && value.startsWithByte(' ')) {
                value.drop(1);
              }
            }
            yday = getnum3(value, c.std == ZERO_YEARDAY);
          }
          case HOUR -> {
            hour = getnum(value, false);
            if (hour < 0 || 24 <= hour) {
              rangeErr = "hour";
            }
          }
          case HOUR12, ZERO_HOUR12 -> {
            hour = getnum(value, c.std == ZERO_HOUR12);
            if (hour < 0 || 12 < hour) {
              rangeErr = "hour";
            }
          }
          case MINUTE, ZERO_MINUTE -> {
            min = getnum(value, c.std == ZERO_MINUTE);
            if (min < 0 || 60 <= min) {
              rangeErr = "minute";
            }
          }
          case SECOND, ZERO_SECOND -> {
            sec = getnum(value, c.std == ZERO_SECOND);
            if (sec < 0 || 60 <= sec) {
              rangeErr = "second";
              break;
            }
            if (value.s.length >= 2 && (value.s[0] == '.' || value.s[0] == ',')
                && isDigit(value.s, 1)) {
              int nextStd = next(layout).std;
              if (nextStd == FRAC_SECOND0 || nextStd == FRAC_SECOND9) {
                break;
              }
              int n = 2;
              while (n < value.s.length && isDigit(value.s, n)) {
                n++;
              }
              nsec = parseNanoseconds(value.s, n);
              value.drop(n);
            }
          }
          case PM, PM_LOWER -> {
            if (value.s.length < 2) {
              throw new Bad();
            }
            String p = str(sub(value.s, 0, 2));
            value.drop(2);
            String upper = c.std == PM ? "PM" : "pm";
            String lower = c.std == PM ? "AM" : "am";
            if (p.equals(upper)) {
              pmSet = true;
            } else if (p.equals(lower)) {
              amSet = true;
            } else {
              throw new Bad();
            }
          }
          case ISO8601_TZ, ISO8601_SHORT_TZ, ISO8601_COLON_TZ, ISO8601_SECONDS_TZ,
              ISO8601_COLON_SECONDS_TZ, NUM_TZ, NUM_SHORT_TZ, NUM_COLON_TZ, NUM_SECONDS_TZ,
              NUM_COLON_SECONDS_TZ -> {
            if (isIso(c.std) && value.startsWithByte('Z')) {
              value.drop(1);
              z = GoZone.UTC;
              break;
            }
            int[] parsed = numericZone(c.std, value);
            if (parsed[0] > 24) {
              rangeErr = "time zone offset hour";
            }
            if (parsed[1] > 60) {
              rangeErr = "time zone offset minute";
            }
            if (parsed[2] > 60) {
              rangeErr = "time zone offset second";
            }
            zoneOffset = parsed[3];
            if (parsed[4] != 0) {
              throw new Bad();
            }
          }
          case TZ -> {
            if (value.s.length >= 3 && startsWith(value.s, 0, "UTC")) {
              z = GoZone.UTC;
              value.drop(3);
              break;
            }
            int n = timeZoneLength(value.s);
            if (n <= 0) {
              throw new Bad();
            }
            zoneName = str(sub(value.s, 0, n));
            value.drop(n);
          }
          case FRAC_SECOND0 -> {
            int ndigit = 1 + c.digits;
            if (value.s.length < ndigit) {
              throw new Bad();
            }
            nsec = parseNanoseconds(value.s, ndigit);
            value.drop(ndigit);
          }
          case FRAC_SECOND9 -> {
            if (value.s.length < 2 || !(value.s[0] == '.' || value.s[0] == ',')
                || value.s[1] < '0' || '9' < value.s[1]) {
              break;
            }
            int i = 0;
            while (i + 1 < value.s.length && value.s[i + 1] >= '0' && value.s[i + 1] <= '9') {
              i++;
            }
            nsec = parseNanoseconds(value.s, 1 + i);
            value.drop(1 + i);
          }
          default -> throw new IllegalStateException("std " + c.std);
        }
      } catch (Bad bad) {
        if (rangeErr.isEmpty()) {
          throw error(layoutText, valueText, str(c.stdText), str(hold), "");
        }
      } catch (FractionRange r) {
        rangeErr = "fractional second";
      }
      if (!rangeErr.isEmpty()) {
        throw error(layoutText, valueText, str(c.stdText), str(value.s),
            ": " + rangeErr + " out of range");
      }
    }
    if (pmSet && hour < 12) {
      hour += 12;
    } else if (amSet && hour == 12) {
      hour = 0;
    }
    if (yday >= 0) {
      int d = 0;
      int m = 0;
      if (GoCalendar.isLeap(year)) {
        if (yday == 31 + 29) {
          m = 2;
          d = 29;
        } else if (yday > 31 + 29) {
          yday--;
        }
      }
      if (yday < 1 || yday > 365) {
        throw error(layoutText, valueText, "", str(value.s), ": day-of-year out of range");
      }
      if (m == 0) {
        m = (yday - 1) / 31 + 1;
        if (GoCalendar.daysBefore(m + 1) < yday) {
          m++;
        }
        d = yday - GoCalendar.daysBefore(m);
      }
      if (month >= 0 && month != m) {
        throw error(layoutText, valueText, "", str(value.s), ": day-of-year does not match month");
      }
      month = m;
      if (day >= 0 && day != d) {
        throw error(layoutText, valueText, "", str(value.s), ": day-of-year does not match day");
      }
      day = d;
    } else {
      if (month < 0) {
        month = 1;
      }
      if (day < 0) {
        day = 1;
      }
    }
    if (day < 1 || day > GoCalendar.daysIn(month, year)) {
      throw error(layoutText, valueText, "", str(value.s), ": day out of range");
    }
    if (z != null) {
      return GoTime.date(year, month, day, hour, min, sec, nsec, z);
    }
    if (zoneOffset != -1) {
      GoTime t = GoTime.date(year, month, day, hour, min, sec, nsec, GoZone.UTC);
      long unix = t.unix - zoneOffset;
      GoZone.Lookup l = local.lookup(unix);
      if (l.offset() == zoneOffset && (zoneName.isEmpty() || l.name().equals(zoneName))) {
        return new GoTime(unix, t.nanos, local);
      }
      return new GoTime(unix, t.nanos, GoZone.fixed(zoneName, zoneOffset));
    }
    if (!zoneName.isEmpty()) {
      GoTime t = GoTime.date(year, month, day, hour, min, sec, nsec, GoZone.UTC);
      Integer offset = local.lookupName(zoneName, t.unix);
      if (offset != null) {
        return new GoTime(t.unix - offset, t.nanos, local);
      }
      int off = 0;
      if (zoneName.length() > 3 && zoneName.startsWith("GMT")) {
        off = Integer.parseInt(zoneName.substring(3).replace("+", "")) * 3600;
      }
      return new GoTime(t.unix, t.nanos, GoZone.fixed(zoneName, off));
    }
    return GoTime.date(year, month, day, hour, min, sec, nsec, defaultLocation);
  }

  private static ParseError error(String layout, String value, String layoutElem,
      String valueElem, String message) {
    if (message.isEmpty()) {
      return new ParseError("parsing time " + quote(value) + " as " + quote(layout)
          + ": cannot parse " + quote(valueElem) + " as " + quote(layoutElem));
    }
    return new ParseError("parsing time " + quote(value) + message);
  }

  // Go's skip: literal prefix, where a space matches any run of spaces.
  private static boolean skip(Value value, byte[] prefix) {
    int p = 0;
    while (p < prefix.length) {
      if (prefix[p] == ' ') {
        if (value.s.length > 0 && value.s[0] != ' ') {
          return false;
        }
        while (p < prefix.length && prefix[p] == ' ') {
          p++;
        }
        int v = 0;
        while (v < value.s.length && value.s[v] == ' ') {
          v++;
        }
        value.drop(v);
        continue;
      }
      if (value.s.length == 0 || value.s[0] != prefix[p]) {
        return false;
      }
      p++;
      value.drop(1);
    }
    return true;
  }

  private static long atoi(byte[] s) throws Bad {
    int i = 0;
    boolean neg = false;
    if (s.length > 0 && (s[0] == '-' || s[0] == '+')) {
      neg = s[0] == '-';
      i = 1;
    }
    if (i == s.length) {
      return 0;
    }
    long x = 0;
    for (; i < s.length; i++) {
      if (s[i] < '0' || s[i] > '9') {
        throw new Bad();
      }
      x = x * 10 + (s[i] - '0');
    }
    return neg ? -x : x;
  }

  private static int getnum(Value v, boolean fixed) throws Bad {
    if (!isDigit(v.s, 0)) {
      throw new Bad();
    }
    if (!isDigit(v.s, 1)) {
      if (fixed) {
        throw new Bad();
      }
      int n = v.s[0] - '0';
      v.drop(1);
      return n;
    }
    int n = (v.s[0] - '0') * 10 + (v.s[1] - '0');
    v.drop(2);
    return n;
  }

  private static int getnum3(Value v, boolean fixed) throws Bad {
    int n = 0;
    int i = 0;
    for (; i < 3 && isDigit(v.s, i); i++) {
      n = n * 10 + (v.s[i] - '0');
    }
    if (i == 0 || fixed && i != 3) {
      throw new Bad();
    }
    v.drop(i);
    return n;
  }

  // Go's lookup: case-insensitive (ASCII letters only) prefix match against a name table.
  private static int lookup(String[] table, Value v) throws Bad {
    for (int i = 0; i < table.length; i++) {
      String name = table[i];
      if (v.s.length >= name.length() && matchFold(v.s, name)) {
        v.drop(name.length());
        return i;
      }
    }
    throw new Bad();
  }

  private static boolean matchFold(byte[] s, String name) {
    for (int i = 0; i < name.length(); i++) {
      int c1 = s[i] & 0xff;
      int c2 = name.charAt(i);
      if (c1 != c2) {
        c1 |= 'a' - 'A';
        c2 |= 'a' - 'A';
        if (c1 != c2 || c1 < 'a' || c1 > 'z') {
          return false;
        }
      }
    }
    return true;
  }

  private static final class FractionRange extends Exception {
    private static final long serialVersionUID = 1L;

    FractionRange() {
      super(null, null, false, false);
    }
  }

  private static long parseNanoseconds(byte[] value, int nbytes) throws Bad, FractionRange {
    if (value[0] != '.' && value[0] != ',') {
      throw new Bad();
    }
    if (nbytes > 10) {
      nbytes = 10;
    }
    long ns = atoi(sub(value, 1, nbytes));
    if (ns < 0) {
      throw new FractionRange();
    }
    for (int i = 0; i < 10 - nbytes; i++) {
      ns *= 10;
    }
    return ns;
  }

  // {hour, minute, second, signed offset seconds, 1 if malformed} of a numeric zone.
  private static int[] numericZone(int std, Value v) throws Bad {
    byte[] s = v.s;
    byte sign;
    byte[] hh;
    byte[] mm = {'0', '0'};
    byte[] ss = {'0', '0'};
    if (std == ISO8601_COLON_TZ || std == NUM_COLON_TZ) {
      if (s.length < 6 || s[3] != ':') {
        throw new Bad();
      }
      sign = s[0];
      hh = sub(s, 1, 3);
      mm = sub(s, 4, 6);
      v.drop(6);
    } else if (std == NUM_SHORT_TZ || std == ISO8601_SHORT_TZ) {
      if (s.length < 3) {
        throw new Bad();
      }
      sign = s[0];
      hh = sub(s, 1, 3);
      v.drop(3);
    } else if (std == ISO8601_COLON_SECONDS_TZ || std == NUM_COLON_SECONDS_TZ) {
      if (s.length < 9 || s[3] != ':' || s[6] != ':') {
        throw new Bad();
      }
      sign = s[0];
      hh = sub(s, 1, 3);
      mm = sub(s, 4, 6);
      ss = sub(s, 7, 9);
      v.drop(9);
    } else if (std == ISO8601_SECONDS_TZ || std == NUM_SECONDS_TZ) {
      if (s.length < 7) {
        throw new Bad();
      }
      sign = s[0];
      hh = sub(s, 1, 3);
      mm = sub(s, 3, 5);
      ss = sub(s, 5, 7);
      v.drop(7);
    } else {
      if (s.length < 5) {
        throw new Bad();
      }
      sign = s[0];
      hh = sub(s, 1, 3);
      mm = sub(s, 3, 5);
      v.drop(5);
    }
    // Go parses the fields in turn and stops at the first bad one; the range checks still
    // see what was parsed, and win over the syntax error.
    int[] out = new int[5];
    try {
      out[0] = getnum(new Value(hh), true);
      out[1] = getnum(new Value(mm), true);
      out[2] = getnum(new Value(ss), true);
    } catch (Bad bad) {
      out[4] = 1;
    }
    out[3] = (out[0] * 60 + out[1]) * 60 + out[2];
    if (sign == '-') {
      out[3] = -out[3];
    } else if (sign != '+') {
      out[4] = 1;
    }
    return out;
  }

  // Go's parseTimeZone: the length of a zone abbreviation at the start, or 0.
  private static int timeZoneLength(byte[] v) {
    if (v.length < 3) {
      return 0;
    }
    if (v.length >= 4 && (startsWith(v, 0, "ChST") || startsWith(v, 0, "MeST"))) {
      return 4;
    }
    if (startsWith(v, 0, "GMT")) {
      return 3 + signedOffsetLength(sub(v, 3, v.length));
    }
    if (v[0] == '+' || v[0] == '-') {
      return signedOffsetLength(v);
    }
    int upper = 0;
    while (upper < 6 && upper < v.length && v[upper] >= 'A' && v[upper] <= 'Z') {
      upper++;
    }
    return switch (upper) {
      case 5 -> v[4] == 'T' ? 5 : 0;
      case 4 -> v[3] == 'T' || startsWith(v, 0, "WITA") ? 4 : 0;
      case 3 -> 3;
      default -> 0;
    };
  }

  private static int signedOffsetLength(byte[] v) {
    if (v.length == 0 || (v[0] != '-' && v[0] != '+')) {
      return 0;
    }
    int i = 1;
    long x = 0;
    while (i < v.length && v[i] >= '0' && v[i] <= '9') {
      x = x * 10 + (v[i] - '0');
      if (x > 1_000_000) {
        return 0;
      }
      i++;
    }
    if (i == 1 || x > 23) {
      return 0;
    }
    return i;
  }
}
