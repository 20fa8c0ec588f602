package dev.rollouts.sdk.gob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouts.sdk.gob.GobTestSupport.ChunkedInput;
import dev.rollouts.sdk.gob.GobTestSupport.RecordingOutput;
import dev.rollouts.sdk.gob.TestTypes.RawJson;
import dev.rollouts.sdk.gob.TestTypes.Small;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Round trips {@code decode(encode(x)) == x} for records, generic trees and primitives. They
 * complement, never replace, the Go vectors: a bug on both sides could cancel out here.
 */
class GobPropertiesTest {

  @Property
  void everyLongSurvivesUintAndIntEncodings(@ForAll long value) throws IOException {
    GobOutput out = new GobOutput();
    out.writeUint(value);
    out.writeInt(value);
    out.writeFloat(Double.longBitsToDouble(value));
    GobInput in = new GobInput(new ByteArrayInputStream(frame(out)), 1 << 20);
    assertThat(in.readMessage()).isTrue();
    assertThat(in.readUint()).isEqualTo(value);
    assertThat(in.readInt()).isEqualTo(value);
    assertThat(Double.doubleToRawLongBits(in.readFloat())).isEqualTo(value);
    assertThat(in.hasRemaining()).isFalse();
  }

  record Sample(String text, long number, int small, boolean flag, double ratio,
      List<String> names, Map<String, Long> counts, Instant at, Small nested, RawJson raw,
      @GoUnsigned long seq, Object any) {}

  @Provide
  Arbitrary<Sample> samples() {
    Arbitrary<String> text = Arbitraries.strings().ofMaxLength(20);
    Arbitrary<List<String>> names = text.list().ofMaxSize(4).injectNull(0.2);
    Arbitrary<Map<String, Long>> counts =
        Arbitraries.maps(text, Arbitraries.longs()).ofMaxSize(4).injectNull(0.3);
    Arbitrary<Instant> at = Arbitraries.longs().between(-62_135_596_800L, 253_402_300_799L)
        .flatMap(s -> Arbitraries.integers().between(0, 999_999_999)
            .map(n -> Instant.ofEpochSecond(s, n))).injectNull(0.3);
    Arbitrary<Small> nested = Combinators.combine(text, Arbitraries.integers())
        .as(Small::new).injectNull(0.3);
    Arbitrary<RawJson> raw = text.filter(t -> !t.isEmpty()).map(RawJson::new).injectNull(0.3);
    Arbitrary<Object> any = Arbitraries.oneOf(text.map(t -> (Object) t),
        Arbitraries.longs().map(l -> (Object) l), nested.filter(s -> s != null).map(s -> s))
        .injectNull(0.3);
    // combine() takes at most eight arbitraries: build the sample from two halves
    Arbitrary<Object[]> scalars = Combinators.combine(text, Arbitraries.longs(),
        Arbitraries.integers(), Arbitraries.of(true, false), Arbitraries.doubles(),
        Arbitraries.longs()).as((t, n, i, f, r, q) -> new Object[] {t, n, i, f, r, q});
    Arbitrary<Object[]> composites = Combinators.combine(names, counts, at, nested, raw, any)
        .as((l, m, a, s, j, o) -> new Object[] {l, m, a, s, j, o});
    return Combinators.combine(scalars, composites).as(GobPropertiesTest::sample);
  }

  @SuppressWarnings("unchecked")
  private static Sample sample(Object[] s, Object[] c) {
    return new Sample((String) s[0], (Long) s[1], (Integer) s[2], (Boolean) s[3], (Double) s[4],
        (List<String>) c[0], (Map<String, Long>) c[1], (Instant) c[2], (Small) c[3],
        (RawJson) c[4], (Long) s[5], c[5]);
  }

  private static final GobOptions SMALL = GobOptions.defaults().withInterfaces(
      InterfaceRegistry.builder().register("Small", Small.class).build());

  @Property
  void recordsRoundTripUpToGosZeroOmission(@ForAll("samples") Sample sample,
      @ForAll @IntRange(min = 1, max = 16) int chunk) throws IOException {
    RecordingOutput out = new RecordingOutput();
    GobEncoder encoder = new GobEncoder(out, SMALL);
    encoder.encode(sample);
    encoder.encode(sample);
    ChunkedInput in = GobTestSupport.chunked(out.take(), chunk);
    GobDecoder decoder = new GobDecoder(in, SMALL);
    Sample expected = new Sample(sample.text(), sample.number(), sample.small(), sample.flag(),
        sample.ratio(), sample.names() == null || sample.names().isEmpty() ? null : sample.names(),
        sample.counts(), sample.at(), sample.nested(), sample.raw(), sample.seq(), sample.any());
    assertThat(decoder.decode(Sample.class)).isEqualTo(expected);
    assertThat(decoder.decode(Sample.class)).isEqualTo(expected);
    GobTestSupport.assertFullyConsumed(in);
  }

  // ---- generic trees ---------------------------------------------------------------------------

  @Provide
  Arbitrary<GobValue> trees() {
    return tree(3);
  }

  private Arbitrary<GobValue> tree(int depth) {
    Arbitrary<GobValue> leaf = Arbitraries.oneOf(
        Arbitraries.of(true, false).map(GobValue.Bool::new),
        Arbitraries.longs().map(GobValue.Int::new),
        Arbitraries.longs().map(GobValue.Uint::new),
        Arbitraries.doubles().map(GobValue.Float::new),
        Arbitraries.doubles().tuple2().map(t -> new GobValue.Complex(t.get1(), t.get2())),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(8).map(GobValue.Str::ofBytes),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(8).map(GobValue.Bytes::of));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<GobValue> child = tree(depth - 1);
    return Arbitraries.oneOf(leaf, structs(child), slices(child), maps(child),
        child.map(v -> (GobValue) new GobValue.Interface("Named", v)),
        Arbitraries.just(GobValue.Interface.NIL));
  }

  private static Arbitrary<GobValue> structs(Arbitrary<GobValue> child) {
    return child.list().ofMaxSize(4).map(values -> {
      List<GobType.Field> fields = new ArrayList<>();
      Map<String, GobValue> present = new LinkedHashMap<>();
      for (int i = 0; i < values.size(); i++) {
        fields.add(new GobType.Field("F" + i, values.get(i).type()));
        present.put("F" + i, values.get(i));
      }
      return new GobValue.Struct(GobType.struct("S" + values.size(), fields), present);
    });
  }

  private static Arbitrary<GobValue> slices(Arbitrary<GobValue> child) {
    // every element of one slice has the element type of the first
    return child.flatMap(first -> Arbitraries.integers().between(0, 3).map(n -> {
      List<GobValue> elements = new ArrayList<>();
      for (int i = 0; i <= n; i++) {
        elements.add(first);
      }
      return new GobValue.Slice(GobType.slice("", first.type()), elements);
    }));
  }

  private static Arbitrary<GobValue> maps(Arbitrary<GobValue> child) {
    return Combinators.combine(Arbitraries.strings().ofMaxLength(5).list().ofMaxSize(3), child)
        .as((keys, value) -> {
          Map<GobValue, GobValue> entries = new LinkedHashMap<>();
          keys.forEach(k -> entries.put(GobValue.Str.of(k), value));
          return new GobValue.Map(GobType.map("", GobType.STRING, value.type()), entries);
        });
  }

  @Property
  void genericTreesRoundTrip(@ForAll("trees") GobValue value,
      @ForAll @IntRange(min = 1, max = 16) int chunk) throws IOException {
    RecordingOutput out = new RecordingOutput();
    GobEncoder encoder = new GobEncoder(out);
    encoder.encode(value);
    encoder.encode(value);
    ChunkedInput in = GobTestSupport.chunked(out.take(), chunk);
    GobDecoder decoder = new GobDecoder(in);
    assertThat(decoder.decodeValue()).isEqualTo(value);
    assertThat(decoder.decodeValue()).isEqualTo(value);
    GobTestSupport.assertFullyConsumed(in);
  }

  private static byte[] frame(GobOutput out) {
    int start = out.frame();
    return java.util.Arrays.copyOfRange(out.buf, start, out.pos);
  }
}
