package dev.rollouts.sdk.gob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouts.sdk.gob.GobTestSupport.RecordingOutput;
import dev.rollouts.sdk.gob.TestTypes.DemoArgs;
import dev.rollouts.sdk.gob.TestTypes.Measurement;
import dev.rollouts.sdk.gob.TestTypes.Request;
import dev.rollouts.sdk.gob.TestTypes.Response;
import dev.rollouts.sdk.gob.TestTypes.RpcError;
import dev.rollouts.sdk.gob.TestTypes.Small;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sequences of values on one stream, as net/rpc produces them: type definitions are sent once
 * and every later value relies on them, in any mix of record, tree and interface encodings.
 */
class GobStoriesTest {

  @Test
  void aPluginStreamSendsEachDefinitionOnceOverManyCalls() throws IOException {
    RecordingOutput out = new RecordingOutput();
    GobEncoder encoder = new GobEncoder(out, TestTypes.DEMO_OPTIONS);
    int[] sizes = new int[6];
    for (int seq = 0; seq < 6; seq++) {
      encoder.encode(new Request("Plugin.Demo", seq));
      encoder.encode(new DemoArgs(new Small("s" + seq, seq), seq), Object.class);
      sizes[seq] = out.bytes.size();
    }
    // the first call carries the definitions; every later call costs the same
    int first = sizes[0];
    int later = sizes[2] - sizes[1];
    assertThat(first).isGreaterThan(later * 3);
    assertThat(sizes[5] - sizes[4]).isEqualTo(later);
    GobVectorsTest.decodeEveryWay(out.take(), TestTypes.DEMO_OPTIONS, decoder -> {
      for (int seq = 0; seq < 6; seq++) {
        assertThat(decoder.decode(Request.class)).isEqualTo(new Request("Plugin.Demo", seq));
        assertThat(decoder.decode(Object.class))
            .isEqualTo(new DemoArgs(new Small("s" + seq, seq), seq));
      }
    });
  }

  @Test
  void aReplyStreamMixesRecordsTreesAndErrorBodies() throws IOException {
    Measurement measurement = new Measurement("Successful", "ok",
        Instant.parse("2024-05-06T07:08:09Z"), null, "1", Map.of("k", "v"), null);
    RecordingOutput out = new RecordingOutput();
    GobEncoder encoder = new GobEncoder(out);
    encoder.encode(new Response("Plugin.Run", 0, ""));
    encoder.encode(measurement);
    encoder.encode(new Response("Plugin.Foo", 1, "rpc: can't find method Plugin.Foo"));
    encoder.encode(EmptyStruct.INSTANCE);
    encoder.encode(new Response("Plugin.Run", 2, ""));
    encoder.encode(measurement);
    byte[] stream = out.take();

    // a tree decoded from the stream re-encodes on the same encoder without new definitions
    GobDecoder trees = new GobDecoder(new java.io.ByteArrayInputStream(stream));
    trees.skipValue();
    GobValue tree = trees.decodeValue();
    encoder.encode(new Response("Plugin.Run", 3, ""));
    int before = out.bytes.size();
    encoder.encode(tree);
    byte[] treeMessage = java.util.Arrays.copyOfRange(out.bytes.toByteArray(), before,
        out.bytes.size());
    byte[] tail = out.take();

    GobVectorsTest.decodeEveryWay(GobTestSupport.concat(stream, tail), decoder -> {
      assertThat(decoder.decode(Response.class).seq()).isZero();
      assertThat(decoder.decode(Measurement.class)).isEqualTo(measurement);
      assertThat(decoder.decode(Response.class).error()).startsWith("rpc: can't find method");
      decoder.skipValue();
      assertThat(decoder.decode(Response.class).seq()).isEqualTo(2);
      assertThat(decoder.decodeValue()).isEqualTo(tree);
      assertThat(decoder.decode(Response.class).seq()).isEqualTo(3);
      assertThat(decoder.decode(Measurement.class)).isEqualTo(measurement);
    });
    // ids: Response 65, then Measurement 66 (before its parts); the tree brings no definition
    assertThat(GobTestSupport.toHex(treeMessage)).startsWith(
        GobTestSupport.toHex(new byte[] {(byte) (treeMessage.length - 1), (byte) 0xff, (byte) 0x84}));
  }

  @Test
  void aDecoderKeepsDefinitionsAcrossUnrelatedValuesAndSkips() throws IOException {
    record Pod(String name, List<String> containers, Map<String, String> labels) {}
    RecordingOutput out = new RecordingOutput();
    GobEncoder encoder = new GobEncoder(out);
    Pod pod = new Pod("p", List.of("a", "b"), Map.of("app", "x"));
    encoder.encode(pod);
    encoder.encode(new RpcError("e"));
    encoder.encode(List.of("x"), GoTypes.listOf(String.class));
    encoder.encode(pod);
    encoder.encode(new RpcError("f"));
    GobVectorsTest.decodeEveryWay(out.take(), decoder -> {
      decoder.skipValue();
      decoder.skipValue();
      assertThat(decoder.decode(GoTypes.listOf(String.class))).isEqualTo(List.of("x"));
      assertThat(decoder.decode(Pod.class)).isEqualTo(pod);
      assertThat(decoder.decode(RpcError.class)).isEqualTo(new RpcError("f"));
    });
  }
}
