package dev.rollouts.sdk.yamux;

import static dev.rollouts.sdk.yamux.SessionPair.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Our client session against our server session over unix sockets and TCP loopback. */
@Timeout(120)
class SessionTest {

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(Transport.class)
  void opensAcceptsAndCarriesDataBothWays(Transport transport) throws Exception {
    try (SessionPair pair = new SessionPair(transport, tempDir)) {
      YamuxStream hostSide = pair.host.open();
      hostSide.outputStream().write(bytes("hello"));
      YamuxStream pluginSide = pair.plugin.accept();
      assertThat(hostSide.id()).isEqualTo(1);
      assertThat(pluginSide.id()).isEqualTo(1);
      assertThat(pluginSide.inputStream().readNBytes(5)).isEqualTo(bytes("hello"));
      pluginSide.outputStream().write(bytes("world"));
      assertThat(hostSide.inputStream().readNBytes(5)).isEqualTo(bytes("world"));

      YamuxStream pluginOpened = pair.plugin.open();
      assertThat(pluginOpened.id()).as("server ids are even").isEqualTo(2);
      pluginOpened.outputStream().write(bytes("x"));
      YamuxStream hostAccepted = pair.host.accept();
      assertThat(hostAccepted.id()).isEqualTo(2);
      assertThat(hostAccepted.inputStream().read()).isEqualTo('x');
      assertThat(pair.host.open().id()).as("next client id").isEqualTo(3);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void readReturnsWhatIsBufferedAndAvailableCountsIt(Transport transport) throws Exception {
    try (SessionPair pair = new SessionPair(transport, tempDir)) {
      YamuxStream hostSide = pair.host.open();
      hostSide.outputStream().write(bytes("abc"));
      YamuxStream pluginSide = pair.plugin.accept();
      InputStream in = pluginSide.inputStream();
      awaitTrue("3 bytes buffered", () -> available(in) == 3);
      byte[] big = new byte[100];
      assertThat(in.read(big)).as("partial read, no waiting for 100 bytes").isEqualTo(3);
      assertThat(in.available()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void manyConcurrentStreamsEchoIndependently(Transport transport) throws Exception {
    int streams = 64;
    // The pair closes first, which ends the accept loop the executor waits for.
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        SessionPair pair = new SessionPair(transport, tempDir)) {
      threads.submit(() -> echoEveryStream(pair.plugin, threads));
      List<Future<?>> clients = new ArrayList<>();
      for (int i = 0; i < streams; i++) {
        int size = 1_000 + i * 4_000;
        long seed = i;
        clients.add(threads.submit(() -> {
          byte[] message = randomBytes(size, seed);
          YamuxStream stream = pair.host.open();
          CompletableFuture<byte[]> echoed =
              CompletableFuture.supplyAsync(() -> readAll(stream.inputStream()), threads);
          stream.outputStream().write(message);
          stream.close();
          assertThat(echoed.get(60, TimeUnit.SECONDS)).isEqualTo(message);
          return null;
        }));
      }
      for (Future<?> client : clients) {
        client.get(90, TimeUnit.SECONDS);
      }
      awaitTrue("all streams removed on both sides",
          () -> pair.host.streamCount() == 0 && pair.plugin.streamCount() == 0);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void largeMessagesFlowBothWaysToASlowReader(Transport transport) throws Exception {
    try (SessionPair pair = new SessionPair(transport, tempDir);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int size : new int[] {1 << 20, 5 << 20}) {
        byte[] message = randomBytes(size, size);
        YamuxStream hostSide = pair.host.open();
        hostSide.outputStream().write(new byte[] {1});
        YamuxStream pluginSide = pair.plugin.accept();
        assertThat(pluginSide.inputStream().read()).isEqualTo(1);

        Future<byte[]> atPlugin = threads.submit(() -> readSlowly(pluginSide.inputStream(), size));
        hostSide.outputStream().write(message);
        assertThat(digest(atPlugin.get(60, TimeUnit.SECONDS))).isEqualTo(digest(message));

        Future<byte[]> atHost = threads.submit(() -> readSlowly(hostSide.inputStream(), size));
        pluginSide.outputStream().write(message);
        assertThat(digest(atHost.get(60, TimeUnit.SECONDS))).isEqualTo(digest(message));
      }
      // 6 MiB each way through 256 KiB windows: each reader sent at least 24 credits of at most
      // a window each (4 for 1 MiB + 1 byte, 20 for 5 MiB + 1 byte, each stream's first 256 KiB
      // being free). Waited for, since the recorder notes a frame just after its write returns.
      int minimumCredits = 24;
      awaitTrue("window credits from both readers", () ->
          pair.pluginWire.countWritten(SessionTest::isWindowCredit) >= minimumCredits
              && pair.hostWire.countWritten(SessionTest::isWindowCredit) >= minimumCredits);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void queuedWritesArriveInOrderThroughTheWindowAndFailOnceClosed(Transport transport)
      throws Exception {
    try (SessionPair pair = new SessionPair(transport, tempDir);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      YamuxStream hostSide = pair.host.open();
      hostSide.outputStream().write(new byte[] {1});
      YamuxStream pluginSide = pair.plugin.accept();
      assertThat(pluginSide.inputStream().read()).isEqualTo(1);
      // three writes of 200 KiB: more than one 256 KiB window, so the second blocks for credit
      List<byte[]> messages = List.of(randomBytes(200 << 10, 1), randomBytes(200 << 10, 2),
          randomBytes(200 << 10, 3));
      Future<byte[]> atHost =
          threads.submit(() -> readSlowly(hostSide.inputStream(), 3 * (200 << 10)));
      for (byte[] message : messages) {
        pluginSide.queuedOutputStream().write(message);
      }
      byte[] received = atHost.get(60, TimeUnit.SECONDS);
      for (int i = 0; i < messages.size(); i++) {
        byte[] part = Arrays.copyOfRange(received, i * (200 << 10), (i + 1) * (200 << 10));
        assertThat(digest(part)).as("message %d", i).isEqualTo(digest(messages.get(i)));
      }

      pluginSide.queuedOutputStream().close();
      assertThat(hostSide.inputStream().read()).as("FIN after the queued data").isEqualTo(-1);
      assertThatThrownBy(() -> pluginSide.queuedOutputStream().write(bytes("late")))
          .isInstanceOf(YamuxException.class).hasMessageContaining("stream closed");
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void halfCloseStillLetsTheCloserRead(Transport transport) throws Exception {
    try (SessionPair pair = new SessionPair(transport, tempDir)) {
      YamuxStream hostSide = pair.host.open();
      hostSide.outputStream().write(bytes("request"));
      hostSide.close();
      hostSide.close(); // FIN at most once: a second FIN would be a protocol error for Go
      assertThatThrownBy(() -> hostSide.outputStream().write(1))
          .isInstanceOf(YamuxException.class).hasMessageStartingWith("stream closed");

      YamuxStream pluginSide = pair.plugin.accept();
      assertThat(readAll(pluginSide.inputStream())).isEqualTo(bytes("request"));
      pluginSide.outputStream().write(bytes("reply"));
      pluginSide.close();

      assertThat(readAll(hostSide.inputStream())).as("v0.1.2 reads after local close")
          .isEqualTo(bytes("reply"));
      awaitTrue("both sides removed the stream",
          () -> pair.host.streamCount() == 0 && pair.plugin.streamCount() == 0);
      assertThat(pair.host.isClosed()).isFalse();
      assertThat(pair.plugin.isClosed()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void resetFailsReadsAndWritesOnBothSides(Transport transport) throws Exception {
    try (SessionPair pair = new SessionPair(transport, tempDir)) {
      YamuxStream hostSide = pair.host.open();
      YamuxStream pluginSide = pair.plugin.accept();
      pluginSide.reset();
      assertThatThrownBy(() -> hostSide.inputStream().read())
          .isInstanceOf(YamuxException.class).hasMessageStartingWith("connection reset")
          .matches(e -> !((YamuxException) e).sessionFatal());
      assertThatThrownBy(() -> hostSide.outputStream().write(1))
          .isInstanceOf(YamuxException.class).hasMessageStartingWith("connection reset");
      assertThatThrownBy(() -> pluginSide.inputStream().read())
          .isInstanceOf(YamuxException.class).hasMessageStartingWith("connection reset");
      YamuxStream next = pair.host.open();
      next.outputStream().write(2);
      assertThat(pair.plugin.accept().inputStream().read()).as("session survives").isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void pingsAreAnsweredBothWays(Transport transport) throws Exception {
    try (SessionPair pair = new SessionPair(transport, tempDir)) {
      assertThat(pair.host.ping()).matches(d -> !d.isNegative(), "not negative");
      assertThat(pair.plugin.ping()).matches(d -> !d.isNegative(), "not negative");
      assertThat(pair.host.ping()).matches(d -> !d.isNegative(), "not negative");
      // The recorder notes a frame just after the write returns, so the reply may come first.
      awaitTrue("the host's two ping requests recorded",
          () -> pair.hostWire.countWritten(SessionTest::isPingRequest) == 2);
      awaitTrue("the plugin's two ping replies recorded",
          () -> pair.pluginWire.countWritten(SessionTest::isPingReply) == 2);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void keepaliveRunsInBothDirections(Transport transport) throws Exception {
    YamuxConfig fast = YamuxConfig.defaults().withKeepAlive(Duration.ofMillis(10));
    try (SessionPair pair = new SessionPair(transport, tempDir, fast, fast)) {
      awaitTrue("three keepalive rounds each way", () ->
          pair.hostWire.countWritten(SessionTest::isPingRequest) >= 3
              && pair.pluginWire.countWritten(SessionTest::isPingRequest) >= 3
              && pair.hostWire.countWritten(SessionTest::isPingReply) >= 3
              && pair.pluginWire.countWritten(SessionTest::isPingReply) >= 3);
      assertThat(pair.host.isClosed()).isFalse();
      assertThat(pair.plugin.isClosed()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void goAwayStopsNewStreamsButNotExistingOnes(Transport transport) throws Exception {
    try (SessionPair pair = new SessionPair(transport, tempDir)) {
      YamuxStream existing = pair.host.open();
      YamuxStream existingAtPlugin = pair.plugin.accept();
      pair.plugin.goAway();
      awaitTrue("the host refuses to open streams", () -> {
        try {
          pair.host.open();
          return false; // raced the Go Away; the plugin resets that stream
        } catch (IOException e) {
          return e.getMessage().equals("remote end is not accepting connections");
        }
      });
      existing.outputStream().write(7);
      assertThat(existingAtPlugin.inputStream().read()).isEqualTo(7);
      assertThat(pair.host.isClosed()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void closingOneSessionEndsTheOtherAndWakesEveryWaiter(Transport transport) throws Exception {
    try (SessionPair pair = new SessionPair(transport, tempDir);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      YamuxStream hostSide = pair.host.open();
      YamuxStream pluginSide = pair.plugin.accept();
      Future<Integer> blockedRead = threads.submit(() -> pluginSide.inputStream().read());
      Future<YamuxStream> blockedAccept = threads.submit(pair.plugin::accept);
      Future<Integer> blockedHostRead = threads.submit(() -> hostSide.inputStream().read());

      pair.host.close();

      pair.plugin.closeFuture().get(20, TimeUnit.SECONDS);
      assertThat(pair.plugin.closeCause()).get().extracting(Throwable::getMessage)
          // A TCP peer that closes with unread data resets the connection; the JDK words the
          // reset differently once a virtual thread has used the socket (non-blocking mode).
          .isIn("connection closed by peer", "connection failed: java.io.IOException: "
              + "Connection reset by peer", "connection failed: java.net.SocketException: "
              + "Connection reset");
      for (Future<?> waiter : List.of(blockedRead, blockedAccept, blockedHostRead)) {
        assertThatThrownBy(() -> waiter.get(20, TimeUnit.SECONDS))
            .cause().isInstanceOf(YamuxException.class).hasMessage("session shutdown")
            .matches(e -> ((YamuxException) e).sessionFatal());
      }
      assertThatThrownBy(pair.plugin::open).isInstanceOf(YamuxException.class)
          .hasMessage("session shutdown");
      assertThatThrownBy(() -> pluginSide.outputStream().write(1))
          .isInstanceOf(YamuxException.class).hasMessage("session shutdown");
      assertThatThrownBy(pair.host::ping).isInstanceOf(YamuxException.class);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void writeTimesOutWhileThePeerDoesNotReadAndTheSessionStaysUp(Transport transport)
      throws Exception {
    YamuxConfig impatient =
        YamuxConfig.defaults().withConnectionWriteTimeout(Duration.ofMillis(300));
    try (SessionPair pair =
        new SessionPair(transport, tempDir, impatient, YamuxConfig.defaults())) {
      YamuxStream hostSide = pair.host.open();
      YamuxStream pluginSide = pair.plugin.accept();
      byte[] moreThanAWindow = new byte[YamuxConfig.INITIAL_STREAM_WINDOW + 1];
      assertThatThrownBy(() -> hostSide.outputStream().write(moreThanAWindow))
          .isInstanceOf(YamuxException.class).hasMessage("connection write timeout")
          .matches(e -> !((YamuxException) e).sessionFatal());
      assertThat(pair.host.isClosed()).isFalse();
      assertThat(pair.host.ping()).matches(d -> !d.isNegative(), "not negative");

      assertThat(pluginSide.inputStream().readNBytes(YamuxConfig.INITIAL_STREAM_WINDOW))
          .hasSize(YamuxConfig.INITIAL_STREAM_WINDOW);
      hostSide.outputStream().write(9); // the credit for the consumed window arrived
      assertThat(pluginSide.inputStream().read()).isEqualTo(9);
    }
  }

  // --- helpers ---

  private static void echoEveryStream(YamuxSession session, ExecutorService threads) {
    while (true) {
      YamuxStream stream;
      try {
        stream = session.accept();
      } catch (IOException e) {
        return;
      }
      threads.submit(() -> {
        stream.inputStream().transferTo(stream.outputStream());
        stream.close();
        return null;
      });
    }
  }

  private static byte[] readSlowly(InputStream in, int size) throws Exception {
    byte[] all = new byte[size];
    int done = 0;
    int reads = 0;
    while (done < size) {
      int n = in.read(all, done, Math.min(10_000, size - done));
      assertThat(n).as("no EOF before %d bytes", size).isPositive();
      done += n;
      if (++reads % 8 == 0) {
        Thread.sleep(1); // slow consumer: the writer keeps hitting a closed window
      }
    }
    return all;
  }

  private static byte[] readAll(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  private static int available(InputStream in) {
    try {
      return in.available();
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  private static boolean isWindowCredit(FrameHeader header) {
    return header.type() == FrameHeader.TYPE_WINDOW_UPDATE && header.length() > 0;
  }

  private static boolean isPingRequest(FrameHeader header) {
    return header.type() == FrameHeader.TYPE_PING && header.has(FrameHeader.FLAG_SYN);
  }

  private static boolean isPingReply(FrameHeader header) {
    return header.type() == FrameHeader.TYPE_PING && header.has(FrameHeader.FLAG_ACK);
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static byte[] digest(byte[] bytes) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(bytes);
  }

}
