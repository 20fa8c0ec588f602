package dev.rollouts.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoFloatsTest {
  // Expected texts are what Go's strconv.FormatFloat(v, 'f', -1, 64) prints.
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "0.95|0.95", "10|10", "0.1|0.1", "1e21|1000000000000000000000", "1e-7|0.0000001",
      "123456789.123|123456789.123", "0.30000000000000004|0.30000000000000004",
      "-2.5|-2.5", "5e-324|0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000005", "3e-323|0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003", "3.6|3.6", "950|950", "1e+06|1000000"})
  void formatsLikeGo(double value, String go) {
    assertThat(GoFloats.format(value)).isEqualTo(go);
  }

  @org.junit.jupiter.api.Test
  void extremesHaveAllTheirDigits() {
    // Lengths and digits as Go prints them: 309 digits for the largest double, "0." and 324
    // digits ending in 5 for the smallest.
    assertThat(GoFloats.format(Double.MAX_VALUE)).hasSize(309).startsWith("17976931348623157")
        .matches("179769313486231570+");
    assertThat(GoFloats.format(Double.MIN_VALUE)).hasSize(326).matches("0\\.0{323}5");
  }

  @org.junit.jupiter.api.Test
  void specialValues() {
    assertThat(GoFloats.format(Double.NaN)).isEqualTo("NaN");
    assertThat(GoFloats.format(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(GoFloats.format(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    assertThat(GoFloats.format(0.0)).isEqualTo("0");
    assertThat(GoFloats.format(-0.0)).isEqualTo("-0");
  }

  @ParameterizedTest
  @CsvSource({"NaN", "+Inf", "-Inf", "Inf", "inf", "+infinity", "0.5", "1e-07", "-3", "1E3"})
  void parsesPrometheusSpellings(String text) {
    double v = GoFloats.parse(text);
    assertThat(Double.isNaN(v) || Double.isInfinite(v) || v == Double.parseDouble(text)).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"1d", "Infinity2", "0x10", "' 1'", "''", "1f"})
  void rejectsWhatGoRejects(String text) {
    assertThatThrownBy(() -> GoFloats.parse(text)).isInstanceOf(NumberFormatException.class);
  }

  @Property
  void formatIsTheShortestThatReadsBack(@ForAll double value) {
    String text = GoFloats.format(value);
    if (Double.isNaN(value) || Double.isInfinite(value) || value == 0) {
      return;
    }
    java.math.BigDecimal d = new java.math.BigDecimal(text).stripTrailingZeros();
    if (d.precision() > 1) {
      for (java.math.RoundingMode mode : new java.math.RoundingMode[] {
          java.math.RoundingMode.FLOOR, java.math.RoundingMode.CEILING}) {
        double shorter = d.round(new java.math.MathContext(d.precision() - 1, mode)).doubleValue();
        assertThat(shorter).as("%s has a shorter spelling", text).isNotEqualTo(value);
      }
    }
  }

  @Property
  void formatReadsBack(@ForAll double value) {
    String text = GoFloats.format(value);
    assertThat(text).doesNotContain("E");
    double back = GoFloats.parse(text);
    assertThat(Double.doubleToLongBits(back)).isEqualTo(Double.doubleToLongBits(value));
  }
}
