package dev.rollouts.sdk.gob;

import static dev.rollouts.sdk.gob.GobTestSupport.hex;
import static dev.rollouts.sdk.gob.GobTestSupport.toHex;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The fixed numbers of the format: predefined ids and the encoding tables of gob.md §1. */
class GobConstantsTest {

  @Test
  void predefinedTypeIdsAreGos() {
    assertThat(GobType.BOOL.predefinedId()).isEqualTo(1);
    assertThat(GobType.INT.predefinedId()).isEqualTo(2);
    assertThat(GobType.UINT.predefinedId()).isEqualTo(3);
    assertThat(GobType.FLOAT.predefinedId()).isEqualTo(4);
    assertThat(GobType.BYTES.predefinedId()).isEqualTo(5);
    assertThat(GobType.STRING.predefinedId()).isEqualTo(6);
    assertThat(GobType.COMPLEX.predefinedId()).isEqualTo(7);
    assertThat(GobType.INTERFACE.predefinedId()).isEqualTo(8);
    assertThat(TypeTable.FIRST_USER_ID).isEqualTo(64);
    assertThat(GobEncoder.FIRST_ID).isEqualTo(65);
    assertThat(GoTime.UNIX_TO_GO_SECONDS).isEqualTo(62_135_596_800L);
    assertThat(GobOptions.defaults().maxMessageSize()).isEqualTo(64 << 20);
    assertThat(GobOptions.defaults().maxDepth()).isEqualTo(512);
    assertThat(GobOptions.MAX_INTERFACE_NAME).isEqualTo(1024);
  }

  @Test
  void unsignedIntegersEncodeAsInTheTable() throws IOException {
    assertUint(0, "00");
    assertUint(7, "07");
    assertUint(127, "7f");
    assertUint(128, "ff 80");
    assertUint(255, "ff ff");
    assertUint(256, "fe 01 00");
    assertUint(65535, "fe ff ff");
    assertUint(1L << 32, "fb 01 00 00 00 00");
    assertUint(-1L, "f8 ff ff ff ff ff ff ff ff");
  }

  @Test
  void signedIntegersEncodeAsInTheTable() throws IOException {
    assertInt(0, "00");
    assertInt(1, "02");
    assertInt(-1, "01");
    assertInt(3, "06");
    assertInt(22, "2c");
    assertInt(-129, "fe 01 01");
    assertInt(65, "ff 82");
    assertInt(-65, "ff 81");
    assertInt(30_000_000_000L, "fb 0d f8 47 58 00");
    assertInt(Long.MAX_VALUE, "f8 ff ff ff ff ff ff ff fe");
    assertInt(Long.MIN_VALUE, "f8 ff ff ff ff ff ff ff ff");
  }

  @Test
  void floatsEncodeAsInTheTable() throws IOException {
    assertFloat(0.0, "00");
    assertFloat(17.0, "fe 31 40");
    assertFloat(1.5, "fe f8 3f");
    assertFloat(-2.5, "fe 04 c0");
    assertFloat(0.99, "f8 ae 47 e1 7a 14 ae ef 3f");
  }

  @Test
  void decodingAcceptsLeadingZeroBytesAsGoDoes() throws IOException {
    assertThat(input("fe 00 05").readUint()).isEqualTo(5);
  }

  private static void assertUint(long value, String bytes) throws IOException {
    GobOutput out = new GobOutput();
    out.writeUint(value);
    assertThat(written(out)).isEqualTo(bytes);
    assertThat(input(bytes).readUint()).isEqualTo(value);
  }

  private static void assertInt(long value, String bytes) throws IOException {
    GobOutput out = new GobOutput();
    out.writeInt(value);
    assertThat(written(out)).isEqualTo(bytes);
    assertThat(input(bytes).readInt()).isEqualTo(value);
  }

  private static void assertFloat(double value, String bytes) throws IOException {
    GobOutput out = new GobOutput();
    out.writeFloat(value);
    assertThat(written(out)).isEqualTo(bytes);
    assertThat(input(bytes).readFloat()).isEqualTo(value);
  }

  private static String written(GobOutput out) {
    return toHex(Arrays.copyOfRange(out.buf, GobOutput.HEADER, out.pos));
  }

  /** A GobInput positioned inside one message holding {@code bytes}. */
  private static GobInput input(String bytes) throws IOException {
    byte[] payload = hex(bytes);
    byte[] message = GobTestSupport.concat(new byte[] {(byte) payload.length}, payload);
    GobInput in = new GobInput(new ByteArrayInputStream(message), 1 << 20);
    assertThat(in.readMessage()).isTrue();
    return in;
  }
}
