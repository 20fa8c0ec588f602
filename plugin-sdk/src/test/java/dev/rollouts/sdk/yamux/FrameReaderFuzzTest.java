package dev.rollouts.sdk.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary bytes from the peer: the server session must end (bounded), with a
 * {@link YamuxException} as the reason, and its streams may only fail with {@link IOException}s;
 * never a {@code RuntimeException}, an {@code Error} or a hang. Seeded with the captured frames
 * ({@code FrameReaderFuzzTestInputs/}).
 */
class FrameReaderFuzzTest {

  private static final YamuxConfig CONFIG = YamuxConfig.defaults().withoutKeepAlive()
      .withConnectionWriteTimeout(Duration.ofSeconds(1));

  @FuzzTest(maxDuration = "20s")
  void serverSessionSurvivesArbitraryPeerBytes(byte[] peerBytes) throws Exception {
    feedToServerSession(peerBytes);
  }

  @Test
  void capturedHostFramesEndWithTheConnection() throws Exception {
    byte[] host = Hex.concat(CapturedSession.HOST_FIRST_FOUR_FRAMES,
        CapturedSession.HOST_DIALS_BROKER, CapturedSession.HOST_CLOSES_CONTROL_STDOUT_STDERR);
    assertThat(feedToServerSession(host).getMessage()).isEqualTo("connection closed by peer");
  }

  @Test
  void aHugeDataLengthIsRefusedWithoutAllocatingIt() throws Exception {
    byte[] hostile = Hex.concat(FrameHeader.windowUpdate(1, FrameHeader.FLAG_SYN, 0).toBytes(),
        FrameHeader.data(1, 0, 0).toBytes(), Hex.bytes("00 00 00 00 00 00 00 01 ff ff ff ff"));
    assertThat(feedToServerSession(hostile).getMessage()).startsWith("recv window exceeded");
  }

  @Test
  void aTornHeaderEndsTheSessionAsAConnectionFailure() throws Exception {
    assertThat(feedToServerSession(Hex.bytes("00 01 00")).getMessage())
        .startsWith("connection failed: java.io.EOFException");
  }

  /** Runs a server session on the bytes, accepting and draining every stream; returns why it closed. */
  static YamuxException feedToServerSession(byte[] peerBytes) throws Exception {
    List<Throwable> unexpected = new CopyOnWriteArrayList<>();
    YamuxSession session = YamuxSession.server(new ScriptedChannel(peerBytes), CONFIG);
    Thread acceptor = Thread.ofVirtual().start(() -> acceptAndDrain(session, unexpected));
    session.closeFuture().get(20, TimeUnit.SECONDS);
    acceptor.join(Duration.ofSeconds(20));
    assertThat(acceptor.isAlive()).as("accept loop ended").isFalse();

    YamuxException cause = session.closeCause().orElseThrow();
    for (Throwable t = cause; t != null; t = t.getCause()) {
      assertThat(t).as("only I/O failures end the session").isInstanceOf(IOException.class);
    }
    assertThat(unexpected).isEmpty();
    return cause;
  }

  private static void acceptAndDrain(YamuxSession session, List<Throwable> unexpected) {
    while (true) {
      YamuxStream stream;
      try {
        stream = session.accept();
      } catch (IOException e) {
        return;
      } catch (Throwable t) {
        unexpected.add(t);
        return;
      }
      Thread.ofVirtual().start(() -> {
        try {
          stream.inputStream().readAllBytes();
          stream.close();
        } catch (IOException e) {
          // expected once the session ends
        } catch (Throwable t) {
          unexpected.add(t);
        }
      });
    }
  }

  /** Hands the peer's bytes to the session in small reads, then end of stream; swallows writes. */
  private static final class ScriptedChannel implements ByteChannel {
    private final ByteBuffer peerBytes;
    private volatile boolean open = true;

    ScriptedChannel(byte[] bytes) {
      this.peerBytes = ByteBuffer.wrap(bytes);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      if (!open) {
        throw new java.nio.channels.ClosedChannelException();
      }
      if (!peerBytes.hasRemaining()) {
        return -1;
      }
      int n = Math.min(Math.min(dst.remaining(), peerBytes.remaining()), 7);
      dst.put(peerBytes.slice(peerBytes.position(), n));
      peerBytes.position(peerBytes.position() + n);
      return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      if (!open) {
        throw new java.nio.channels.ClosedChannelException();
      }
      int n = src.remaining();
      src.position(src.limit());
      return n;
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
    }
  }
}
