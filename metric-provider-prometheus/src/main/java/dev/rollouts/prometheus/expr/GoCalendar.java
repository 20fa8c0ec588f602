package dev.rollouts.prometheus.expr;

/**
 * The proleptic Gregorian calendar arithmetic Go's {@code time} package uses, on day numbers
 * counted from 1970-01-01, valid for any year a {@code long} day count reaches.
 *
 * <p>Stateless, so thread-safe.
 */
final class GoCalendar {
  private GoCalendar() {}

  static final String[] LONG_MONTHS = {"January", "February", "March", "April", "May", "June",
      "July", "August", "September", "October", "November", "December"};
  static final String[] LONG_DAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday",
      "Friday", "Saturday"};
  private static final int[] DAYS_BEFORE = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304,
      334, 365};

  static boolean isLeap(long year) {
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  }

  /** Days in the month (1-12) of the year. */
  static int daysIn(int month, long year) {
    if (month == 2 && isLeap(year)) {
      return 29;
    }
    return DAYS_BEFORE[month] - DAYS_BEFORE[month - 1];
  }

  /** Days in the (non-leap) year before the first of the month (1-13). */
  static int daysBefore(int month) {
    return DAYS_BEFORE[month - 1];
  }

  /** The day number of year-month-day; month 1-12, day 1-31. */
  static long daysFromCivil(long year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    int mp = (month + 9) % 12;
    long doy = (153L * mp + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }

  /** {year, month (1-12), day (1-31)} of a day number. */
  static long[] civil(long days) {
    long z = days + 719468;
    long era = Math.floorDiv(z, 146097);
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long day = doy - (153 * mp + 2) / 5 + 1;
    long month = mp < 10 ? mp + 3 : mp - 9;
    long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    return new long[] {year, month, day};
  }

  /** The weekday of a day number, Sunday = 0. */
  static int weekday(long days) {
    return (int) Math.floorMod(days + 4, 7);
  }
}
