package dev.rollouts.sdk.yamux;

import java.nio.ByteBuffer;

/**
 * One 12-byte yamux frame header, as it travels on the wire ({@code spec/yamux.md} §1).
 *
 * <pre>
 *  0        1        2                 4                                 8                                12
 * +--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+
 * |version |  type  |      flags      |             stream id             |              length               |
 * +--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+--------+
 *    0x00    0 Data     SYN 1, ACK 2,      uint32 big-endian; 0 = the      Data: payload bytes that follow;
 *            1 WinUpd   FIN 4, RST 8       session (Ping, Go Away)         WinUpd: window delta; Ping: opaque
 *            2 Ping                                                        value; Go Away: error code
 *            3 GoAway
 * </pre>
 *
 * <p>All multi-byte fields are big-endian. The stream id and length are unsigned 32-bit values,
 * held here in an {@code int} (id, compare with {@link Integer#compareUnsigned}) and a
 * {@code long} (length, always in {@code [0, 2^32)}).
 *
 * <p>Immutable; thread-safe.
 *
 * @param type     frame type, {@link #TYPE_DATA} .. {@link #TYPE_GO_AWAY}
 * @param flags    bit set of {@link #FLAG_SYN}, {@link #FLAG_ACK}, {@link #FLAG_FIN}, {@link #FLAG_RST}
 * @param streamId stream id as an unsigned 32-bit value
 * @param length   the length field as an unsigned 32-bit value
 */
record FrameHeader(int type, int flags, int streamId, long length) {

  /** Bytes in every header. */
  static final int SIZE = 12;
  /** The only protocol version. */
  static final int PROTOCOL_VERSION = 0;

  static final int TYPE_DATA = 0;
  static final int TYPE_WINDOW_UPDATE = 1;
  static final int TYPE_PING = 2;
  static final int TYPE_GO_AWAY = 3;

  static final int FLAG_SYN = 0x1;
  static final int FLAG_ACK = 0x2;
  static final int FLAG_FIN = 0x4;
  static final int FLAG_RST = 0x8;

  static final int GO_AWAY_NORMAL = 0;
  static final int GO_AWAY_PROTOCOL_ERROR = 1;
  static final int GO_AWAY_INTERNAL_ERROR = 2;

  /** The session's own id, used by Ping and Go Away. */
  static final int SESSION_STREAM_ID = 0;

  private static final long MAX_UINT32 = 0xFFFF_FFFFL;

  FrameHeader {
    if (type < TYPE_DATA || type > TYPE_GO_AWAY) {
      throw new IllegalArgumentException("frame type out of range: " + type);
    }
    if ((flags & ~0xFFFF) != 0) {
      throw new IllegalArgumentException("flags do not fit 16 bits: " + flags);
    }
    if (length < 0 || length > MAX_UINT32) {
      throw new IllegalArgumentException("length does not fit 32 bits: " + length);
    }
  }

  static FrameHeader data(int streamId, int flags, int length) {
    return new FrameHeader(TYPE_DATA, flags, streamId, length);
  }

  static FrameHeader windowUpdate(int streamId, int flags, long delta) {
    return new FrameHeader(TYPE_WINDOW_UPDATE, flags, streamId, delta);
  }

  static FrameHeader ping(int flags, long opaque) {
    return new FrameHeader(TYPE_PING, flags, SESSION_STREAM_ID, opaque);
  }

  static FrameHeader goAway(int code) {
    return new FrameHeader(TYPE_GO_AWAY, 0, SESSION_STREAM_ID, Integer.toUnsignedLong(code));
  }

  boolean has(int flag) {
    return (flags & flag) == flag;
  }

  /** Writes the 12 header bytes at the buffer's position and advances it. */
  void encode(ByteBuffer out) {
    out.put((byte) PROTOCOL_VERSION)
        .put((byte) type)
        .putShort((short) flags)
        .putInt(streamId)
        .putInt((int) length);
  }

  byte[] toBytes() {
    ByteBuffer buffer = ByteBuffer.allocate(SIZE);
    encode(buffer);
    return buffer.array();
  }

  /**
   * Reads 12 header bytes from the buffer's position and advances it.
   *
   * @throws YamuxException if the version byte is not 0 or the type is not 0..3 (both fatal for
   *     the session, as in Go)
   */
  static FrameHeader decode(ByteBuffer in) throws YamuxException {
    int version = Byte.toUnsignedInt(in.get());
    int type = Byte.toUnsignedInt(in.get());
    int flags = Short.toUnsignedInt(in.getShort());
    int streamId = in.getInt();
    long length = Integer.toUnsignedLong(in.getInt());
    if (version != PROTOCOL_VERSION) {
      throw YamuxException.invalidVersion(version);
    }
    if (type > TYPE_GO_AWAY) {
      throw YamuxException.invalidMessageType(type);
    }
    return new FrameHeader(type, flags, streamId, length);
  }

  @Override
  public String toString() {
    return typeName(type) + flagNames(flags) + " stream " + Integer.toUnsignedString(streamId)
        + " length " + length;
  }

  private static String typeName(int type) {
    return switch (type) {
      case TYPE_DATA -> "DATA";
      case TYPE_WINDOW_UPDATE -> "WINDOW_UPDATE";
      case TYPE_PING -> "PING";
      default -> "GO_AWAY";
    };
  }

  private static String flagNames(int flags) {
    StringBuilder names = new StringBuilder();
    if ((flags & FLAG_SYN) != 0) names.append(" SYN");
    if ((flags & FLAG_ACK) != 0) names.append(" ACK");
    if ((flags & FLAG_FIN) != 0) names.append(" FIN");
    if ((flags & FLAG_RST) != 0) names.append(" RST");
    int unknown = flags & ~0xF;
    if (unknown != 0) names.append(" 0x").append(Integer.toHexString(unknown));
    return names.toString();
  }
}
