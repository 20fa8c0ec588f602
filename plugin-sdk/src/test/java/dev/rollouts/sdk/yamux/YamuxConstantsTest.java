package dev.rollouts.sdk.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Pins every wire constant and default to hashicorp/yamux v0.1.2 ({@code const.go}, {@code mux.go}). */
class YamuxConstantsTest {

  @Test
  void headerIsTwelveBytesOfVersionZero() {
    assertThat(FrameHeader.SIZE).isEqualTo(12);
    assertThat(FrameHeader.PROTOCOL_VERSION).isZero();
  }

  @Test
  void frameTypes() {
    assertThat(FrameHeader.TYPE_DATA).isEqualTo(0);
    assertThat(FrameHeader.TYPE_WINDOW_UPDATE).isEqualTo(1);
    assertThat(FrameHeader.TYPE_PING).isEqualTo(2);
    assertThat(FrameHeader.TYPE_GO_AWAY).isEqualTo(3);
  }

  @Test
  void flags() {
    assertThat(FrameHeader.FLAG_SYN).isEqualTo(1);
    assertThat(FrameHeader.FLAG_ACK).isEqualTo(2);
    assertThat(FrameHeader.FLAG_FIN).isEqualTo(4);
    assertThat(FrameHeader.FLAG_RST).isEqualTo(8);
  }

  @Test
  void goAwayCodes() {
    assertThat(FrameHeader.GO_AWAY_NORMAL).isEqualTo(0);
    assertThat(FrameHeader.GO_AWAY_PROTOCOL_ERROR).isEqualTo(1);
    assertThat(FrameHeader.GO_AWAY_INTERNAL_ERROR).isEqualTo(2);
  }

  @Test
  void defaultsEqualGoDefaultConfig() {
    YamuxConfig defaults = YamuxConfig.defaults();
    assertThat(defaults.acceptBacklog()).isEqualTo(256);
    assertThat(defaults.enableKeepAlive()).isTrue();
    assertThat(defaults.keepAliveInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.connectionWriteTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.maxStreamWindowSize()).isEqualTo(262_144);
    assertThat(defaults.streamOpenTimeout()).isEqualTo(Duration.ofSeconds(75));
    assertThat(defaults.streamCloseTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(YamuxConfig.INITIAL_STREAM_WINDOW).isEqualTo(262_144);
  }

  @Test
  void configRejectsWhatGoVerifyConfigRejects() {
    YamuxConfig defaults = YamuxConfig.defaults();
    assertThatThrownBy(() -> defaults.withAcceptBacklog(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backlog");
    assertThatThrownBy(() -> defaults.withKeepAlive(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keepAliveInterval");
    assertThatThrownBy(() -> defaults.withMaxStreamWindowSize(262_143))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("262144");
    assertThatThrownBy(() -> defaults.withConnectionWriteTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withStreamOpenTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withersChangeOnlyTheirSetting() {
    YamuxConfig changed = YamuxConfig.defaults().withoutKeepAlive()
        .withStreamOpenTimeout(Duration.ZERO);
    assertThat(changed.enableKeepAlive()).isFalse();
    assertThat(changed.streamOpenTimeout()).isZero();
    assertThat(changed.acceptBacklog()).isEqualTo(256);
    assertThat(changed.streamCloseTimeout()).isEqualTo(Duration.ofMinutes(5));
  }
}
