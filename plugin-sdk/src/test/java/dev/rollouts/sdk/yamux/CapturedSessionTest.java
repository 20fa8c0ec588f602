package dev.rollouts.sdk.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays the host's side of the captured go-plugin session ({@code spec/test-vectors.md} §1)
 * into our server session over a real unix socket and checks that it answers with exactly the
 * plugin's bytes, in the same order.
 */
@Timeout(60)
class CapturedSessionTest {

  @TempDir Path tempDir;

  @Test
  void serverAnswersTheCapturedHostFrameForFrame() throws Exception {
    try (Transport.Connection connection = Transport.UNIX.connect(tempDir);
        RawPeer host = new RawPeer(connection.host());
        YamuxSession plugin = YamuxSession.server(connection.plugin(), YamuxConfig.defaults())) {

      host.send(CapturedSession.HOST_FIRST_FOUR_FRAMES);                      // frames 0-3
      YamuxStream control = plugin.accept();
      YamuxStream stdout = plugin.accept();
      YamuxStream stderr = plugin.accept();
      assertThat(new int[] {control.id(), stdout.id(), stderr.id()}).containsExactly(1, 3, 5);
      assertThat(control.inputStream().readNBytes(99)).isEqualTo(CapturedSession.DISPENSE_REQUEST);
      control.outputStream().write(CapturedSession.DISPENSE_RESPONSE);

      assertThat(Hex.of(host.receive(36 + CapturedSession.PLUGIN_DISPENSE_DATA.length)))
          .as("frames 4-7")
          .isEqualTo(Hex.of(Hex.concat(CapturedSession.PLUGIN_ACKS_CONTROL_STDOUT_STDERR,
              CapturedSession.PLUGIN_DISPENSE_DATA)));

      host.send(CapturedSession.HOST_DIALS_BROKER);                          // frames 8-9
      YamuxStream broker = plugin.accept();
      assertThat(broker.id()).isEqualTo(7);
      byte[] brokerId = broker.inputStream().readNBytes(4);
      broker.outputStream().write(brokerId);
      assertThat(Hex.of(host.receive(CapturedSession.PLUGIN_ACCEPTS_BROKER.length)))
          .as("frames 10-11")
          .isEqualTo(Hex.of(CapturedSession.PLUGIN_ACCEPTS_BROKER));

      host.send(CapturedSession.HOST_CLOSES_CONTROL_STDOUT_STDERR);          // frames 26-28
      assertThat(control.inputStream().read()).as("EOF after the host's FIN").isEqualTo(-1);
      assertThat(stdout.inputStream().read()).isEqualTo(-1);
      assertThat(stderr.inputStream().read()).isEqualTo(-1);
      connection.host().close();

      plugin.closeFuture().get(10, TimeUnit.SECONDS);
      assertThat(plugin.closeCause()).get()
          .extracting(Throwable::getMessage).isEqualTo("connection closed by peer");
      assertThat(host.awaitEof()).as("nothing after frame 11").isEmpty();
    }
  }
}
