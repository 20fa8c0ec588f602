package dev.rollouts.sdk.goplugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouts.sdk.gob.EmptyStruct;
import dev.rollouts.sdk.netrpc.CallContext;
import dev.rollouts.sdk.netrpc.RpcClient;
import dev.rollouts.sdk.netrpc.RpcService;
import dev.rollouts.sdk.yamux.YamuxConfig;
import dev.rollouts.sdk.yamux.YamuxSession;
import dev.rollouts.sdk.yamux.YamuxStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SidecarServer} driven by a launcher and a host written here in Java (the real static
 * launcher and go-plugin are conformance/distcheck's): the control protocol, a host session per
 * launcher, and who closes what when either side ends.
 */
class SidecarServerTest {
  private static final Duration LIVENESS = Duration.ofSeconds(20);

  Path dir;
  SidecarServer sidecar;
  Thread serving;

  @BeforeEach
  void start() throws Exception {
    dir = Files.createTempDirectory(Path.of("/tmp"), "sc"); // short: unix socket paths <= 107
    GoPluginServer server = GoPluginServer.builder(SessionFixtures.HANDSHAKE)
        .plugin("Echo", () -> RpcService.builder(GoPluginServer.PLUGIN_SERVICE)
            .method("Echo", byte[].class, byte[].class, (CallContext c, byte[] a) -> a).build())
        .persistent(true)
        .build();
    sidecar = new SidecarServer(dir, Map.of("metricprovider", server));
    serving = Thread.ofPlatform().start(sidecar::serve);
    waitFor(() -> Files.exists(dir.resolve(SidecarServer.CONTROL_SOCKET)));
  }

  @AfterEach
  void stop() throws Exception {
    sidecar.shutdown();
    serving.join(LIVENESS.toMillis());
    assertThat(Files.exists(dir.resolve(SidecarServer.CONTROL_SOCKET))).isFalse();
    Files.deleteIfExists(dir);
  }

  interface Condition {
    boolean holds() throws Exception;
  }

  private static void waitFor(Condition c) throws Exception {
    Instant deadline = Instant.now().plus(LIVENESS);
    while (!c.holds()) {
      assertThat(Instant.now()).as("waited %s", LIVENESS).isBefore(deadline);
      Thread.sleep(20);
    }
  }

  /** What a launcher does up to the handshake: returns the control connection and the reply. */
  private record Launcher(SocketChannel control, String reply) {
    Path socket(Path dir) {
      return dir.resolve(reply.split(" ")[2]);
    }
  }

  private Launcher launch(String cookie) throws IOException {
    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    ch.connect(UnixDomainSocketAddress.of(dir.resolve(SidecarServer.CONTROL_SOCKET)));
    ch.write(ByteBuffer.wrap((SidecarServer.HELLO + " " + cookie + "\n")
        .getBytes(StandardCharsets.UTF_8)));
    InputStream in = Channels.newInputStream(ch);
    StringBuilder line = new StringBuilder();
    for (int b; (b = in.read()) != '\n'; ) {
      assertThat(b).as("reply ended early: " + line).isNotNegative();
      line.append((char) b);
    }
    return new Launcher(ch, line.toString());
  }

  /** A host's session on a launcher's socket, set up as go-plugin's client does. */
  private record Host(YamuxSession session, RpcClient control) {
    static Host connect(Path socket) throws IOException {
      SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      ch.connect(UnixDomainSocketAddress.of(socket));
      YamuxSession session = YamuxSession.client(ch, YamuxConfig.defaults());
      YamuxStream control = session.open();
      session.open(); // stdout
      session.open(); // stderr
      RpcClient rpc = new RpcClient(control.inputStream(), control.outputStream());
      rpc.call("Control.Ping", Boolean.TRUE, Boolean.class, EmptyStruct.class);
      return new Host(session, rpc);
    }
  }

  /** True once the sidecar has closed the launcher's control connection. */
  private static boolean closedBySidecar(SocketChannel control) throws IOException {
    return control.read(ByteBuffer.allocate(1)) < 0;
  }

  @Test
  void servesSuccessiveHostsAndEndsEachLauncherWithItsSession() throws Exception {
    for (int i = 0; i < 2; i++) {
      Launcher l = launch("metricprovider");
      assertThat(l.reply()).matches("ok 1 plugin\\d+/s");
      Host host = Host.connect(l.socket(dir));
      host.control().call("Control.Quit", Boolean.TRUE, Boolean.class, EmptyStruct.class);
      // the listener is gone as soon as its one host connected
      assertThat(Files.exists(l.socket(dir))).isFalse();
      host.session().close(); // what go-plugin's Kill does after Quit
      waitFor(() -> closedBySidecar(l.control()));
      l.control().close();
    }
  }

  @Test
  void aLauncherThatGoesAwayTakesItsListenerAndSessionWithIt() throws Exception {
    Launcher early = launch("metricprovider");
    Path socket = early.socket(dir);
    assertThat(Files.exists(socket)).isTrue();
    early.control().close(); // killed before the host connected
    waitFor(() -> !Files.exists(socket));

    Launcher l = launch("metricprovider");
    Host host = Host.connect(l.socket(dir));
    l.control().close(); // killed while its host is connected
    waitFor(host.session()::isClosed);
  }

  @Test
  void refusesKindsItDoesNotServeAndMalformedGreetings() throws Exception {
    assertThat(launch("step").reply()).isEqualTo("cookie");
    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    ch.connect(UnixDomainSocketAddress.of(dir.resolve(SidecarServer.CONTROL_SOCKET)));
    ch.write(ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.UTF_8)));
    String reply = new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
    assertThat(reply).isEqualTo("error expected \"rollouts-sidecar/1 <cookie>\"\n");
  }
}
