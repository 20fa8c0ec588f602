package dev.rollouts.sdk.netrpc;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.rollouts.sdk.gob.GobEncoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Arbitrary bytes as the request side of a net/rpc stream: the server must answer or stop with
 * an {@link IOException} (a gob error or the end of the stream), never with any other exception,
 * and never hang. Seeds: a well-formed call, an unknown method, and a header with the wrong
 * field type.
 */
class RequestHeaderFuzzTest {
  private static final RpcServer SERVER = new RpcServer(List.of(RpcService.builder("Plugin")
      .method("Echo", byte[].class, byte[].class, (CallContext c, byte[] a) -> a)
      .method("Upper", String.class, String.class, (CallContext c, String a) -> a.toUpperCase())
      .build()));

  @FuzzTest(maxDuration = "30s")
  void serverSurvivesAnyRequestBytes(byte[] input) {
    serve(input);
  }

  private static void serve(byte[] input) {
    ByteArrayOutputStream replies = new ByteArrayOutputStream();
    try {
      SERVER.serve(new ByteArrayInputStream(input), replies);
    } catch (IOException expected) {
      // a malformed stream ends the connection, as in Go's server
    }
  }

  @Test
  void aWellFormedCallFollowedByGarbageIsAnsweredThenRejected() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    GobEncoder enc = new GobEncoder(bytes);
    enc.encode(new Request("Plugin.Upper", 1), Request.class);
    enc.encode("abc", String.class);
    bytes.write(new byte[] {0x05, (byte) 0xff, (byte) 0x82, 0x01, 0x7f, 0x00});
    ByteArrayOutputStream replies = new ByteArrayOutputStream();
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
        SERVER.serve(new ByteArrayInputStream(bytes.toByteArray()), replies))
        .isInstanceOf(IOException.class);
    org.assertj.core.api.Assertions.assertThat(replies.toString(java.nio.charset.StandardCharsets.ISO_8859_1))
        .contains("ABC");
  }
}
