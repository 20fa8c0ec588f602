package dev.rollouts.sdk.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {
  @ParameterizedTest
  @CsvSource({
      "0, 0",
      "300ms, 300000000",
      "1.5h, 5400000000000",
      "2h45m, 9900000000000",
      "-1m30s, -90000000000",
      "10us, 10000",
      "10µs, 10000",
      "7ns, 7",
      "1.25s, 1250000000",
      ".5s, 500000000",
  })
  void parsesGoSyntax(String text, long nanos) {
    assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest
  @CsvSource({"'', invalid", "1, missing unit", "abc, invalid", "5d, invalid", "1m5, missing unit"})
  void rejectsWhatGoRejectsWithGosWording(String text, String kind) {
    assertThatThrownBy(() -> GoDuration.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("time: " + kind)
        .hasMessageContaining("\"" + text + "\"");
  }

  @ParameterizedTest
  @CsvSource({"0, 0s", "500000000, 500ms", "90000000000, 1m30s", "3600000000000, 1h0m0s",
      "1500000000, 1.5s", "-2000000000, -2s", "1000, 1µs"})
  void formatsAsGosDurationString(long nanos, String text) {
    assertThat(GoDuration.format(Duration.ofNanos(nanos))).isEqualTo(text);
  }
}
