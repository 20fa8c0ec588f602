package dev.rollouts.prometheus.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Go's time semantics beyond the corpus: zones that depend on the machine's Local (which the
 * corpus must not depend on), POSIX footer rules far in the future, Go layouts for parsing and
 * formatting, and durations at their limits. Expected texts were produced by Go 1.26's time
 * package.
 */
class TimeSupportTest {
  @AfterEach
  void restoreLocal() {
    GoZone.setLocalForTesting(null);
  }

  private static Object eval(String expression) throws ExprException {
    return Expression.compile(expression, GoType.FLOAT64).run(0.0);
  }

  private static GoZone zone(String name) throws GoZone.UnknownZone {
    return GoZone.load(name);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // named zone: offset and abbreviation from the TZif file, summer and winter
      "string(date('2023-07-01 12:00', '2006-01-02 15:04', 'Europe/Berlin'))"
          + "|2023-07-01 12:00:00 +0200 CEST",
      "string(date('2023-01-01 12:00', '2006-01-02 15:04', 'Europe/Berlin'))"
          + "|2023-01-01 12:00:00 +0100 CET",
      // a wall time in the spring gap moves forward by the gap, like Go's time.Date
      "string(date('2023-03-26 02:30', '2006-01-02 15:04', 'Europe/Berlin'))"
          + "|2023-03-26 03:30:00 +0200 CEST",
      // an ambiguous autumn wall time takes the later, standard offset
      "string(date('2023-10-29 02:30', '2006-01-02 15:04', 'Europe/Berlin'))"
          + "|2023-10-29 02:30:00 +0100 CET",
      // after the file's last transition, the POSIX footer rule decides
      "string(date('2100-07-01', '2006-01-02', 'Europe/Berlin'))|2100-07-01 00:00:00 +0200 CEST",
      "string(date('2100-01-15', '2006-01-02', 'Australia/Sydney'))"
          + "|2100-01-15 00:00:00 +1100 AEDT",
      // zones without letters abbreviate numerically
      "string(date('2100-07-01', '2006-01-02', 'America/Sao_Paulo'))"
          + "|2100-07-01 00:00:00 -0300 -03",
      // an abbreviation the location knows gives its offset; UTC is always UTC
      "string(date('2023-06-15 12:20:30 CEST', '2006-01-02 15:04:05 MST', 'Europe/Berlin'))"
          + "|2023-06-15 12:20:30 +0200 CEST",
      "string(date('2023-06-15 12:20:30 UTC', '2006-01-02 15:04:05 MST', 'Europe/Berlin'))"
          + "|2023-06-15 12:20:30 +0000 UTC",
      // an unknown abbreviation is kept with offset zero, GMT+n with its hours
      "string(date('2023-06-15 12:20:30 PDT', '2006-01-02 15:04:05 MST'))"
          + "|2023-06-15 12:20:30 +0000 PDT",
      "string(date('2023-06-15 12:20:30 GMT-3', '2006-01-02 15:04:05 MST'))"
          + "|2023-06-15 09:20:30 -0300 GMT-3",
      "date('2023-01-01', '2006-01-02', 'Asia/Tokyo').Location().String()|Asia/Tokyo",
      "string(date('2023-01-01T10:20:30Z').In(date('2023', '2006', 'Asia/Kolkata').Location()))"
          + "|2023-01-01 15:50:30 +0530 IST",
  })
  void namedZonesFollowTheTzDatabase(String expression, String expected) throws Exception {
    assertThat(eval(expression)).isEqualTo(expected);
  }

  @Test
  void anOffsetEqualToLocalsIsReportedAsLocal() throws Exception {
    GoZone.setLocalForTesting(GoZone.initLocal("Europe/Berlin"));
    assertThat(eval("date('2023-06-15T12:00:00+02:00').Location().String()"))
        .isEqualTo("Europe/Berlin");
    assertThat(eval("string(date('2023-06-15T12:00:00+02:00'))"))
        .isEqualTo("2023-06-15 12:00:00 +0200 CEST");
    // another offset gets a fabricated zone without a name
    assertThat(eval("date('2023-06-15T12:00:00+03:00').Location().String()")).isEqualTo("");
    assertThat(eval("string(date('2023-06-15T12:00:00+03:00'))"))
        .isEqualTo("2023-06-15 12:00:00 +0300 +0300");
    // no zone in the text: UTC, whatever Local is
    assertThat(eval("date('2023-06-15').Location().String()")).isEqualTo("UTC");
    assertThat(eval("now().Location().String()")).isEqualTo("Europe/Berlin");
    assertThat(eval("date('2023-06-15T12:00:00Z').Local().Hour()")).isEqualTo(14L);
  }

  @ParameterizedTest
  @CsvSource(nullValues = "NULL", value = {
      "NULL, Local", // /etc/localtime
      "Asia/Tokyo, Asia/Tokyo",
      ":Asia/Tokyo, Asia/Tokyo",
      "'', UTC",
      "UTC, UTC",
      "No/Such_Zone, UTC",
  })
  void localFollowsTzLikeGo(String tz, String name) {
    assertThat(GoZone.initLocal(tz).toString()).isEqualTo(name);
  }

  @Test
  void loadLocationRefusesWhatGoRefuses() {
    assertThatThrownBy(() -> zone("Mars/Olympus")).hasMessage("unknown time zone Mars/Olympus");
    assertThatThrownBy(() -> zone("../etc/passwd")).hasMessage("time: invalid location name");
    assertThatThrownBy(() -> zone("/etc/localtime")).hasMessage("time: invalid location name");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "CET-1CEST,M3.5.0,M10.5.0/3|4117600800|CEST|7200",   // 2100-06-25
      "CET-1CEST,M3.5.0,M10.5.0/3|4102444800|CET|3600",    // 2100-01-01
      "AEST-10AEDT,M10.1.0,M4.1.0/3|4102444800|AEDT|39600", // southern summer
      "EST5EDT|4117600800|EDT|-14400",                      // default US rules
      "<-03>3|4117600800|-03|-10800",                       // no DST
      "<+0530>-5:30|4117600800|+0530|19800",
  })
  void posixFooterRules(String rule, long unix, String name, int offset) {
    GoZone.Lookup l = GoTzRule.evaluate(rule, 0, unix);
    assertThat(l.name()).isEqualTo(name);
    assertThat(l.offset()).isEqualTo(offset);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "2006-01-02T15:04:05.999999999Z07:00|2009-11-10T23:00:00.0123+05:30"
          + "|2009-11-10T23:00:00.0123+05:30",
      "Mon Jan _2 15:04:05 2006|Tue Nov  3 23:00:00 2009|Tue Nov  3 23:00:00 2009",
      "02/01/06 03:04:05PM|10/11/09 11:00:00PM|10/11/09 11:00:00PM",
      "2006 002 __2|2009 314 314|2009 314 314",
      "Jan 2 2006 15:04:05,000|Nov 10 2009 23:00:00,500|Nov 10 2009 23:00:00,500",
      // a fraction the layout does not mention is still read
      "2006-01-02 15:04:05|2009-11-10 23:00:00.25|2009-11-10 23:00:00",
      // two-digit years pivot at 69
      "06-01-02|69-01-02|69-01-02",
  })
  void layoutsRoundTrip(String layout, String text, String formatted) throws Exception {
    GoTime t = GoTimeLayout.parse(layout, text, GoZone.UTC);
    assertThat(GoTimeLayout.format(t, layout)).isEqualTo(formatted);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "2006-01-02|2023-13-01|parsing time \"2023-13-01\": month out of range",
      "2006-01-02|2023-02-29|parsing time \"2023-02-29\": day out of range",
      "2006-01-02|2023-1-01|parsing time \"2023-1-01\" as \"2006-01-02\": cannot parse"
          + " \"1-01\" as \"01\"",
      "2006-01-02|2023-01-01x|parsing time \"2023-01-01x\": extra text: \"x\"",
      "15:04 MST|10:00 Mars|parsing time \"10:00 Mars\" as \"15:04 MST\": cannot parse"
          + " \"Mars\" as \"MST\"",
      "Z07:00|+24:61|parsing time \"+24:61\": time zone offset minute out of range",
      "2006 Jan|2023 Foo|parsing time \"2023 Foo\" as \"2006 Jan\": cannot parse \"Foo\" as"
          + " \"Jan\"",
      "2006|é|parsing time \"\\xc3\\xa9\" as \"2006\": cannot parse \"\\xc3\\xa9\" as \"2006\"",
  })
  void parseErrorsAreGos(String layout, String text, String message) {
    assertThatThrownBy(() -> GoTimeLayout.parse(layout, text, null)).hasMessage(message);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1h30m|1h30m0s",
      "-1.5h|-1h30m0s",
      "1h2m3.456789s|1h2m3.456789s",
      "0.000001s|1µs",
      "1.5us|1.5µs",
      "999ns|999ns",
      "+0|0s",
      "9223372036854775807ns|2562047h47m16.854775807s",
      "-9223372036854775808ns|-2562047h47m16.854775808s",
      ".5m|30s",
  })
  void durationsParseAndPrintLikeGo(String text, String printed) throws Exception {
    assertThat(GoDuration.parse(text).toString()).isEqualTo(printed);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "9223372036854775808ns|time: invalid duration \"9223372036854775808ns\"",
      "1.5|time: missing unit in duration \"1.5\"",
      "3d|time: unknown unit \"d\" in duration \"3d\"",
      "-|time: invalid duration \"-\"",
      "1h 2m|time: unknown unit \"h \" in duration \"1h 2m\"",
  })
  void durationErrorsAreGos(String text, String message) {
    assertThatThrownBy(() -> GoDuration.parse(text)).hasMessage(message);
  }

  @Test
  void nowCarriesAMonotonicReadingUntilItIsStripped() throws Exception {
    assertThat((String) eval("string(now())")).matches(
        "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)? [-+]\\d{4} \\S+ m=\\+\\d+\\.\\d{9}");
    assertThat((String) eval("string(now().UTC())")).doesNotContain("m=");
    assertThat(eval("now() - now() <= duration('0s')")).isEqualTo(true);
  }
}
