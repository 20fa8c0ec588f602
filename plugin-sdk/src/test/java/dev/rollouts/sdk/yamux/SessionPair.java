package dev.rollouts.sdk.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** A Java client (host) session and a Java server (plugin) session on one real connection. */
final class SessionPair implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(20);

  final Transport.Connection connection;
  final RecordingChannel hostWire;
  final RecordingChannel pluginWire;
  final YamuxSession host;
  final YamuxSession plugin;

  SessionPair(Transport transport, Path tempDir, YamuxConfig hostConfig, YamuxConfig pluginConfig)
      throws IOException {
    connection = transport.connect(tempDir);
    hostWire = new RecordingChannel(connection.host());
    pluginWire = new RecordingChannel(connection.plugin());
    host = YamuxSession.client(hostWire, hostConfig);
    plugin = YamuxSession.server(pluginWire, pluginConfig);
  }

  SessionPair(Transport transport, Path tempDir) throws IOException {
    this(transport, tempDir, YamuxConfig.defaults(), YamuxConfig.defaults());
  }

  /** Polls a condition until it holds, failing after {@link #WAIT}; never a timing verdict. */
  static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("%s within %s", what, WAIT).isNegative();
      Thread.sleep(5);
    }
  }

  @Override
  public void close() throws IOException {
    host.close();
    plugin.close();
    connection.close();
  }
}
