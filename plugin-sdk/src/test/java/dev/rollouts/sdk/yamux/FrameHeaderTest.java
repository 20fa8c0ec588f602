package dev.rollouts.sdk.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Header bytes built field by field ({@code spec/yamux.md} §1, §3, §5) and the frame reader. */
class FrameHeaderTest {

  @Test
  void encodesWindowUpdateSynForStreamOne() {
    FrameHeader syn = FrameHeader.windowUpdate(1, FrameHeader.FLAG_SYN, 0);
    assertThat(Hex.of(syn.toBytes())).isEqualTo(
        "00"              // version
            + " 01"       // type: window update
            + " 00 01"    // flags: SYN
            + " 00 00 00 01" // stream 1
            + " 00 00 00 00"); // delta 0
  }

  @Test
  void encodesAckFinRstAndPing() {
    assertThat(FrameHeader.windowUpdate(1, FrameHeader.FLAG_ACK, 0).toBytes())
        .isEqualTo(Hex.bytes("00 01 00 02 00 00 00 01 00 00 00 00"));
    assertThat(FrameHeader.windowUpdate(1, FrameHeader.FLAG_FIN, 0).toBytes())
        .isEqualTo(Hex.bytes("00 01 00 04 00 00 00 01 00 00 00 00"));
    assertThat(FrameHeader.windowUpdate(7, FrameHeader.FLAG_RST, 0).toBytes())
        .isEqualTo(Hex.bytes("00 01 00 08 00 00 00 07 00 00 00 00"));
    assertThat(FrameHeader.ping(FrameHeader.FLAG_SYN, 0).toBytes())
        .isEqualTo(Hex.bytes("00 02 00 01 00 00 00 00 00 00 00 00"));
    assertThat(FrameHeader.ping(FrameHeader.FLAG_ACK, 0xDEADBEEFL).toBytes())
        .isEqualTo(Hex.bytes("00 02 00 02 00 00 00 00 de ad be ef"));
    assertThat(FrameHeader.goAway(FrameHeader.GO_AWAY_PROTOCOL_ERROR).toBytes())
        .isEqualTo(Hex.bytes("00 03 00 00 00 00 00 00 00 00 00 01"));
  }

  @Test
  void encodesGoObservedWindowUpdateDelta() {
    // spec/yamux.md §4: S→C WINDOW_UPDATE stream 1 delta 140005
    assertThat(FrameHeader.windowUpdate(1, 0, 140_005).toBytes())
        .isEqualTo(Hex.bytes("00 01 00 00 00 00 00 01 00 02 22 e5"));
    assertThat(FrameHeader.data(1, 0, 262_139).toBytes())
        .isEqualTo(Hex.bytes("00 00 00 00 00 00 00 01 00 03 ff fb"));
  }

  @Test
  void decodesUnsignedFields() throws Exception {
    FrameHeader header = FrameHeader.decode(
        ByteBuffer.wrap(Hex.bytes("00 00 ff ff ff ff ff fe ff ff ff ff")));
    assertThat(header.type()).isEqualTo(FrameHeader.TYPE_DATA);
    assertThat(header.flags()).isEqualTo(0xFFFF);
    assertThat(Integer.toUnsignedLong(header.streamId())).isEqualTo(0xFFFF_FFFEL);
    assertThat(header.length()).isEqualTo(0xFFFF_FFFFL);
  }

  @Test
  void decodesTheCapturedHostFrames() throws Exception {
    ByteBuffer frames = ByteBuffer.wrap(CapturedSession.HOST_OPENS_CONTROL_STDOUT_STDERR);
    assertThat(FrameHeader.decode(frames))
        .isEqualTo(FrameHeader.windowUpdate(1, FrameHeader.FLAG_SYN, 0));
    assertThat(FrameHeader.decode(frames))
        .isEqualTo(FrameHeader.windowUpdate(3, FrameHeader.FLAG_SYN, 0));
    assertThat(FrameHeader.decode(frames))
        .isEqualTo(FrameHeader.windowUpdate(5, FrameHeader.FLAG_SYN, 0));
    assertThat(frames.hasRemaining()).isFalse();
  }

  @Test
  void roundTripsEveryTypeAndFlag() throws Exception {
    for (int type = 0; type <= 3; type++) {
      for (int flags = 0; flags < 16; flags++) {
        FrameHeader header = new FrameHeader(type, flags, 0x8000_0001, 0x8000_0002L);
        assertThat(FrameHeader.decode(ByteBuffer.wrap(header.toBytes()))).isEqualTo(header);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 0x7f, 0xff})
  void failsWhenVersionIsNotZero(int version) {
    byte[] bytes = Hex.bytes("00 02 00 01 00 00 00 00 00 00 00 00");
    bytes[0] = (byte) version;
    assertThatThrownBy(() -> FrameHeader.decode(ByteBuffer.wrap(bytes)))
        .isInstanceOf(YamuxException.class)
        .hasMessage("invalid protocol version: " + version)
        .matches(e -> ((YamuxException) e).sessionFatal());
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 5, 0x80, 0xff})
  void failsWhenTypeIsUnknown(int type) {
    byte[] bytes = Hex.bytes("00 00 00 00 00 00 00 01 00 00 00 00");
    bytes[1] = (byte) type;
    assertThatThrownBy(() -> FrameHeader.decode(ByteBuffer.wrap(bytes)))
        .isInstanceOf(YamuxException.class)
        .hasMessage("invalid msg type: " + type);
  }

  @Test
  void readerAssemblesFramesArrivingOneByteAtATime() throws Exception {
    byte[] wire = CapturedSession.HOST_FIRST_FOUR_FRAMES;
    FrameReader reader = new FrameReader(oneByteAtATime(wire));
    assertThat(reader.readHeader().streamId()).isEqualTo(1);
    assertThat(reader.readHeader().streamId()).isEqualTo(3);
    assertThat(reader.readHeader().streamId()).isEqualTo(5);
    FrameHeader data = reader.readHeader();
    assertThat(data).isEqualTo(FrameHeader.data(1, 0, 99));
    assertThat(reader.readPayload(99)).isEqualTo(CapturedSession.DISPENSE_REQUEST);
    assertThat(reader.readHeader()).as("clean end of stream").isNull();
  }

  @Test
  void readerSkipsPayloadsWithoutKeepingThem() throws Exception {
    byte[] wire = Hex.concat(FrameHeader.data(9, 0, 5).toBytes(), Hex.bytes("01 02 03 04 05"),
        FrameHeader.ping(FrameHeader.FLAG_SYN, 7).toBytes());
    FrameReader reader = new FrameReader(oneByteAtATime(wire));
    assertThat(reader.readHeader().length()).isEqualTo(5);
    reader.skipPayload(5);
    assertThat(reader.readHeader()).isEqualTo(FrameHeader.ping(FrameHeader.FLAG_SYN, 7));
  }

  @Test
  void failsWhenStreamEndsInsideAHeaderOrPayload() throws Exception {
    FrameReader torn = new FrameReader(channelOf(Hex.bytes("00 01 00 01 00")));
    assertThatThrownBy(torn::readHeader).isInstanceOf(EOFException.class);

    FrameReader shortPayload = new FrameReader(
        channelOf(Hex.concat(FrameHeader.data(1, 0, 4).toBytes(), Hex.bytes("01 02"))));
    shortPayload.readHeader();
    assertThatThrownBy(() -> shortPayload.readPayload(4)).isInstanceOf(EOFException.class);
  }

  private static ReadableByteChannel channelOf(byte[] bytes) {
    return Channels.newChannel(new ByteArrayInputStream(bytes));
  }

  /** A channel that hands out one byte per read, the worst chunking a socket can produce. */
  static ReadableByteChannel oneByteAtATime(byte[] bytes) {
    ByteBuffer source = ByteBuffer.wrap(bytes);
    return new ReadableByteChannel() {
      @Override
      public int read(ByteBuffer dst) {
        if (!source.hasRemaining()) {
          return -1;
        }
        dst.put(source.get());
        return 1;
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {}
    };
  }
}
