package dev.rollouts.sdk.gob;

import static dev.rollouts.sdk.gob.GobTestSupport.hex;
import static dev.rollouts.sdk.gob.GobTestSupport.toHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The worked examples of spec/time.md §2.3, both directions, and the malformed forms. */
class GoTimeTest {
  private static final Instant SAMPLE = Instant.parse("2024-01-02T03:04:05.000000006Z");

  @Test
  void convertsAUtcTime() throws GobException {
    byte[] bytes = hex("01 00 00 00 0e dd 25 74 25 00 00 00 06 ff ff");
    assertThat(GoTime.toInstant(bytes)).isEqualTo(SAMPLE);
    assertThat(GoTime.toOffsetDateTime(bytes)).isEqualTo(SAMPLE.atOffset(ZoneOffset.UTC));
    assertThat(toHex(GoTime.toBytes(SAMPLE))).isEqualTo(toHex(bytes));
    assertThat(toHex(GoTime.toBytes(SAMPLE.atOffset(ZoneOffset.UTC)))).isEqualTo(toHex(bytes));
  }

  @Test
  void convertsATimeWithAWholeMinuteOffset() throws GobException {
    byte[] bytes = hex("01 00 00 00 0e dd 25 5f 0d 00 00 00 06 00 5a");
    OffsetDateTime time = OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 6, ZoneOffset.ofHoursMinutes(1, 30));
    assertThat(GoTime.toOffsetDateTime(bytes)).isEqualTo(time);
    assertThat(GoTime.toInstant(bytes)).isEqualTo(Instant.parse("2024-01-02T01:34:05.000000006Z"));
    assertThat(toHex(GoTime.toBytes(time))).isEqualTo(toHex(bytes));
  }

  @Test
  void convertsTheZeroTimeToYearOne() throws GobException {
    byte[] bytes = hex("01 00 00 00 00 00 00 00 00 00 00 00 00 ff ff");
    assertThat(GoTime.toInstant(bytes)).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
    assertThat(toHex(GoTime.toBytes(Instant.parse("0001-01-01T00:00:00Z")))).isEqualTo(toHex(bytes));
  }

  @Test
  void readsVersionTwoAddingTheSecondsByteUnsignedLikeGo() throws GobException {
    // LMT -04:56:02: Go writes -296 minutes and -2 seconds (fe), and reads the fe back as +254
    byte[] bytes = hex("02 00 00 00 0e dd 25 b9 87 00 00 00 00 fe d8 fe");
    assertThat(GoTime.toInstant(bytes)).isEqualTo(Instant.parse("2024-01-02T08:00:07Z"));
    assertThat(GoTime.toOffsetDateTime(bytes).getOffset().getTotalSeconds())
        .isEqualTo(-296 * 60 + 254);
    OffsetDateTime lmt = Instant.parse("2024-01-02T08:00:07Z")
        .atOffset(ZoneOffset.ofHoursMinutesSeconds(-4, -56, -2));
    assertThat(toHex(GoTime.toBytes(lmt))).isEqualTo(toHex(bytes));
  }

  @Test
  void rejectsMalformedBytesWithGosMessages() {
    assertThatThrownBy(() -> GoTime.toInstant(new byte[0]))
        .isInstanceOf(GobException.class).hasMessage("gob: Time.UnmarshalBinary: no data");
    assertThatThrownBy(() -> GoTime.toInstant(hex("03 00")))
        .hasMessage("gob: Time.UnmarshalBinary: unsupported version");
    assertThatThrownBy(() -> GoTime.toInstant(hex("01 00 00")))
        .hasMessage("gob: Time.UnmarshalBinary: invalid length");
    assertThatThrownBy(() -> GoTime.toInstant(hex("01 7f ff ff ff ff ff ff ff 00 00 00 00 ff ff")))
        .hasMessageContaining("range");
    assertThatThrownBy(() -> GoTime.toBytes(SAMPLE.atOffset(ZoneOffset.ofTotalSeconds(-60))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
