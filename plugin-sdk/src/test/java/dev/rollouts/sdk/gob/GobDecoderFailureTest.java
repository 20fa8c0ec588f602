package dev.rollouts.sdk.gob;

import static dev.rollouts.sdk.gob.GobTestSupport.concat;
import static dev.rollouts.sdk.gob.GobTestSupport.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rollouts.sdk.gob.GobVectorsTest.Reads;
import dev.rollouts.sdk.gob.TestTypes.Response;
import dev.rollouts.sdk.gob.TestTypes.RpcError;
import dev.rollouts.sdk.gob.TestTypes.VerifyWeightResponse;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One test per way a gob stream can be wrong: the exception type, the factory's message and,
 * where it matters, the position; after each, a fresh decoder still reads good input.
 */
class GobDecoderFailureTest {
  private static final byte[] RPC_ERROR_DEF = SpecVectors.RPC_ERROR_TYPEDEF;

  /** Every failure test ends by proving that good input still decodes. */
  @AfterEach
  void freshDecoderStillWorks() throws IOException {
    GobVectorsTest.decodeEveryWay(SpecVectors.REPLY_B_SET_WEIGHT_ERROR, d -> {
      assertThat(d.decode(Response.class)).isEqualTo(new Response("Plugin.SetWeight", 7, ""));
      assertThat(d.decode(RpcError.class)).isEqualTo(new RpcError("route not found"));
    });
  }

  private static GobException failure(byte[] stream, GobOptions options, Reads reads) {
    GobException failure = catchThrowableOfType(GobException.class,
        () -> reads.check(new GobDecoder(new ByteArrayInputStream(stream), options)));
    assertThat(failure).as("expected a GobException").isNotNull();
    assertThat(failure.getMessage()).startsWith("gob: " + failure.reason());
    return failure;
  }

  private static GobException failure(byte[] stream, Reads reads) {
    return failure(stream, GobOptions.defaults(), reads);
  }

  // ---- framing ---------------------------------------------------------------------------------

  @Test
  void cleanEndOfStreamBetweenValuesIsAnEofException() throws IOException {
    GobDecoder decoder = new GobDecoder(new ByteArrayInputStream(hex("03 02 00 01")));
    assertThat(decoder.decode(boolean.class)).isTrue();
    assertThatThrownBy(() -> decoder.decode(boolean.class))
        .isExactlyInstanceOf(EOFException.class);
  }

  @Test
  void failsWhenTheStreamEndsInsideAMessage() {
    GobException e = failure(hex("05 04 00"), d -> d.decode(long.class));
    assertThat(e.reason()).isEqualTo(GobException.unexpectedEof(0).reason());
    assertThat(e.offset()).isEqualTo(3);
  }

  @Test
  void failsWhenTheStreamEndsInsideALengthPrefix() {
    GobException e = failure(hex("fe 01"), d -> d.decode(long.class));
    assertThat(e.reason()).isEqualTo("unexpected EOF");
  }

  @Test
  void failsWhenTheStreamEndsAfterATypeDefinition() {
    GobException e = failure(RPC_ERROR_DEF, d -> d.decode(RpcError.class));
    assertThat(e.reason()).isEqualTo("unexpected EOF");
  }

  @Test
  void failsWhenAMessageIsLongerThanTheLimit() {
    GobException e = failure(hex("fc 04 00 00 00 04 00 06"), d -> d.decode(long.class));
    assertThat(e.reason())
        .isEqualTo(GobException.messageTooLong(64 << 20, 64 << 20, 0).reason())
        .isEqualTo("invalid message length 67108864 (limit 67108864)");
    assertThat(e.offset()).isZero();
    GobException small = failure(hex("0b 0c 00 08 'too long'"),
        GobOptions.defaults().withMaxMessageSize(8), d -> d.decode(String.class));
    assertThat(small.reason()).isEqualTo("invalid message length 11 (limit 8)");
  }

  @Test
  void failsWhenAMessageIsEmpty() {
    assertThat(failure(hex("00"), d -> d.decode(long.class)).reason())
        .isEqualTo(GobException.emptyMessage(0).reason());
  }

  @Test
  void failsWhenAnUnsignedIntegerHasMoreThanEightBytes() {
    GobException inPrefix = failure(hex("f7 00 00 00 00 00 00 00 00 01"), d -> d.decode(long.class));
    assertThat(inPrefix.reason()).isEqualTo(GobException.uintOutOfRange(0).reason());
    GobException inValue = failure(hex("03 04 00 f7"), d -> d.decode(long.class));
    assertThat(inValue.reason()).isEqualTo("encoded unsigned integer out of range");
    assertThat(inValue.offset()).isEqualTo(3);
  }

  @Test
  void failsWhenATypeDefinitionAndAValueShareAMessage() {
    byte[] merged = concat(hex("2a"), Arrays.copyOfRange(RPC_ERROR_DEF, 1, RPC_ERROR_DEF.length),
        hex("ff 84 00 00 00"));
    merged[0] = (byte) (merged.length - 1);
    assertThat(failure(merged, d -> d.decode(RpcError.class)).reason())
        .isEqualTo(GobException.extraData(0).reason());
  }

  @Test
  void failsWhenASingletonHasANonZeroDelta() {
    GobException e = failure(hex("0d 0c 0b 'acme/router'"), d -> d.decode(String.class));
    assertThat(e.reason()).isEqualTo(GobException.nonZeroSingletonDelta(6, 0).reason());
    assertThat(e.typeId()).isEqualTo(6);
  }

  // ---- type definitions --------------------------------------------------------------------------

  @Test
  void failsWhenATypeIsDefinedTwice() {
    GobException e = failure(concat(RPC_ERROR_DEF, RPC_ERROR_DEF, hex("03 ff 84 00")),
        d -> d.decode(RpcError.class));
    assertThat(e.reason()).isEqualTo(GobException.duplicateType(66, 0).reason());
    assertThat(e.typeId()).isEqualTo(66);
  }

  @Test
  void failsWhenADefinitionUsesAReservedId() {
    byte[] low = RPC_ERROR_DEF.clone();
    low[1] = 0x7d; // int -63 in one byte; the rest of the definition is unchanged
    byte[] stream = concat(new byte[] {(byte) (low.length - 2)}, Arrays.copyOfRange(low, 1, 2),
        Arrays.copyOfRange(low, 3, low.length));
    GobException e = failure(stream, d -> d.decode(RpcError.class));
    assertThat(e.reason()).isEqualTo(GobException.reservedTypeId(63, 0).reason());
  }

  @Test
  void failsWhenAValueUsesAnUndefinedId() {
    GobException e = failure(hex("03 ff 90 00"), d -> d.decode(RpcError.class));
    assertThat(e.reason()).isEqualTo(GobException.unknownType(72, 0).reason());
    assertThat(e.typeId()).isEqualTo(72);
    assertThat(failure(hex("03 ff 90 00"), GobDecoder::skipValue).typeId()).isEqualTo(72);
  }

  @Test
  void failsWhenADefinitionHasNoKind() {
    assertThat(failure(hex("03 ff 81 00"), d -> d.decode(RpcError.class)).reason())
        .isEqualTo(GobException.badTypeDefinition("no kind", 65, 0).reason());
  }

  @Test
  void failsWhenAStructFieldHasNoName() {
    // struct id 65 with one field {Id: int} but no Name
    GobException e = failure(hex("0d ff 81 03 01 02 ff 82 00 01 01 02 04 00 00 00"),
        d -> d.decode(RpcError.class));
    assertThat(e.reason()).isEqualTo("invalid type definition: empty field name");
  }

  // ---- structs ---------------------------------------------------------------------------------

  @Test
  void failsWhenAFieldNumberIsBeyondTheDefinition() {
    GobException e = failure(concat(RPC_ERROR_DEF, hex("04 ff 84 02 00")),
        d -> d.decode(RpcError.class));
    assertThat(e.reason())
        .isEqualTo(GobException.fieldNumberOutOfRange(1, "RpcError", 1, 66, 0).reason());
    assertThat(e.offset()).isEqualTo(RPC_ERROR_DEF.length + 3);
  }

  @Test
  void failsWhenAFieldDeltaWouldGoBackwards() {
    GobException e = failure(concat(RPC_ERROR_DEF, hex("0c ff 84 f8 ff ff ff ff ff ff ff ff 00")),
        GobDecoder::skipValue);
    assertThat(e.reason()).isEqualTo(GobException.fieldOutOfOrder("RpcError", 66, 0).reason());
  }

  @Test
  void failsWhenAWireStringArrivesForAnIntComponent() {
    record NumericError(long errorString) {}
    GobException e = failure(concat(RPC_ERROR_DEF, hex("06 ff 84 01 01 78 00")),
        d -> d.decode(NumericError.class));
    assertThat(e.reason()).isEqualTo(
        GobException.wrongType("long", "RpcError", "ErrorString", 6).reason())
        .isEqualTo("wrong type (long) for received field RpcError.ErrorString");
  }

  @Test
  void failsWhenNoFieldNameMatches() {
    byte[] fooDef = hex("1e ff 83 03 01 01 08 'RpcError' 01 ff 84 00 01 01 01 03 'Foo' 01 0c 00 00 00");
    GobException e = failure(concat(fooDef, hex("06 ff 84 01 01 78 00")),
        d -> d.decode(RpcError.class));
    assertThat(e.reason()).isEqualTo(GobException.noFieldsMatched("RpcError", 66).reason());
  }

  @Test
  void failsWhenAnUnsignedComponentReceivesAnInt() {
    byte[] signedSeq = SpecVectors.RESPONSE_TYPEDEF.clone();
    int seqType = indexOf(signedSeq, hex("'Seq' 01")) + 4;
    signedSeq[seqType] = 0x04; // Seq declared int instead of uint
    GobException e = failure(concat(signedSeq, hex("05 ff 82 02 02 00")),
        d -> d.decode(Response.class));
    assertThat(e.reason()).isEqualTo("wrong type (long) for received field Response.Seq");
  }

  @Test
  void failsWhenAValueIsOutOfRangeForItsComponent() {
    byte[] def = hex("""
        38 ff 85 03 01 01 14 'VerifyWeightResponse' 01 ff 86 00 01 02 01 08 'Verified'
        01 04 00 01 03 'Err' 01 ff 84 00 00 00""");
    GobException e = failure(concat(RPC_ERROR_DEF, def, hex("0b ff 86 01 fa 02 00 00 00 00 00 00")),
        d -> d.decode(VerifyWeightResponse.class));
    assertThat(e.reason())
        .isEqualTo(GobException.valueOutOfRange("Verified", "1099511627776", "int32", 0).reason());
  }

  @Test
  void failsWhenANestingIsDeeperThanTheLimit() {
    // type Node struct { Next *Node } (id 65), then a value nested 2000 levels deep
    byte[] def = hex("1c ff 81 03 01 01 04 'Node' 01 ff 82 00 01 01 01 04 'Next' 01 ff 82 00 00 00");
    byte[] payload = new byte[2 + 2000 + 2001];
    payload[0] = (byte) 0xff;
    payload[1] = (byte) 0x82;
    Arrays.fill(payload, 2, 2 + 2000, (byte) 1);
    byte[] stream = concat(def, hex("fe 0f a3"), payload);
    for (Reads reads : List.<Reads>of(GobDecoder::decodeValue, GobDecoder::skipValue)) {
      GobException e = failure(stream, GobOptions.defaults().withMaxDepth(100), reads);
      assertThat(e.reason()).isEqualTo(GobException.tooDeep(100, 0).reason());
    }
    record Node(Node next) {}
    GobException e = failure(stream, d -> d.decode(Node.class));
    assertThat(e.reason()).isEqualTo("nesting depth exceeds 512");
  }

  @Test
  void failsWhenACountExceedsTheMessage() {
    GobException string = failure(hex("04 0c 00 05 61"), d -> d.decode(String.class));
    assertThat(string.reason())
        .isEqualTo(GobException.exceedsInput("string length", 5, 1, 0).reason());
    byte[] sliceDef = hex("0c ff 83 02 01 02 ff 84 00 01 0c 00 00");
    GobException slice = failure(concat(sliceDef, hex("08 ff 84 00 fc 7f ff ff ff")),
        d -> d.decode(GoTypes.listOf(String.class)));
    assertThat(slice.reason()).isEqualTo("slice length 2147483647 exceeds input size 0");
    byte[] mapDef = hex("0e ff 83 04 01 02 ff 84 00 01 0c 01 0c 00 00");
    GobException map = failure(concat(mapDef, hex("04 ff 84 00 7f")), GobDecoder::decodeValue);
    assertThat(map.reason()).isEqualTo("map size 127 exceeds input size 0");
  }

  @Test
  void failsWhenAnArrayLengthDiffersFromItsDefinition() {
    byte[] arrayDef = hex("0e ff 81 01 01 02 ff 82 00 01 04 01 04 00 00");
    GobException e = failure(concat(arrayDef, hex("07 ff 82 00 03 02 04 06")),
        d -> d.decode(GoTypes.listOf(Integer.class)));
    assertThat(e.reason()).isEqualTo(GobException.arrayLengthMismatch(3, 2, 65, 0).reason());
  }

  // ---- interfaces ------------------------------------------------------------------------------

  @Test
  void failsWhenAnInterfaceNameIsTooLong() {
    byte[] name = new byte[1025];
    Arrays.fill(name, (byte) 'x');
    byte[] stream = concat(hex("fe 04 06 10 00 fe 04 01"), name);
    GobException e = failure(stream, d -> d.decode(Object.class));
    assertThat(e.reason()).isEqualTo(GobException.nameTooLong(1025, 0).reason());
    assertThat(e.offset()).isEqualTo(5);
  }

  @Test
  void failsWhenAnInterfaceArrivesForAConcreteTypeOrTheReverse() {
    assertThat(failure(hex("03 10 00 00"), d -> d.decode(String.class)).reason())
        .isEqualTo(GobException.typeMismatch("String", "interface", 8).reason());
    assertThat(failure(hex("06 0c 00 03 'abc'"), d -> d.decode(Object.class)).reason())
        .isEqualTo("type mismatch: cannot decode string into Object");
  }

  // ---- GobEncoder payloads -----------------------------------------------------------------------

  @Test
  void failsWhenTimeBytesAreNotAGoTime() {
    byte[] timeDef = hex("10 ff 83 05 01 01 04 'Time' 01 ff 84 00 00 00");
    GobException e = failure(concat(timeDef, hex("07 ff 84 00 03 01 02 03")),
        d -> d.decode(Instant.class));
    assertThat(e.reason()).isEqualTo(GobException.badTime("invalid length").reason());
  }

  @Test
  void failsWhenAGobEncoderArrivesAsPlainBytesForATime() {
    GobException e = failure(hex("05 0a 00 02 01 02"), d -> d.decode(Instant.class));
    assertThat(e.reason()).isEqualTo("type mismatch: cannot decode bytes into Instant");
  }

  // ---- memory: a length prefix is never trusted -----------------------------------------------

  @Test
  void readsAHugeDeclaredMessageOnlyAsFarAsBytesArrive() {
    int[] largestRequest = new int[1];
    byte[] prefix = hex("fc 03 ff ff ff 0c 00 fc 03 ff ff f0");
    InputStream stingy = new InputStream() {
      private int pos;

      @Override
      public int read() {
        return pos < prefix.length ? prefix[pos++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        largestRequest[0] = Math.max(largestRequest[0], len);
        if (pos >= prefix.length) {
          return -1;
        }
        b[off] = prefix[pos++];
        return 1;
      }
    };
    GobException e = catchThrowableOfType(GobException.class,
        () -> new GobDecoder(stingy).decode(String.class));
    assertThat(e.reason()).isEqualTo("unexpected EOF");
    assertThat(largestRequest[0]).as("largest read request").isLessThanOrEqualTo(4096);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
