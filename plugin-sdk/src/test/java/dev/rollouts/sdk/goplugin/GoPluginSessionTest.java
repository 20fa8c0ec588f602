package dev.rollouts.sdk.goplugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouts.sdk.netrpc.RpcClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Java host against the Java plugin server in a real child process. (Go's go-plugin client
 * against the same server is the conformance module's session test.)
 */
class GoPluginSessionTest {
  private static GoPluginClient start(List<HclogLine> stderr) throws IOException {
    return GoPluginClient.builder(SessionFixtures.HANDSHAKE,
            SessionFixtures.javaCommand(EchoPluginMain.class))
        .stderr(stderr::add)
        .start();
  }

  @Test
  void dispensesPingsAndServesConcurrentCallsThenQuitsCleanly() throws Exception {
    List<HclogLine> stderr = new CopyOnWriteArrayList<>();
    GoPluginClient client = start(stderr);
    assertThat(client.handshake().network()).isEqualTo("unix");
    Path socket = Path.of(client.handshake().address());
    assertThat(Files.exists(socket)).isTrue();
    RpcClient plugin = client.dispense("Echo");
    client.ping();

    List<CompletableFuture<Object>> calls = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      calls.add(i % 10 == 0
          ? plugin.callAsync("Plugin.Sleep", 200L - i, Long.class, Long.class)
          : plugin.callAsync("Plugin.Echo", ("call " + i).getBytes(StandardCharsets.UTF_8),
              byte[].class, byte[].class));
    }
    for (int i = 0; i < 100; i++) {
      Object reply = calls.get(i).get(60, TimeUnit.SECONDS);
      if (i % 10 == 0) {
        assertThat(reply).isEqualTo(200L - i);
      } else {
        assertThat(new String((byte[]) reply, StandardCharsets.UTF_8)).isEqualTo("call " + i);
      }
    }
    byte[] big = new byte[1 << 20];
    new java.util.Random(7).nextBytes(big);
    assertThat(plugin.call("Plugin.Echo", big, byte[].class, byte[].class)).isEqualTo(big);

    client.kill();
    assertThat(client.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(client.forciblyKilled()).isFalse();
    assertThat(client.process().exitValue()).isZero();
    assertThat(Files.exists(socket)).isFalse();
    assertThat(stderr).anySatisfy(line -> {
      assertThat(line.level()).isEqualTo(HclogLevel.WARN);
      assertThat(line.message()).isEqualTo("a stray println that must not reach stdout");
    });
  }

  @Test
  void exitsWhenItsHostDisappearsWithoutQuit() throws Exception {
    GoPluginClient client = start(new CopyOnWriteArrayList<>());
    client.dispense("Echo");
    Path socket = Path.of(client.handshake().address());
    client.session().close(); // as if the controller died: the socket just closes
    assertThat(client.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.exists(socket)).isFalse();
  }

  @Test
  void exitsWhenItsParentDiesBeforeConnecting() throws Exception {
    String command = String.join(" ", SessionFixtures.javaCommand(EchoPluginMain.class)
        .stream().map(a -> "'" + a + "'").toList());
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", command + " >/dev/null 2>&1 & echo $!; sleep 1");
    pb.environment().put("ARGO_ROLLOUTS_RPC_PLUGIN", "metricprovider");
    Process parent = pb.start();
    long pid = Long.parseLong(new String(parent.getInputStream().readAllBytes(),
        StandardCharsets.US_ASCII).trim());
    assertThat(parent.waitFor(20, TimeUnit.SECONDS)).isTrue();
    ProcessHandle plugin = ProcessHandle.of(pid).orElse(null);
    if (plugin != null) {
      plugin.onExit().get(30, TimeUnit.SECONDS); // fails with a TimeoutException if orphaned
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void aMessageBeyondTheLimitEndsTheConnectionSoTheHostRestartsThePlugin() throws Exception {
    List<HclogLine> stderr = new CopyOnWriteArrayList<>();
    GoPluginClient client = start(stderr);
    RpcClient plugin = client.dispense("Echo");
    byte[] tooBig = new byte[GoPluginServer.MAX_MESSAGE_SIZE + 1];
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> plugin.call("Plugin.Echo", tooBig, byte[].class, byte[].class))
        .isInstanceOf(IOException.class);
    assertThat(client.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(stderr).anySatisfy(line -> {
      assertThat(line.level()).isEqualTo(HclogLevel.ERROR);
      assertThat(line.message()).startsWith("plugin stream failed, closing the connection");
    });
  }

  @Test
  void anUnknownDispenseNameIsAnErrorWithGoPluginsText() throws Exception {
    GoPluginClient client = start(new CopyOnWriteArrayList<>());
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.dispense("Nope"))
          .hasMessage("unknown plugin type: Nope");
      assertThat(client.dispense("Echo")).isNotNull();
    } finally {
      client.kill();
    }
  }

  @Test
  void runByHandItExplainsItselfAndExitsNonZero() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(SessionFixtures.javaCommand(EchoPluginMain.class));
    pb.environment().remove("ARGO_ROLLOUTS_RPC_PLUGIN");
    Process p = pb.start();
    p.getOutputStream().close();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(err).contains(GoPluginServer.NOT_A_HOST_MESSAGE);
    assertThat(out).isEmpty();
  }

  @Test
  void listensOnTcpInTheHostsPortRangeWhenAsked() throws IOException {
    PluginListener tcp = PluginListener.tcp(new PluginEnvironment(
        Map.of(PluginEnvironment.MIN_PORT, "10000", PluginEnvironment.MAX_PORT, "25000")));
    try {
      assertThat(tcp.network()).isEqualTo("tcp");
      int port = Integer.parseInt(tcp.address().substring(tcp.address().indexOf(':') + 1));
      assertThat(port).isBetween(10000, 25000);
      assertThat(tcp.address()).startsWith("127.0.0.1:");
    } finally {
      tcp.close();
    }
  }

  @Test
  void aSocketDirectoryFromTheEnvironmentIsHonoured(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException {
    PluginListener unix = PluginListener.unix(new PluginEnvironment(
        Map.of(PluginEnvironment.UNIX_SOCKET_DIR, dir.toString())));
    Path socket = Path.of(unix.address());
    assertThat(socket).startsWith(dir);
    assertThat(Files.getPosixFilePermissions(socket.getParent()))
        .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
            java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
    unix.close();
    assertThat(Files.exists(socket.getParent())).isFalse();
  }
}
