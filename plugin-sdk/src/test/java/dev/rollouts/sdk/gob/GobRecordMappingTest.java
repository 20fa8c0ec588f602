package dev.rollouts.sdk.gob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollouts.sdk.gob.GobTestSupport.RecordingOutput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How Go structs map onto records: names, absent and unknown fields, ranges, special types. */
class GobRecordMappingTest {

  private static byte[] encode(GobOptions options, Object... values) throws IOException {
    RecordingOutput out = new RecordingOutput();
    GobEncoder encoder = new GobEncoder(out, options);
    for (Object value : values) {
      encoder.encode(value);
    }
    return out.take();
  }

  private static GobDecoder decoder(byte[] bytes) {
    return new GobDecoder(new ByteArrayInputStream(bytes));
  }

  record Meta(@GoName("UID") String uid, String resourceVersion) {}

  record WireMeta(@GoName("UID") String a, @GoName("ResourceVersion") String b) {}

  @Test
  void matchesFieldsByGoNameOrCapitalisedComponentName() throws IOException {
    byte[] bytes = encode(GobOptions.defaults(), new WireMeta("u-1", "42"));
    assertThat(decoder(bytes).decode(Meta.class)).isEqualTo(new Meta("u-1", "42"));
    GobValue.Struct tree = (GobValue.Struct) decoder(bytes).decodeValue();
    assertThat(tree.type().fields()).extracting(GobType.Field::name)
        .containsExactly("UID", "ResourceVersion");
  }

  record Wide(String name, Map<String, String> labels, List<Meta> metas, Object any, long count,
      Instant at, byte[] data) {}

  record Narrow(long count) {}

  @Test
  void skipsUnknownFieldsOfEveryKind() throws IOException {
    GobOptions options = GobOptions.defaults().withInterfaces(
        InterfaceRegistry.builder().register("Meta", Meta.class).build());
    Wide wide = new Wide("n", Map.of("k", "v"), List.of(new Meta("a", "b")), new Meta("c", "d"),
        9, Instant.EPOCH, new byte[] {1});
    byte[] bytes = encode(options, wide, wide);
    GobDecoder decoder = decoder(bytes);
    assertThat(decoder.decode(Narrow.class)).isEqualTo(new Narrow(9));
    assertThat(decoder.decode(Narrow.class)).isEqualTo(new Narrow(9));
  }

  record Defaults(String s, long l, int i, short sh, byte by, boolean b, double d, float f,
      Long boxed, byte[] bytes, List<String> list, Map<String, String> map, Meta meta,
      Instant at, Object any) {}

  @Test
  void fillsAbsentFieldsWithZeroForPrimitivesEmptyForStringsAndNullOtherwise() throws IOException {
    record Only(long unrelated) {}
    byte[] bytes = encode(GobOptions.defaults(), new Only(1));
    // Only and Defaults share no field name, but Only's struct has fields: Go would refuse
    assertThatThrownBy(() -> decoder(bytes).decode(Defaults.class))
        .isInstanceOf(GobException.class).hasMessageContaining("no fields matched");
    record Some(long l) {}
    assertThat(decoder(encode(GobOptions.defaults(), new Some(0))).decode(Defaults.class))
        .isEqualTo(new Defaults("", 0, 0, (short) 0, (byte) 0, false, 0.0, 0f, null, null, null,
            null, null, null, null));
  }

  record Ints(long l, int i, short s, byte b) {}

  record Source(long l, long i, long s, long b) {}

  @Test
  void checksIntegerRangesLikeGo() throws IOException {
    assertThat(decoder(encode(GobOptions.defaults(), new Source(-5, Integer.MIN_VALUE, 32767, -128)))
        .decode(Ints.class)).isEqualTo(new Ints(-5, Integer.MIN_VALUE, (short) 32767, (byte) -128));
    assertThatThrownBy(() -> decoder(encode(GobOptions.defaults(), new Source(0, 0, 32768, 0)))
        .decode(Ints.class))
        .isInstanceOf(GobException.class)
        .hasMessageContaining("value for \"S\" out of range: 32768 does not fit int16");
    assertThatThrownBy(() -> decoder(encode(GobOptions.defaults(), new Source(0, 0, 0, 128)))
        .decode(Ints.class))
        .hasMessageContaining("value for \"B\" out of range: 128 does not fit int8");
    assertThatThrownBy(() -> decoder(encode(GobOptions.defaults(), 1L << 31)).decode(int.class))
        .hasMessageContaining("value for \"value\" out of range: 2147483648 does not fit int32");
  }

  record Unsigned(@GoUnsigned int u32, @GoUnsigned short u16, @GoUnsigned byte u8) {}

  record WideUnsigned(@GoUnsigned long u32, @GoUnsigned long u16, @GoUnsigned long u8) {}

  @Test
  void keepsTheBitsOfUnsignedNarrowIntegersAndRejectsLargerValues() throws IOException {
    assertThat(decoder(encode(GobOptions.defaults(), new WideUnsigned(0xffff_ffffL, 0xffff, 0xff)))
        .decode(Unsigned.class)).isEqualTo(new Unsigned(-1, (short) -1, (byte) -1));
    assertThatThrownBy(() -> decoder(encode(GobOptions.defaults(),
        new WideUnsigned(1L << 32, 0, 0))).decode(Unsigned.class))
        .hasMessageContaining("value for \"U32\" out of range: 4294967296 does not fit uint32");
  }

  record Floats(float f) {}

  record Doubles(double f) {}

  @Test
  void rejectsDoublesBeyondFloatRangeButKeepsInfinity() throws IOException {
    assertThat(decoder(encode(GobOptions.defaults(), new Doubles(Double.POSITIVE_INFINITY)))
        .decode(Floats.class)).isEqualTo(new Floats(Float.POSITIVE_INFINITY));
    assertThatThrownBy(() -> decoder(encode(GobOptions.defaults(), new Doubles(1e300)))
        .decode(Floats.class)).hasMessageContaining("value for \"F\" out of range");
  }

  record Times(Instant started, OffsetDateTime finished) {}

  @Test
  void mapsGoTimesToInstantAndOffsetDateTime() throws IOException {
    Times times = new Times(Instant.parse("2024-05-06T07:08:09.5Z"),
        OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 6, ZoneOffset.ofHoursMinutes(1, 30)));
    assertThat(decoder(encode(GobOptions.defaults(), times)).decode(Times.class)).isEqualTo(times);
  }

  record Flexible(GobValue anything, GobValue.Str text) {}

  record Concrete(List<Long> anything, String text) {}

  @Test
  void acceptsAnyWireTypeForGobValueComponents() throws IOException {
    Flexible flexible = decoder(encode(GobOptions.defaults(), new Concrete(List.of(1L, 2L), "t")))
        .decode(Flexible.class);
    assertThat(flexible.text()).isEqualTo(GobValue.Str.of("t"));
    assertThat(((GobValue.Slice) flexible.anything()).elements())
        .containsExactly(new GobValue.Int(1), new GobValue.Int(2));
  }

  record Nested(Map<String, List<Map<String, Long>>> deep) {}

  @Test
  void decodesNestedGenericCollections() throws IOException {
    Nested nested = new Nested(Map.of("a", List.of(Map.of("x", 1L), Map.of())));
    assertThat(decoder(encode(GobOptions.defaults(), nested)).decode(Nested.class))
        .isEqualTo(nested);
    assertThat(decoder(encode(GobOptions.defaults(), nested)).decode(GobValue.Struct.class)
        .type().fields().get(0).type().name()).isEqualTo("map[string][]map[string]int64");
  }

  @Test
  void rejectsJavaTypesWithoutAGobMapping() throws IOException {
    byte[] bytes = encode(GobOptions.defaults(), "abc");
    assertThatThrownBy(() -> decoder(bytes).decode(StringBuilder.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot decode into");
    RecordingOutput out = new RecordingOutput();
    new GobEncoder(out).encode(List.of("a"), GoTypes.listOf(String.class));
    byte[] slice = out.take();
    assertThatThrownBy(() -> decoder(slice).decode(List.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GoTypes");
  }
}
