package dev.rollouts.prometheus.expr;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A Go {@code time.Time}: an instant (seconds from the Unix epoch and nanoseconds), its
 * {@link GoZone location}, and, for {@code now()} only, a monotonic clock reading, which Go
 * prints ({@code m=+0.000012345}) and prefers when comparing or subtracting two such values.
 *
 * <p>Immutable, so thread-safe.
 */
final class GoTime {
  /** Seconds from 0001-01-01 (Go's zero Time) to the Unix epoch. */
  static final long ZERO_TO_UNIX = 62_135_596_800L;
  private static final long START_NANOS = System.nanoTime();

  /** Go's {@code time.Month}: {@code %v} prints the name, arithmetic on it panics. */
  record Month(int value) {
    @Override
    public String toString() {
      return value >= 1 && value <= 12 ? GoCalendar.LONG_MONTHS[value - 1]
          : "%!Month(" + value + ")";
    }
  }

  /** Go's {@code time.Weekday}. */
  record Weekday(int value) {
    @Override
    public String toString() {
      return value >= 0 && value <= 6 ? GoCalendar.LONG_DAYS[value] : "%!Weekday(" + value + ")";
    }
  }

  final long unix;
  final int nanos;
  final GoZone loc;
  private final boolean hasMono;
  private final long mono;

  GoTime(long unix, int nanos, GoZone loc) {
    this(unix, nanos, loc, false, 0);
  }

  private GoTime(long unix, int nanos, GoZone loc, boolean hasMono, long mono) {
    this.unix = unix;
    this.nanos = nanos;
    this.loc = loc;
    this.hasMono = hasMono;
    this.mono = mono;
  }

  /** Go's {@code time.Now()}: Local, with a monotonic reading. */
  static GoTime now() {
    java.time.Instant i = java.time.Instant.now();
    return new GoTime(i.getEpochSecond(), i.getNano(), GoZone.local(), true,
        System.nanoTime() - START_NANOS + 1);
  }

  /** Go's zero Time: 0001-01-01 00:00:00 UTC. */
  static GoTime zero() {
    return new GoTime(-ZERO_TO_UNIX, 0, GoZone.UTC);
  }

  /** Go's {@code time.Date}: normalises every field, resolves the wall clock in loc. */
  static GoTime date(long year, long month, long day, long hour, long min, long sec, long nsec,
      GoZone loc) {
    long m = month - 1;
    year += Math.floorDiv(m, 12);
    m = Math.floorMod(m, 12);
    sec += Math.floorDiv(nsec, 1_000_000_000L);
    nsec = Math.floorMod(nsec, 1_000_000_000L);
    min += Math.floorDiv(sec, 60);
    sec = Math.floorMod(sec, 60);
    hour += Math.floorDiv(min, 60);
    min = Math.floorMod(min, 60);
    day += Math.floorDiv(hour, 24);
    hour = Math.floorMod(hour, 24);
    long days = GoCalendar.daysFromCivil(year, (int) m + 1, 1) + day - 1;
    long local = days * 86400 + hour * 3600 + min * 60 + sec;
    GoZone.Lookup l = loc.lookup(local);
    long unix = local;
    if (l.offset() != 0) {
      long utc = local - l.offset();
      int offset = l.offset();
      if (utc < l.start() || utc >= l.end()) {
        offset = loc.lookup(utc).offset();
      }
      unix = local - offset;
    }
    return new GoTime(unix, (int) nsec, loc);
  }

  GoZone.Lookup zone() {
    return loc.lookup(unix);
  }

  private long localSeconds() {
    return unix + zone().offset();
  }

  private long localDays() {
    return Math.floorDiv(localSeconds(), 86400);
  }

  private long[] civil() {
    return GoCalendar.civil(localDays());
  }

  long year() {
    return civil()[0];
  }

  int month() {
    return (int) civil()[1];
  }

  int day() {
    return (int) civil()[2];
  }

  int yearDay() {
    long[] c = civil();
    return (int) (localDays() - GoCalendar.daysFromCivil(c[0], 1, 1)) + 1;
  }

  int weekday() {
    return GoCalendar.weekday(localDays());
  }

  int secondOfDay() {
    return (int) Math.floorMod(localSeconds(), 86400);
  }

  int hour() {
    return secondOfDay() / 3600;
  }

  int minute() {
    return secondOfDay() % 3600 / 60;
  }

  int second() {
    return secondOfDay() % 60;
  }

  /** The ISO 8601 year of the week this day belongs to (the first result of ISOWeek). */
  long isoYear() {
    long days = localDays();
    long thursday = days + 3 - Math.floorMod(GoCalendar.weekday(days) + 6, 7);
    return GoCalendar.civil(thursday)[0];
  }

  boolean isZero() {
    return unix == -ZERO_TO_UNIX && nanos == 0;
  }

  /** {@code t.Add(d)}, saturating like Go's addSec. */
  GoTime add(GoDuration d) {
    long dsec = d.nanos() / 1_000_000_000L;
    long nsec = nanos + d.nanos() % 1_000_000_000L;
    if (nsec >= 1_000_000_000L) {
      dsec++;
      nsec -= 1_000_000_000L;
    } else if (nsec < 0) {
      dsec--;
      nsec += 1_000_000_000L;
    }
    long internal = unix + ZERO_TO_UNIX;
    long sum = internal + dsec;
    if ((sum > internal) != (dsec > 0)) {
      sum = dsec > 0 ? Long.MAX_VALUE : -Long.MAX_VALUE;
    }
    boolean keepMono = hasMono;
    long newMono = mono + d.nanos();
    if (hasMono && (d.nanos() < 0 && newMono > mono || d.nanos() > 0 && newMono < mono)) {
      keepMono = false;
    }
    return new GoTime(sum - ZERO_TO_UNIX, (int) nsec, loc, keepMono, newMono);
  }

  /** {@code t.Sub(u)}, saturating at the extreme durations. */
  GoDuration sub(GoTime u) {
    if (hasMono && u.hasMono) {
      long d = mono - u.mono;
      if (d < 0 && mono > u.mono) {
        return new GoDuration(Long.MAX_VALUE);
      }
      if (d > 0 && mono < u.mono) {
        return new GoDuration(Long.MIN_VALUE);
      }
      return new GoDuration(d);
    }
    long d = (unix - u.unix) * 1_000_000_000L + (nanos - u.nanos);
    GoDuration dur = new GoDuration(d);
    if (u.add(dur).equalTo(this)) {
      return dur;
    }
    return new GoDuration(before(u) ? Long.MIN_VALUE : Long.MAX_VALUE);
  }

  /** Go's {@code t.AddDate}. */
  GoTime addDate(long years, long months, long days) {
    long[] c = civil();
    int s = secondOfDay();
    return date(c[0] + years, c[1] + months, c[2] + days, s / 3600, s % 3600 / 60, s % 60,
        nanos, loc);
  }

  int compare(GoTime u) {
    if (hasMono && u.hasMono) {
      return Long.compare(mono, u.mono);
    }
    int c = Long.compare(unix, u.unix);
    return c != 0 ? c : Integer.compare(nanos, u.nanos);
  }

  boolean before(GoTime u) {
    return compare(u) < 0;
  }

  boolean after(GoTime u) {
    return compare(u) > 0;
  }

  boolean equalTo(GoTime u) {
    return compare(u) == 0;
  }

  GoTime in(GoZone zone) {
    return new GoTime(unix, nanos, zone);
  }

  /** Go's {@code t.Truncate(d)} (round == false) or {@code t.Round(d)}, on absolute time. */
  GoTime roundTo(GoDuration d, boolean round) {
    GoTime stripped = new GoTime(unix, nanos, loc);
    if (d.nanos() <= 0) {
      return stripped;
    }
    BigInteger total = BigInteger.valueOf(unix + ZERO_TO_UNIX)
        .multiply(BigInteger.valueOf(1_000_000_000L)).add(BigInteger.valueOf(nanos));
    long r = total.mod(BigInteger.valueOf(d.nanos())).longValue();
    if (!round || GoDuration.lessThanHalf(r, d.nanos())) {
      return stripped.add(new GoDuration(-r));
    }
    return stripped.add(new GoDuration(d.nanos() - r));
  }

  /** {@code t.ZoneBounds()}: the first result, the start of the zone period. */
  GoTime zoneStart() {
    long start = zone().start();
    return start == GoZone.ALPHA ? zero() : new GoTime(start, 0, loc);
  }

  long unixMilli() {
    return unix * 1000 + nanos / 1_000_000;
  }

  long unixMicro() {
    return unix * 1_000_000 + nanos / 1000;
  }

  long unixNano() {
    return unix * 1_000_000_000L + nanos;
  }

  /** Go's {@code Time.String()}. */
  @Override
  public String toString() {
    String s = GoTimeLayout.format(this, "2006-01-02 15:04:05.999999999 -0700 MST");
    if (!hasMono) {
      return s;
    }
    long m = Math.abs(mono);
    return s + String.format(" m=%s%d.%09d", mono < 0 ? "-" : "+", m / 1_000_000_000L,
        m % 1_000_000_000L);
  }

  /** Go's {@code Time.GoString()}. */
  String goString() {
    long[] c = civil();
    String where;
    if (loc == GoZone.UTC) {
      where = "time.UTC";
    } else if (loc == GoZone.local()) {
      where = "time.Local";
    } else {
      where = "time.Location(" + GoTimeLayout.quote(loc.toString()) + ")";
    }
    return "time.Date(" + c[0] + ", time." + GoCalendar.LONG_MONTHS[(int) c[1] - 1] + ", " + c[2]
        + ", " + hour() + ", " + minute() + ", " + second() + ", " + nanos + ", " + where + ")";
  }

  /**
   * Go's {@code appendStrictRFC3339}: RFC 3339 with nanoseconds, or null when the year or the
   * zone cannot be written in RFC 3339, with the reason in {@code problem[0]}.
   */
  String strictRfc3339(String[] problem) {
    String s = GoTimeLayout.format(this, "2006-01-02T15:04:05.999999999Z07:00");
    if (s.length() < 5 || s.charAt(4) != '-') {
      problem[0] = "year outside of range [0,9999]";
      return null;
    }
    if (!s.endsWith("Z")) {
      char c = s.charAt(s.length() - 6);
      int hh = (s.charAt(s.length() - 5) - '0') * 10 + (s.charAt(s.length() - 4) - '0');
      if ((c >= '0' && c <= '9') || hh >= 24) {
        problem[0] = "timezone hour outside of range [0,23]";
        return null;
      }
    }
    return s;
  }

  // DeepEqual and map keys compare the struct: instant, location and monotonic reading.
  @Override
  public boolean equals(Object o) {
    return o instanceof GoTime t && t.unix == unix && t.nanos == nanos && t.loc == loc
        && t.hasMono == hasMono && t.mono == mono;
  }

  @Override
  public int hashCode() {
    return Objects.hash(unix, nanos, System.identityHashCode(loc), mono);
  }
}
