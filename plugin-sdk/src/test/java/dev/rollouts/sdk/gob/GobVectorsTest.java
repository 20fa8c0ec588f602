package dev.rollouts.sdk.gob;

import static dev.rollouts.sdk.gob.GobTestSupport.CHUNKS;
import static dev.rollouts.sdk.gob.GobTestSupport.assertFullyConsumed;
import static dev.rollouts.sdk.gob.GobTestSupport.chunked;
import static dev.rollouts.sdk.gob.GobTestSupport.concat;
import static dev.rollouts.sdk.gob.GobTestSupport.hex;
import static dev.rollouts.sdk.gob.GobTestSupport.toHex;
import static dev.rollouts.sdk.gob.SpecVectors.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouts.sdk.gob.GobTestSupport.ChunkedInput;
import dev.rollouts.sdk.gob.GobTestSupport.RecordingOutput;
import dev.rollouts.sdk.gob.TestTypes.DemoArgs;
import dev.rollouts.sdk.gob.TestTypes.Measurement;
import dev.rollouts.sdk.gob.TestTypes.Point;
import dev.rollouts.sdk.gob.TestTypes.RawJson;
import dev.rollouts.sdk.gob.TestTypes.Request;
import dev.rollouts.sdk.gob.TestTypes.Response;
import dev.rollouts.sdk.gob.TestTypes.RpcError;
import dev.rollouts.sdk.gob.TestTypes.RpcStepResult;
import dev.rollouts.sdk.gob.TestTypes.Small;
import dev.rollouts.sdk.gob.TestTypes.StepResponse;
import dev.rollouts.sdk.gob.TestTypes.VerifyWeightResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every vector of spec/test-vectors.md and the examples of gob.md: decoded with every input
 * chunking (value, full consumption, no over-read), and encoded byte for byte where our choices
 * (ids in order of first use, outer type first) make the bytes deterministic.
 */
class GobVectorsTest {

  @FunctionalInterface
  interface Reads {
    void check(GobDecoder decoder) throws IOException;
  }

  @FunctionalInterface
  interface Writes {
    void write(GobEncoder encoder) throws IOException;
  }

  /** Runs {@code reads} over the stream for every chunk size, then checks consumption. */
  static void decodeEveryWay(byte[] stream, GobOptions options, Reads reads) throws IOException {
    for (int chunk : CHUNKS) {
      ChunkedInput in = chunked(stream, chunk);
      reads.check(new GobDecoder(in, options));
      assertFullyConsumed(in);
    }
  }

  static void decodeEveryWay(byte[] stream, Reads reads) throws IOException {
    decodeEveryWay(stream, GobOptions.defaults(), reads);
  }

  /** What {@code writes} produces on a fresh stream; also checks one write per encode call. */
  static byte[] encoded(GobOptions options, int values, Writes writes) throws IOException {
    RecordingOutput out = new RecordingOutput();
    writes.write(new GobEncoder(out, options));
    assertThat(out.writes).as("out.write calls").isEqualTo(values);
    return out.take();
  }

  static void assertBytes(byte[] actual, byte[] expected) {
    assertThat(toHex(actual)).isEqualTo(toHex(expected));
  }

  // ---- gob.md §2: single-value messages ----------------------------------------------------

  @Test
  void readsAndWritesThePredefinedSingletons() throws IOException {
    decodeEveryWay(hex("""
        03 04 00 06   05 06 00 fe 01 00   03 02 00 01   05 08 00 fe 31 40   06 0c 00 03 61 62 63
        05 0a 00 02 01 02   0a 0a 00 07 7b 22 61 22 3a 31 7d   08 04 00 fb 0d f8 47 58 00
        03 10 00 00"""), decoder -> {
          assertThat(decoder.decode(long.class)).isEqualTo(3L);
          assertThat(decoder.decode(GobValue.Uint.class)).isEqualTo(new GobValue.Uint(256));
          assertThat(decoder.decode(boolean.class)).isTrue();
          assertThat(decoder.decode(double.class)).isEqualTo(17.0);
          assertThat(decoder.decode(String.class)).isEqualTo("abc");
          assertThat(decoder.decode(byte[].class)).containsExactly(1, 2);
          assertThat(decoder.decode(RawJson.class)).isEqualTo(new RawJson("{\"a\":1}"));
          assertThat(decoder.decode(Long.class)).isEqualTo(30_000_000_000L);
          assertThat(decoder.decode(Object.class)).isNull();
        });
    byte[] written = encoded(GobOptions.defaults(), 9, encoder -> {
      encoder.encode(3L);
      encoder.encode(new GobValue.Uint(256));
      encoder.encode(true);
      encoder.encode(17.0);
      encoder.encode("abc");
      encoder.encode(new byte[] {1, 2});
      encoder.encode(new RawJson("{\"a\":1}"));
      encoder.encode(30_000_000_000L);
      encoder.encode(null, Object.class);
    });
    assertBytes(written, hex("""
        03 04 00 06   05 06 00 fe 01 00   03 02 00 01   05 08 00 fe 31 40   06 0c 00 03 61 62 63
        05 0a 00 02 01 02   0a 0a 00 07 7b 22 61 22 3a 31 7d   08 04 00 fb 0d f8 47 58 00
        03 10 00 00"""));
  }

  // ---- gob.md §4 and §5 examples -------------------------------------------------------------

  private static final byte[] POINT = hex("""
      1f ff 81 03 01 01 05 50 6f 69 6e 74 01 ff 82 00 01 02
      01 01 58 01 04 00 01 01 59 01 04 00 00 00
      07 ff 82 01 2c 01 42 00""");

  @Test
  void readsAndWritesGosPointExample() throws IOException {
    decodeEveryWay(POINT, decoder ->
        assertThat(decoder.decode(Point.class)).isEqualTo(new Point(22, 33)));
    assertBytes(encoded(GobOptions.defaults(), 1, e -> e.encode(new Point(22, 33))), POINT);
  }

  @Test
  void readsUnnamedMapSliceArrayAndEmptyStructDefinitions() throws IOException {
    byte[] stream = hex("""
        0e ff 89 04 01 02 ff 8a 00 01 0c 01 0c 00 00    08 ff 8a 00 01 01 61 01 62
        0c ff 83 02 01 02 ff 84 00 01 0c 00 00          07 ff 84 00 02 01 61 00
        0e ff 81 01 01 02 ff 82 00 01 04 01 04 00 00    06 ff 82 00 02 02 04
        0a ff 85 03 01 02 ff 86 00 00 00                03 ff 86 00""");
    decodeEveryWay(stream, decoder -> {
      assertThat(decoder.decode(GoTypes.mapOf(String.class, String.class)))
          .isEqualTo(Map.of("a", "b"));
      assertThat(decoder.decode(GoTypes.listOf(String.class))).isEqualTo(List.of("a", ""));
      assertThat(decoder.decode(GoTypes.listOf(Integer.class))).isEqualTo(List.of(1, 2));
      assertThat(decoder.decode(EmptyStruct.class)).isEqualTo(EmptyStruct.INSTANCE);
    });
  }

  @Test
  void readsAndWritesTheRpcErrorReplyBody() throws IOException {
    byte[] stream = concat(RPC_ERROR_TYPEDEF, hex("06 ff 84 01 01 78 00   03 ff 84 00"));
    decodeEveryWay(stream, decoder -> {
      assertThat(decoder.decode(RpcError.class)).isEqualTo(new RpcError("x"));
      assertThat(decoder.decode(RpcError.class)).isEqualTo(new RpcError(""));
    });
    // Our first id is 65 where Go's was 66, so compare after shifting the vector's ids.
    byte[] ours = encoded(GobOptions.defaults(), 2, encoder -> {
      encoder.encode(new RpcError("x"));
      encoder.encode(new RpcError(""));
    });
    assertBytes(ours, hex("""
        26 ff 81 03 01 01 08 'RpcError' 01 ff 82 00 01 01 01 0b 'ErrorString' 01 0c 00 00 00
        06 ff 82 01 01 78 00   03 ff 82 00"""));
  }

  @Test
  void readsTheTimeGobEncoderDefinitionAndValue() throws IOException {
    byte[] stream = hex("""
        10 ff 83 05 01 01 04 54 69 6d 65 01 ff 84 00 00 00
        13 ff 84 00 0f 01 00 00 00 0e dd 25 74 25 00 00 00 06 ff ff""");
    decodeEveryWay(stream, decoder -> assertThat(decoder.decode(Instant.class))
        .isEqualTo(Instant.parse("2024-01-02T03:04:05.000000006Z")));
  }

  // ---- test-vectors.md §1: the captured session --------------------------------------------

  @Test
  void readsTheControlStreamFromTheHost() throws IOException {
    decodeEveryWay(CONTROL_HOST_TO_PLUGIN, decoder -> {
      assertThat(decoder.decode(Request.class)).isEqualTo(new Request("Dispenser.Dispense", 0));
      assertThat(decoder.decode(String.class)).isEqualTo("RpcMetricProviderPlugin");
      assertThat(decoder.decode(Request.class)).isEqualTo(new Request("Control.Ping", 1));
      assertThat(decoder.decode(boolean.class)).isTrue();
      assertThat(decoder.decode(Request.class)).isEqualTo(new Request("Control.Quit", 2));
      assertThat(decoder.decode(Boolean.class)).isTrue();
    });
  }

  @Test
  void writesTheControlStreamLikeTheGoHost() throws IOException {
    byte[] ours = encoded(GobOptions.defaults(), 6, encoder -> {
      encoder.encode(new Request("Dispenser.Dispense", 0));
      encoder.encode("RpcMetricProviderPlugin");
      encoder.encode(new Request("Control.Ping", 1));
      encoder.encode(true);
      encoder.encode(new Request("Control.Quit", 2));
      encoder.encode(true);
    });
    assertBytes(ours, CONTROL_HOST_TO_PLUGIN);
  }

  @Test
  void readsTheControlStreamFromTheGoPlugin() throws IOException {
    decodeEveryWay(CONTROL_PLUGIN_TO_HOST, decoder -> {
      assertThat(decoder.decode(Response.class))
          .isEqualTo(new Response("Dispenser.Dispense", 0, ""));
      assertThat(decoder.decode(GobValue.Uint.class)).isEqualTo(new GobValue.Uint(1));
      assertThat(decoder.decode(Response.class)).isEqualTo(new Response("Control.Ping", 1, ""));
      assertThat(decoder.decode(EmptyStruct.class)).isEqualTo(EmptyStruct.INSTANCE);
      assertThat(decoder.decode(Response.class)).isEqualTo(new Response("Control.Quit", 2, ""));
      decoder.skipValue();
    });
  }

  @Test
  void readsThePluginStreamFromTheHostIncludingInterfaceArguments() throws IOException {
    decodeEveryWay(PLUGIN_HOST_TO_PLUGIN, TestTypes.DEMO_OPTIONS, decoder -> {
      assertThat(decoder.decode(Request.class)).isEqualTo(new Request("Plugin.InitPlugin", 0));
      assertThat(decoder.decode(Object.class)).isNull();
      assertThat(decoder.decode(Request.class)).isEqualTo(new Request("Plugin.Type", 1));
      assertThat(decoder.decode(Object.class)).isNull();
      assertThat(decoder.decode(Request.class)).isEqualTo(new Request("Plugin.Demo", 2));
      assertThat(decoder.decode(Object.class)).isEqualTo(new DemoArgs(new Small("n", 5), 2));
      assertThat(decoder.decode(Request.class)).isEqualTo(new Request("Plugin.Demo", 3));
      assertThat(decoder.decode(Object.class)).isEqualTo(new DemoArgs(new Small("m", 6), 3));
    });
  }

  @Test
  void readsAnUnregisteredInterfaceAsAGenericValue() throws IOException {
    decodeEveryWay(PLUGIN_HOST_TO_PLUGIN, decoder -> {
      decoder.skipValue();
      decoder.skipValue();
      decoder.skipValue();
      decoder.skipValue();
      decoder.skipValue();
      GobInterface args = (GobInterface) decoder.decode(Object.class);
      assertThat(args.name()).isEqualTo("DemoArgs");
      GobValue.Struct demo = (GobValue.Struct) args.value();
      assertThat(demo.type().name()).isEqualTo("DemoArgs");
      assertThat(demo.fields().get("Limit")).isEqualTo(new GobValue.Int(2));
      GobValue.Struct small = (GobValue.Struct) demo.fields().get("S");
      assertThat(small.fields())
          .containsEntry("Name", GobValue.Str.of("n"))
          .containsEntry("N", new GobValue.Int(5));
      decoder.skipValue();
      assertThat(decoder.decodeValue()).isInstanceOf(GobValue.Interface.class);
    });
  }

  @Test
  void writesInterfaceArgumentsExactlyLikeGo() throws IOException {
    byte[] ours = encoded(TestTypes.DEMO_OPTIONS, 8, encoder -> {
      encoder.encode(new Request("Plugin.InitPlugin", 0));
      encoder.encode(null, Object.class);
      encoder.encode(new Request("Plugin.Type", 1));
      encoder.encode(null, Object.class);
      encoder.encode(new Request("Plugin.Demo", 2));
      encoder.encode(new DemoArgs(new Small("n", 5), 2), Object.class);
      encoder.encode(new Request("Plugin.Demo", 3));
      encoder.encode(new GobInterface("DemoArgs", new DemoArgs(new Small("m", 6), 3)));
    });
    assertBytes(ours, PLUGIN_HOST_TO_PLUGIN);
  }

  @Test
  void readsAndWritesThePluginStreamFromTheGoPlugin() throws IOException {
    decodeEveryWay(PLUGIN_PLUGIN_TO_HOST, decoder -> {
      assertThat(decoder.decode(Response.class)).isEqualTo(new Response("Plugin.InitPlugin", 0, ""));
      assertThat(decoder.decode(RpcError.class)).isEqualTo(new RpcError(""));
      assertThat(decoder.decode(Response.class)).isEqualTo(new Response("Plugin.Type", 1, ""));
      assertThat(decoder.decode(String.class)).isEqualTo("demo");
      assertThat(decoder.decode(Response.class)).isEqualTo(new Response("Plugin.Demo", 2, ""));
      assertThat(decoder.decode(RpcError.class)).isEqualTo(new RpcError("n/5/2"));
      assertThat(decoder.decode(Response.class)).isEqualTo(new Response("Plugin.Demo", 3, ""));
      assertThat(decoder.decode(RpcError.class)).isEqualTo(new RpcError("m/6/3"));
    });
    byte[] ours = encoded(GobOptions.defaults(), 8, encoder -> {
      encoder.encode(new Response("Plugin.InitPlugin", 0, ""));
      encoder.encode(new RpcError(""));
      encoder.encode(new Response("Plugin.Type", 1, ""));
      encoder.encode("demo");
      encoder.encode(new Response("Plugin.Demo", 2, ""));
      encoder.encode(new RpcError("n/5/2"));
      encoder.encode(new Response("Plugin.Demo", 3, ""));
      encoder.encode(new RpcError("m/6/3"));
    });
    assertBytes(ours, PLUGIN_PLUGIN_TO_HOST);
  }

  // ---- test-vectors.md §3: Java-style replies ------------------------------------------------

  private static final Measurement MEASUREMENT = new Measurement("Successful", "",
      Instant.parse("2024-05-06T07:08:09Z"), Instant.parse("2024-05-06T07:08:10.0000005Z"),
      "0.99", null, null);
  private static final VerifyWeightResponse VERIFIED =
      new VerifyWeightResponse(1, new RpcError(""));
  private static final StepResponse STEP = new StepResponse(
      new RpcStepResult("Running", "waiting", 60_000_000_000L, new RawJson("{\"id\":\"42\"}")),
      new RpcError(""));

  @Test
  void readsEveryJavaStyleReply() throws IOException {
    decodeEveryWay(REPLY_A_INIT_PLUGIN, d -> {
      assertThat(d.decode(Response.class)).isEqualTo(new Response("Plugin.InitPlugin", 0, ""));
      assertThat(d.decode(RpcError.class)).isEqualTo(new RpcError(""));
    });
    decodeEveryWay(REPLY_B_SET_WEIGHT_ERROR, d -> {
      assertThat(d.decode(Response.class)).isEqualTo(new Response("Plugin.SetWeight", 7, ""));
      assertThat(d.decode(RpcError.class)).isEqualTo(new RpcError("route not found"));
    });
    decodeEveryWay(REPLY_C_TYPE, d -> {
      assertThat(d.decode(Response.class)).isEqualTo(new Response("Plugin.Type", 1, ""));
      assertThat(d.decode(String.class)).isEqualTo("acme/router");
    });
    decodeEveryWay(REPLY_D_GET_METADATA, d -> {
      assertThat(d.decode(Response.class)).isEqualTo(new Response("Plugin.GetMetadata", 2, ""));
      assertThat(d.decode(GoTypes.mapOf(String.class, String.class)))
          .isEqualTo(Map.of("query", "up"));
    });
    decodeEveryWay(REPLY_E_RUN_MEASUREMENT, d -> {
      assertThat(d.decode(Response.class)).isEqualTo(new Response("Plugin.Run", 3, ""));
      assertThat(d.decode(Measurement.class)).isEqualTo(MEASUREMENT);
    });
    decodeEveryWay(REPLY_F_VERIFY_WEIGHT, d -> {
      assertThat(d.decode(Response.class)).isEqualTo(new Response("Plugin.VerifyWeight", 4, ""));
      assertThat(d.decode(VerifyWeightResponse.class)).isEqualTo(VERIFIED);
    });
    decodeEveryWay(REPLY_G_STEP_RUN, d -> {
      assertThat(d.decode(Response.class)).isEqualTo(new Response("Plugin.Run", 5, ""));
      assertThat(d.decode(StepResponse.class)).isEqualTo(STEP);
    });
    decodeEveryWay(REPLY_H_UNKNOWN_METHOD, d -> {
      assertThat(d.decode(Response.class)).isEqualTo(
          new Response("Plugin.Foo", 6, "rpc: can't find method Plugin.Foo"));
      assertThat(d.decode(EmptyStruct.class)).isEqualTo(EmptyStruct.INSTANCE);
    });
    decodeEveryWay(REPLY_I_PING, d -> {
      assertThat(d.decode(Response.class)).isEqualTo(new Response("Control.Ping", 1, ""));
      assertThat(d.decode(EmptyStruct.class)).isEqualTo(EmptyStruct.INSTANCE);
    });
    decodeEveryWay(REPLY_J_DISPENSE, d -> {
      assertThat(d.decode(Response.class)).isEqualTo(new Response("Dispenser.Dispense", 0, ""));
      assertThat(d.decode(GobValue.class)).isEqualTo(new GobValue.Uint(1));
    });
  }

  @Test
  void writesTheDeterministicJavaStyleRepliesByteForByte() throws IOException {
    assertBytes(reply(new Response("Plugin.InitPlugin", 0, ""), new RpcError("")),
        REPLY_A_INIT_PLUGIN);
    assertBytes(reply(new Response("Plugin.SetWeight", 7, ""), new RpcError("route not found")),
        REPLY_B_SET_WEIGHT_ERROR);
    assertBytes(reply(new Response("Plugin.Type", 1, ""), "acme/router"), REPLY_C_TYPE);
    assertBytes(encoded(GobOptions.defaults(), 2, encoder -> {
      encoder.encode(new Response("Plugin.GetMetadata", 2, ""));
      encoder.encode(Map.of("query", "up"), GoTypes.mapOf(String.class, String.class));
    }), REPLY_D_GET_METADATA);
    assertBytes(reply(new Response("Plugin.Foo", 6, "rpc: can't find method Plugin.Foo"),
        EmptyStruct.INSTANCE), REPLY_H_UNKNOWN_METHOD);
    assertBytes(reply(new Response("Control.Ping", 1, ""), EmptyStruct.INSTANCE), REPLY_I_PING);
    assertBytes(reply(new Response("Dispenser.Dispense", 0, ""), new GobValue.Uint(1)),
        REPLY_J_DISPENSE);
  }

  /**
   * Vectors E, F, G define the parts of a type before the type itself; we define the outer type
   * first (Go's order, needed for frame 16). Our bytes must still decode to the same values,
   * and the value messages must be the vector's once ids are equal.
   */
  @Test
  void writesRepliesWithNestedTypesThatDecodeToTheVectorsValues() throws IOException {
    byte[] measurement = reply(new Response("Plugin.Run", 3, ""), MEASUREMENT);
    byte[] verified = reply(new Response("Plugin.VerifyWeight", 4, ""), VERIFIED);
    byte[] step = reply(new Response("Plugin.Run", 5, ""), STEP);
    assertThat(genericValues(measurement)).isEqualTo(genericValues(REPLY_E_RUN_MEASUREMENT));
    assertThat(genericValues(verified)).isEqualTo(genericValues(REPLY_F_VERIFY_WEIGHT));
    assertThat(genericValues(step)).isEqualTo(genericValues(REPLY_G_STEP_RUN));
    decodeEveryWay(step, d -> {
      d.skipValue();
      assertThat(d.decode(StepResponse.class)).isEqualTo(STEP);
    });
  }

  private static byte[] reply(Response header, Object body) throws IOException {
    return encoded(GobOptions.defaults(), 2, encoder -> {
      encoder.encode(header);
      encoder.encode(body);
    });
  }

  private static List<GobValue> genericValues(byte[] stream) throws IOException {
    GobDecoder decoder = new GobDecoder(new java.io.ByteArrayInputStream(stream));
    return List.of(decoder.decodeValue(), decoder.decodeValue());
  }
}
