package dev.rollouts.sdk.gob;

import static dev.rollouts.sdk.gob.GobTestSupport.hex;
import static dev.rollouts.sdk.gob.GobTestSupport.toHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollouts.sdk.gob.GobTestSupport.RecordingOutput;
import dev.rollouts.sdk.gob.TestTypes.RpcError;
import dev.rollouts.sdk.gob.TestTypes.Small;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the encoder writes beyond the spec vectors: omission rules, ids, atomicity, interfaces. */
class GobEncoderTest {

  record Everything(String s, long i, boolean b, double d, byte[] bytes, List<String> list,
      Map<String, String> map, RpcError nested, Instant t, Object any) {}

  @Test
  void omitsZeroValuesButSendsANonNullEmptyMap() throws IOException {
    RecordingOutput out = new RecordingOutput();
    new GobEncoder(out).encode(new Everything("", 0, false, 0.0, new byte[0], List.of(), Map.of(),
        null, null, null));
    byte[] bytes = out.take();
    // the value message is the last 5 bytes: length, id 65, delta 7 (field 6: map), count 0, end
    assertThat(toHex(Arrays.copyOfRange(bytes, bytes.length - 5, bytes.length)))
        .isEqualTo("04 ff 82 07 00 00".substring(3));
  }

  @Test
  void sendsANestedRecordEvenWhenAllItsFieldsAreZero() throws IOException {
    record Outer(RpcError err) {}
    RecordingOutput out = new RecordingOutput();
    GobEncoder encoder = new GobEncoder(out);
    encoder.encode(new Outer(new RpcError("")));
    byte[] bytes = out.take();
    assertThat(toHex(Arrays.copyOfRange(bytes, bytes.length - 6, bytes.length)))
        .isEqualTo("05 ff 82 01 00 00");
  }

  @Test
  void writesUnsignedComponentsAsUint() throws IOException {
    record Counters(@GoUnsigned int broker, @GoUnsigned long seq, int signed) {}
    RecordingOutput out = new RecordingOutput();
    new GobEncoder(out).encode(new Counters(-1, -1, -1));
    byte[] bytes = out.take();
    assertThat(toHex(bytes)).endsWith(
        "ff 82 01 fc ff ff ff ff 01 f8 ff ff ff ff ff ff ff ff 01 01 00");
    assertThat(toHex(bytes)).contains("01 06 00", "01 04 00"); // field ids uint, uint, int
    assertThat(new GobDecoder(new ByteArrayInputStream(bytes)).decode(Counters.class))
        .isEqualTo(new Counters(-1, -1, -1));
  }

  @Test
  void writesATopLevelInstantAsAGobEncoderSingleton() throws IOException {
    RecordingOutput out = new RecordingOutput();
    new GobEncoder(out).encode(Instant.parse("2024-01-02T03:04:05.000000006Z"));
    assertThat(toHex(out.take())).isEqualTo(toHex(hex("""
        10 ff 81 05 01 01 04 54 69 6d 65 01 ff 82 00 00 00
        13 ff 82 00 0f 01 00 00 00 0e dd 25 74 25 00 00 00 06 ff ff""")));
  }

  @Test
  void leavesNothingWrittenAndTheTableUnchangedWhenAValueFails() throws IOException {
    record Names(List<String> names) {}
    RecordingOutput out = new RecordingOutput();
    GobEncoder encoder = new GobEncoder(out);
    assertThatThrownBy(() -> encoder.encode(new Names(Arrays.asList("a", null))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null element");
    assertThat(out.writes).isZero();
    encoder.encode(new Names(List.of("a")));
    byte[] retried = out.take();
    RecordingOutput fresh = new RecordingOutput();
    new GobEncoder(fresh).encode(new Names(List.of("a")));
    assertThat(toHex(retried)).isEqualTo(toHex(fresh.take())); // definitions again, ids from 65
  }

  @Test
  void rollsBackTheTableWhenTheStreamFails() throws IOException {
    RecordingOutput recorded = new RecordingOutput();
    boolean[] fail = {true};
    OutputStream flaky = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (fail[0]) {
          fail[0] = false;
          throw new IOException("broken pipe");
        }
        recorded.write(b, off, len);
      }
    };
    GobEncoder encoder = new GobEncoder(flaky);
    assertThatThrownBy(() -> encoder.encode(new RpcError("x"))).hasMessage("broken pipe");
    encoder.encode(new RpcError("x"));
    assertThat(new GobDecoder(new ByteArrayInputStream(recorded.take())).decode(RpcError.class))
        .isEqualTo(new RpcError("x"));
  }

  @Test
  void rejectsWhatGobCannotExpress() {
    GobEncoder encoder = new GobEncoder(new RecordingOutput());
    assertThatThrownBy(() -> encoder.encode(List.of("a")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GoTypes");
    assertThatThrownBy(() -> encoder.encode(new Small("n", 1), Object.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("type not registered for interface");
    assertThatThrownBy(() -> encoder.encode('c'))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot encode");
    assertThatThrownBy(() -> encoder.encode("text", Long.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a");
  }

  // ---- interfaces beyond the top level ---------------------------------------------------------

  record Inner(Object v) {}

  record Holder(String label, Object first, List<Object> more) {}

  private static final GobOptions NESTED = GobOptions.defaults().withInterfaces(
      InterfaceRegistry.builder().register("Small", Small.class).register("Inner", Inner.class)
          .register("Holder", Holder.class).build());

  @Test
  void roundTripsInterfacesNestedInsideInterfacesAndStructs() throws IOException {
    Holder holder = new Holder("h", new Inner(new Small("n", 5)),
        Arrays.asList(new Small("a", 1), new Inner(null), null, "text", 7L));
    RecordingOutput out = new RecordingOutput();
    GobEncoder encoder = new GobEncoder(out, NESTED);
    encoder.encode(holder, Object.class);
    encoder.encode(new Inner(new Inner(new Small("deep", 9))));
    encoder.encode(holder, Object.class);
    assertThat(out.writes).isEqualTo(3);
    byte[] stream = out.take();
    GobVectorsTest.decodeEveryWay(stream, NESTED, decoder -> {
      assertThat(decoder.decode(Object.class)).isEqualTo(holder);
      assertThat(decoder.decode(Inner.class)).isEqualTo(new Inner(new Inner(new Small("deep", 9))));
      assertThat(decoder.decode(Object.class)).isEqualTo(holder);
    });
    GobVectorsTest.decodeEveryWay(stream, decoder -> {
      GobValue first = decoder.decodeValue();
      GobValue second = decoder.decodeValue();
      GobValue third = decoder.decodeValue();
      assertThat(third).isEqualTo(first);
      // the tree re-encodes to something that decodes to the same records
      RecordingOutput again = new RecordingOutput();
      GobEncoder tree = new GobEncoder(again);
      tree.encode(first);
      tree.encode(second);
      GobDecoder check = new GobDecoder(new ByteArrayInputStream(again.take()), NESTED);
      assertThat(check.decode(Object.class)).isEqualTo(holder);
      assertThat(check.decode(Inner.class)).isEqualTo(new Inner(new Inner(new Small("deep", 9))));
    });
  }

  @Test
  void decodesAnInterfaceValueWrappedWhenAskedForGobInterface() throws IOException {
    record Envelope(GobInterface payload) {}
    RecordingOutput out = new RecordingOutput();
    new GobEncoder(out, NESTED).encode(new Envelope(new GobInterface("Small", new Small("x", 2))));
    GobDecoder decoder = new GobDecoder(new ByteArrayInputStream(out.take()), NESTED);
    assertThat(decoder.decode(Envelope.class))
        .isEqualTo(new Envelope(new GobInterface("Small", new Small("x", 2))));
  }

  record Tree(String name, List<Tree> children) {}

  @Test
  void roundTripsRecursiveRecords() throws IOException {
    Tree tree = new Tree("root", List.of(new Tree("a", List.of()),
        new Tree("b", List.of(new Tree("c", null)))));
    RecordingOutput out = new RecordingOutput();
    new GobEncoder(out).encode(tree);
    Tree back = new GobDecoder(new ByteArrayInputStream(out.take())).decode(Tree.class);
    // empty lists are omitted like Go's empty slices, so they come back as null
    assertThat(back).isEqualTo(new Tree("root", List.of(new Tree("a", null),
        new Tree("b", List.of(new Tree("c", null))))));
  }
}
