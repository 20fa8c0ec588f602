package dev.rollouts.sdk.netrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollouts.sdk.gob.EmptyStruct;
import dev.rollouts.sdk.gob.GobDecoder;
import dev.rollouts.sdk.gob.GobEncoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RpcServerClientTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private RpcClient client;
  private Thread serverThread;
  private OutputStream clientOut;

  private RpcService service() {
    return RpcService.builder("Plugin")
        .method("Echo", byte[].class, byte[].class, (CallContext c, byte[] a) -> a)
        .method("Upper", String.class, String.class, (CallContext c, String a) -> a.toUpperCase())
        .method("Blocked", String.class, String.class, (CallContext c, String a) -> {
          release.await();
          return "released " + a;
        })
        .method("Boom", String.class, String.class, (CallContext c, String a) -> {
          throw new IllegalStateException("backend down: " + a);
        })
        .build();
  }

  @BeforeEach
  void start() throws IOException {
    Pipe toServer = Pipe.open();
    Pipe toClient = Pipe.open();
    InputStream serverIn = Channels.newInputStream(toServer.source());
    OutputStream serverOut = Channels.newOutputStream(toClient.sink());
    RpcServer server = new RpcServer(List.of(service()));
    serverThread = Thread.ofPlatform().daemon().start(() -> {
      try {
        server.serve(serverIn, serverOut);
      } catch (IOException e) {
        // the test closed the pipe
      }
    });
    clientOut = Channels.newOutputStream(toServer.sink());
    client = new RpcClient(Channels.newInputStream(toClient.source()), clientOut);
  }

  @AfterEach
  void stop() throws IOException {
    release.countDown();
    client.close();
  }

  @Test
  void callsReturnTheHandlersReply() throws IOException {
    assertThat(client.call("Plugin.Upper", "abc", String.class, String.class)).isEqualTo("ABC");
    assertThat(client.call("Plugin.Upper", "again", String.class, String.class)).isEqualTo("AGAIN");
  }

  @Test
  void aMebibyteTravelsBothWays() throws IOException {
    byte[] big = new byte[1 << 20];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    assertThat(client.call("Plugin.Echo", big, byte[].class, byte[].class)).isEqualTo(big);
  }

  @Test
  void unknownServiceMethodAndIllFormedNamesGetGosTexts() throws IOException {
    assertThatThrownBy(() -> client.call("Nope.Echo", "x", String.class, String.class))
        .isInstanceOf(RpcException.class).hasMessage("rpc: can't find service Nope.Echo");
    assertThatThrownBy(() -> client.call("Plugin.Nope", "x", String.class, String.class))
        .isInstanceOf(RpcException.class).hasMessage("rpc: can't find method Plugin.Nope");
    assertThatThrownBy(() -> client.call("NoDot", "x", String.class, String.class))
        .isInstanceOf(RpcException.class)
        .hasMessage("rpc: service/method request ill-formed: NoDot");
    // every error reply carried a body, so the stream is still in step:
    assertThat(client.call("Plugin.Upper", "ok", String.class, String.class)).isEqualTo("OK");
  }

  @Test
  void aThrowingHandlerBecomesAServerErrorAndTheClientKeepsWorking() throws IOException {
    assertThatThrownBy(() -> client.call("Plugin.Boom", "db", String.class, String.class))
        .isInstanceOfSatisfying(RpcException.class, e -> {
          assertThat(e.isServerError()).isTrue();
          assertThat(e).hasMessage("backend down: db");
        });
    assertThat(client.call("Plugin.Upper", "still", String.class, String.class)).isEqualTo("STILL");
  }

  @Test
  void aSlowCallDoesNotHoldUpFastOnes() throws Exception {
    CompletableFuture<Object> slow =
        client.callAsync("Plugin.Blocked", "slow", String.class, String.class);
    List<CompletableFuture<Object>> fast = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      fast.add(client.callAsync("Plugin.Upper", "f" + i, String.class, String.class));
    }
    for (int i = 0; i < 50; i++) {
      assertThat(fast.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("F" + i);
    }
    assertThat(slow).isNotDone();
    release.countDown();
    assertThat(slow.get(30, TimeUnit.SECONDS)).isEqualTo("released slow");
  }

  @Test
  void anArgumentOfTheWrongTypeIsAnErrorReplyNotADeadStream() throws IOException {
    assertThatThrownBy(() -> client.call("Plugin.Upper", 42L, Long.class, String.class))
        .isInstanceOf(RpcException.class);
    assertThat(client.call("Plugin.Upper", "fine", String.class, String.class)).isEqualTo("FINE");
  }

  @Test
  void theEndOfTheStreamShutsTheClientDown() throws Exception {
    CompletableFuture<Object> pending =
        client.callAsync("Plugin.Blocked", "x", String.class, String.class);
    clientOut.close(); // the server sees EOF and, once the call returns, ends
    release.countDown();
    assertThat(pending.get(30, TimeUnit.SECONDS)).isEqualTo("released x");
    serverThread.join(30_000);
    assertThat(serverThread.isAlive()).isFalse();
  }

  /** spec/test-vectors.md §3 H: the reply to an unknown method, with its empty-struct body. */
  @Test
  void anErrorReplyIsHeaderThenEmptyStructOnTheWire() throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    GobEncoder enc = new GobEncoder(request);
    enc.encode(new Request("Plugin.Missing", 6), Request.class);
    enc.encode("x", String.class);
    ByteArrayOutputStream reply = new ByteArrayOutputStream();
    new RpcServer(List.of(service()))
        .serve(new ByteArrayInputStream(request.toByteArray()), reply);
    GobDecoder dec = new GobDecoder(new ByteArrayInputStream(reply.toByteArray()));
    Response header = dec.decode(Response.class);
    assertThat(header).isEqualTo(new Response("Plugin.Missing", 6,
        "rpc: can't find method Plugin.Missing"));
    assertThat(dec.decode(EmptyStruct.class)).isEqualTo(EmptyStruct.INSTANCE);
    String hex = HexFormat.of().formatHex(reply.toByteArray());
    assertThat(hex).contains(HexFormat.of().formatHex(
        "rpc: can't find method Plugin.Missing".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
  }
}
