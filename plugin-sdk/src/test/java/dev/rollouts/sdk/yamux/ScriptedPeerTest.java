package dev.rollouts.sdk.yamux;

import static dev.rollouts.sdk.yamux.FrameHeader.FLAG_ACK;
import static dev.rollouts.sdk.yamux.FrameHeader.FLAG_FIN;
import static dev.rollouts.sdk.yamux.FrameHeader.FLAG_RST;
import static dev.rollouts.sdk.yamux.FrameHeader.FLAG_SYN;
import static dev.rollouts.sdk.yamux.SessionTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our sessions against a raw-socket peer that sends hand-made (often broken) frames: the failure
 * vectors of {@code spec/yamux.md} §8, and the behaviour Go's host relies on.
 */
@Timeout(60)
class ScriptedPeerTest {

  private static final FrameHeader GO_AWAY_PROTOCOL_ERROR =
      FrameHeader.goAway(FrameHeader.GO_AWAY_PROTOCOL_ERROR);

  @TempDir Path tempDir;

  /** A session under test with a raw peer on the other end of a unix socket. */
  private record Scripted(Transport.Connection connection, RawPeer peer, YamuxSession session)
      implements AutoCloseable {
    @Override
    public void close() throws Exception {
      session.close();
      peer.close();
      connection.close();
    }

    String closeMessage() throws Exception {
      session.closeFuture().get(20, TimeUnit.SECONDS);
      return session.closeCause().orElseThrow().getMessage();
    }
  }

  private Scripted server(YamuxConfig config) throws Exception {
    Transport.Connection connection = Transport.UNIX.connect(tempDir);
    return new Scripted(connection, new RawPeer(connection.host()),
        YamuxSession.server(connection.plugin(), config));
  }

  private Scripted server() throws Exception {
    return server(YamuxConfig.defaults());
  }

  private Scripted client(YamuxConfig config) throws Exception {
    Transport.Connection connection = Transport.UNIX.connect(tempDir);
    return new Scripted(connection, new RawPeer(connection.plugin()),
        YamuxSession.client(connection.host(), config));
  }

  // --- fatal without Go Away ---

  @Test
  void failsWhenVersionIsNotZeroClosingWithoutGoAway() throws Exception {
    try (Scripted s = server()) {
      s.peer().sendHeader(1, FrameHeader.TYPE_PING, FLAG_SYN, 0, 0);
      assertThat(s.closeMessage()).isEqualTo("invalid protocol version: 1");
      assertThat(s.peer().awaitEof()).as("no go away, no ping reply").isEmpty();
    }
  }

  @Test
  void failsWhenTypeIsUnknownClosingWithoutGoAway() throws Exception {
    try (Scripted s = server()) {
      s.peer().sendHeader(0, 4, 0, 1, 0);
      assertThat(s.closeMessage()).isEqualTo("invalid msg type: 4");
      assertThat(s.peer().awaitEof()).isEmpty();
    }
  }

  // --- fatal with Go Away (protocol error) ---

  @Test
  void failsWhenDataExceedsTheWindowBeforeReadingThePayload() throws Exception {
    try (Scripted s = server()) {
      s.peer().send(FrameHeader.windowUpdate(1, FLAG_SYN, 0));
      // Only the header: the session must refuse on the length alone, not wait for 256 KiB + 1.
      s.peer().send(FrameHeader.data(1, 0, YamuxConfig.INITIAL_STREAM_WINDOW + 1));
      assertThat(s.peer().receiveFrame().header()).isEqualTo(GO_AWAY_PROTOCOL_ERROR);
      assertThat(s.closeMessage()).startsWith("recv window exceeded (stream 1");
      assertThat(s.peer().awaitEof()).isEmpty();
    }
  }

  @Test
  void failsWhenDataExceedsWhatIsLeftOfTheWindow() throws Exception {
    try (Scripted s = server()) {
      s.peer().send(FrameHeader.windowUpdate(1, FLAG_SYN, 0));
      s.peer().send(FrameHeader.data(1, 0, 200_000), new byte[200_000]);
      s.peer().send(FrameHeader.data(1, 0, 62_145)); // 1 byte more than the 62144 left
      assertThat(s.peer().receiveFrame().header()).isEqualTo(GO_AWAY_PROTOCOL_ERROR);
      assertThat(s.closeMessage())
          .isEqualTo("recv window exceeded (stream 1, remaining window 62144, frame length 62145)");
    }
  }

  @Test
  void failsWhenTheSameSideSendsFinTwice() throws Exception {
    try (Scripted s = server()) {
      s.peer().send(FrameHeader.windowUpdate(1, FLAG_SYN, 0));
      s.peer().send(FrameHeader.windowUpdate(1, FLAG_FIN, 0));
      s.peer().send(FrameHeader.windowUpdate(1, FLAG_FIN, 0));
      assertThat(s.peer().receiveFrame().header()).isEqualTo(GO_AWAY_PROTOCOL_ERROR);
      assertThat(s.closeMessage())
          .isEqualTo("unexpected flag: FIN on stream 1 in state REMOTE_CLOSE");
    }
  }

  @Test
  void failsWhenAStreamIdIsOpenedTwice() throws Exception {
    try (Scripted s = server()) {
      s.peer().send(FrameHeader.windowUpdate(1, FLAG_SYN, 0));
      s.peer().send(FrameHeader.windowUpdate(1, FLAG_SYN, 0));
      assertThat(s.peer().receiveFrame().header()).isEqualTo(GO_AWAY_PROTOCOL_ERROR);
      assertThat(s.closeMessage()).isEqualTo("duplicate stream initiated: 1");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 7})
  void closesWhenThePeerSendsGoAwayWithAnErrorCode(int code) throws Exception {
    try (Scripted s = server()) {
      s.peer().send(FrameHeader.goAway(code));
      assertThat(s.closeMessage()).isEqualTo(switch (code) {
        case 1 -> "yamux protocol error (go away code 1 from the peer)";
        case 2 -> "remote yamux internal error (go away code 2 from the peer)";
        default -> "unexpected go away received (code 7)";
      });
      assertThat(s.peer().awaitEof()).as("no go away in reply").isEmpty();
    }
  }

  // --- not fatal ---

  @Test
  void ignoresFramesForUnknownStreamsAndTheNextStreamWorks() throws Exception {
    try (Scripted s = server()) {
      s.peer().send(FrameHeader.data(9, 0, 100), new byte[100]);
      s.peer().send(FrameHeader.windowUpdate(11, 0, 5000));
      s.peer().send(FrameHeader.data(13, FLAG_FIN, 0));
      s.peer().send(FrameHeader.windowUpdate(1, FLAG_SYN, 0));
      s.peer().send(FrameHeader.data(1, 0, 2), bytes("ok"));
      YamuxStream stream = s.session().accept();
      assertThat(stream.inputStream().readNBytes(2)).isEqualTo(bytes("ok"));
      assertThat(s.peer().receiveFrame().header())
          .isEqualTo(FrameHeader.windowUpdate(1, FLAG_ACK, 0));
      assertThat(s.session().isClosed()).isFalse();
    }
  }

  @Test
  void assemblesFramesArrivingOneByteAtATime() throws Exception {
    try (Scripted s = server()) {
      s.peer().sendOneByteAtATime(CapturedSession.HOST_FIRST_FOUR_FRAMES);
      YamuxStream control = s.session().accept();
      s.session().accept();
      s.session().accept();
      assertThat(control.inputStream().readNBytes(99)).isEqualTo(CapturedSession.DISPENSE_REQUEST);
      assertThat(s.peer().receive(36)).isEqualTo(CapturedSession.PLUGIN_ACKS_CONTROL_STDOUT_STDERR);
    }
  }

  @Test
  void resetsNewStreamsBeyondTheAcceptBacklog() throws Exception {
    try (Scripted s = server(YamuxConfig.defaults().withAcceptBacklog(2))) {
      s.peer().send(FrameHeader.windowUpdate(1, FLAG_SYN, 0));
      s.peer().send(FrameHeader.windowUpdate(3, FLAG_SYN, 0));
      s.peer().send(FrameHeader.windowUpdate(5, FLAG_SYN, 0));
      assertThat(s.peer().receive(12)).isEqualTo(Hex.bytes("00 01 00 08 00 00 00 05 00 00 00 00"));
      assertThat(s.session().accept().id()).isEqualTo(1);
      assertThat(s.session().accept().id()).isEqualTo(3);
      assertThat(s.session().isClosed()).isFalse();
    }
  }

  @Test
  void peerResetFailsTheStreamOnly() throws Exception {
    try (Scripted s = server()) {
      s.peer().send(FrameHeader.windowUpdate(1, FLAG_SYN, 0));
      YamuxStream stream = s.session().accept();
      s.peer().send(FrameHeader.windowUpdate(1, FLAG_RST, 0));
      assertThatThrownBy(() -> stream.inputStream().read())
          .isInstanceOf(YamuxException.class).hasMessage("connection reset (stream 1)");
      assertThat(s.session().isClosed()).isFalse();
    }
  }

  @Test
  void answersPingsWithTheSameOpaqueValueEvenWhileAWriterIsBlocked() throws Exception {
    try (Scripted s = server();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      s.peer().send(FrameHeader.windowUpdate(1, FLAG_SYN, 0));
      YamuxStream stream = s.session().accept();
      // More than the window: the writer blocks at window 0 until the peer credits it.
      Future<?> writing = threads.submit(() -> {
        stream.outputStream().write(new byte[YamuxConfig.INITIAL_STREAM_WINDOW + 10]);
        return null;
      });
      assertThat(s.peer().receiveFrame().header())
          .isEqualTo(FrameHeader.windowUpdate(1, FLAG_ACK, 0));
      assertThat(s.peer().receiveFrame().header())
          .isEqualTo(FrameHeader.data(1, 0, YamuxConfig.INITIAL_STREAM_WINDOW));

      s.peer().send(FrameHeader.ping(FLAG_SYN, 0xDEADBEEFL));
      assertThat(s.peer().receiveFrame().header())
          .isEqualTo(FrameHeader.ping(FLAG_ACK, 0xDEADBEEFL));
      assertThat(writing.isDone()).as("writer still waits for window").isFalse();

      s.peer().send(FrameHeader.windowUpdate(1, 0, 10));
      assertThat(s.peer().receiveFrame().header()).isEqualTo(FrameHeader.data(1, 0, 10));
      writing.get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void creditsThePeerAsTheApplicationConsumes() throws Exception {
    // spec/yamux.md §4: the host writes 5 bytes, then 300000; the plugin reads 10000 at a time.
    int total = 300_005;
    try (Scripted s = server();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      s.peer().send(FrameHeader.windowUpdate(1, FLAG_SYN, 0));
      s.peer().send(FrameHeader.data(1, 0, 5), new byte[5]);
      s.peer().send(FrameHeader.data(1, 0, 262_139), new byte[262_139]);
      YamuxStream stream = s.session().accept();
      Future<Integer> consumed = threads.submit(() -> drainInChunks(stream.inputStream(), total));

      assertThat(s.peer().receiveFrame().header())
          .isEqualTo(FrameHeader.windowUpdate(1, FLAG_ACK, 0));
      FrameHeader firstCredit = s.peer().receiveFrame().header();
      assertThat(firstCredit.type()).isEqualTo(FrameHeader.TYPE_WINDOW_UPDATE);
      assertThat(firstCredit.length()).as("Go credits once half the window was consumed")
          .isBetween(128L * 1024, 256L * 1024);
      s.peer().send(FrameHeader.data(1, 0, 37_861), new byte[37_861]);
      assertThat(consumed.get(20, TimeUnit.SECONDS)).isEqualTo(total);
      FrameHeader secondCredit = s.peer().receiveFrame().header();
      assertThat(secondCredit.length()).isGreaterThanOrEqualTo(128L * 1024);
      // Go credited 140005 + 132139 = 272144 here; the rest (< half a window) stays owed.
      long credited = firstCredit.length() + secondCredit.length();
      assertThat(credited).isLessThanOrEqualTo(total);
      assertThat(total - credited).isLessThan(128L * 1024);
    }
  }

  // --- client-side timeouts against a silent peer ---

  @Test
  void keepaliveClosesTheSessionWhenThePeerStopsAnswering() throws Exception {
    YamuxConfig config = YamuxConfig.defaults().withKeepAlive(Duration.ofMillis(20))
        .withConnectionWriteTimeout(Duration.ofMillis(200));
    try (Scripted s = client(config)) {
      assertThat(s.peer().receiveFrame().header())
          .as("Go's first ping id is 0").isEqualTo(FrameHeader.ping(FLAG_SYN, 0));
      assertThat(s.closeMessage()).isEqualTo("keepalive timeout");
    }
  }

  @Test
  void keepaliveKeepsTheSessionWhenThePeerAnswers() throws Exception {
    YamuxConfig config = YamuxConfig.defaults().withKeepAlive(Duration.ofMillis(5));
    try (Scripted s = client(config)) {
      for (long id = 0; id < 3; id++) {
        assertThat(s.peer().receiveFrame().header()).isEqualTo(FrameHeader.ping(FLAG_SYN, id));
        s.peer().send(FrameHeader.ping(FLAG_ACK, id));
      }
      assertThat(s.session().isClosed()).isFalse();
    }
  }

  @Test
  void closesTheSessionWhenAnOpenedStreamIsNeverAcknowledged() throws Exception {
    YamuxConfig config = YamuxConfig.defaults().withoutKeepAlive()
        .withStreamOpenTimeout(Duration.ofMillis(200));
    try (Scripted s = client(config)) {
      YamuxStream stream = s.session().open();
      assertThat(s.peer().receive(12)).isEqualTo(Hex.bytes("00 01 00 01 00 00 00 01 00 00 00 00"));
      assertThat(s.closeMessage())
          .isEqualTo("stream open timeout: stream 1 was not acknowledged by the peer");
      assertThatThrownBy(() -> stream.outputStream().write(1))
          .isInstanceOf(YamuxException.class).hasMessage("session shutdown");
    }
  }

  @Test
  void anAcknowledgedStreamDoesNotTimeOut() throws Exception {
    YamuxConfig config = YamuxConfig.defaults().withoutKeepAlive()
        .withStreamOpenTimeout(Duration.ofMillis(500));
    try (Scripted s = client(config)) {
      s.session().open();
      s.peer().receive(12);
      s.peer().send(FrameHeader.windowUpdate(1, FLAG_ACK, 0));
      // Frames are handled in order: once our ping is answered, the ACK has been seen.
      s.peer().send(FrameHeader.ping(FLAG_SYN, 1));
      assertThat(s.peer().receiveFrame().header()).isEqualTo(FrameHeader.ping(FLAG_ACK, 1));
      // A second, later stream is the witness that the first timer has passed harmlessly.
      Thread.sleep(700);
      s.session().open();
      assertThat(s.peer().receive(12)).isEqualTo(Hex.bytes("00 01 00 01 00 00 00 03 00 00 00 00"));
      s.peer().send(FrameHeader.windowUpdate(3, FLAG_ACK, 0));
      assertThat(s.session().isClosed()).isFalse();
    }
  }

  @Test
  void resetsAHalfClosedStreamThePeerNeverCloses() throws Exception {
    YamuxConfig config = YamuxConfig.defaults().withoutKeepAlive()
        .withStreamCloseTimeout(Duration.ofMillis(100));
    try (Scripted s = server(config)) {
      s.peer().send(FrameHeader.windowUpdate(1, FLAG_SYN, 0));
      YamuxStream stream = s.session().accept();
      stream.close();
      assertThat(s.peer().receive(24)).isEqualTo(Hex.bytes(
          "00 01 00 02 00 00 00 01 00 00 00 00"      // ACK
              + " 00 01 00 04 00 00 00 01 00 00 00 00")); // FIN
      assertThat(s.peer().receive(12)).as("RST after the close timeout")
          .isEqualTo(Hex.bytes("00 01 00 08 00 00 00 01 00 00 00 00"));
      assertThat(s.session().isClosed()).isFalse();
    }
  }

  private static int drainInChunks(InputStream in, int total) throws Exception {
    byte[] chunk = new byte[10_000];
    int done = 0;
    while (done < total) {
      int n = in.read(chunk, 0, Math.min(chunk.length, total - done));
      if (n < 0) {
        break;
      }
      done += n;
    }
    return done;
  }
}
