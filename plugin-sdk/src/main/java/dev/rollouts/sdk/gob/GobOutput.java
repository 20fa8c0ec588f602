package dev.rollouts.sdk.gob;

import java.util.Arrays;

/**
 * A growable byte buffer holding one gob message under construction, with the primitive
 * encodings of spec/gob.md §1.
 *
 * <pre>
 * buf: [ 9 bytes reserved for the length prefix | message content ... ]
 *                                                ^HEADER            ^pos
 * </pre>
 *
 * The reserved head lets a finished message get its {@code uint(length)} prefix in place, so a
 * message that needs no type definitions goes to the stream without another copy. Not
 * thread-safe; owned by one encoder.
 */
final class GobOutput {
  static final int HEADER = 9;
  private static final int KEEP_CAPACITY = 1 << 20;
  private static final int INITIAL_CAPACITY = 256;

  byte[] buf = new byte[INITIAL_CAPACITY];
  int pos = HEADER;

  void reset() {
    if (buf.length > KEEP_CAPACITY) {
      buf = new byte[INITIAL_CAPACITY]; // give back what one huge value took
    }
    pos = HEADER;
  }

  int size() {
    return pos - HEADER;
  }

  private void ensure(int more) {
    if (buf.length - pos < more) {
      long wanted = Math.max((long) buf.length * 2, (long) pos + more);
      if (wanted > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("gob value too large to encode");
      }
      buf = Arrays.copyOf(buf, (int) wanted);
    }
  }

  void writeUint(long value) {
    ensure(9);
    if (value >= 0 && value < 0x80) {
      buf[pos++] = (byte) value;
      return;
    }
    int count = 8 - Long.numberOfLeadingZeros(value) / 8;
    buf[pos++] = (byte) -count;
    for (int shift = (count - 1) * 8; shift >= 0; shift -= 8) {
      buf[pos++] = (byte) (value >>> shift);
    }
  }

  void writeInt(long value) {
    writeUint((value << 1) ^ (value >> 63));
  }

  void writeBool(boolean value) {
    writeUint(value ? 1 : 0);
  }

  void writeFloat(double value) {
    writeUint(Long.reverseBytes(Double.doubleToRawLongBits(value)));
  }

  /** {@code uint(length) bytes}: a {@code []byte}, a string's bytes or marshaled bytes. */
  void writeBytes(byte[] bytes) {
    writeUint(bytes.length);
    writeRaw(bytes, 0, bytes.length);
  }

  void writeString(String text) {
    int length = text.length();
    for (int i = 0; i < length; i++) {
      if (text.charAt(i) >= 0x80) {
        writeBytes(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return;
      }
    }
    writeUint(length);
    ensure(length);
    byte[] b = buf;
    int p = pos;
    for (int i = 0; i < length; i++) {
      b[p + i] = (byte) text.charAt(i);
    }
    pos = p + length;
  }

  void writeRaw(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, buf, pos, length);
    pos += length;
  }

  /** Appends {@code message} as {@code uint(length) content} and empties it. */
  void appendMessage(GobOutput message) {
    writeUint(message.size());
    writeRaw(message.buf, HEADER, message.size());
    message.pos = HEADER;
  }

  /** Writes the length prefix into the reserved head; returns where the framed message starts. */
  int frame() {
    long length = size();
    int count = length < 0x80 ? 0 : 8 - Long.numberOfLeadingZeros(length) / 8;
    int start = HEADER - 1 - count;
    if (count == 0) {
      buf[start] = (byte) length;
    } else {
      buf[start] = (byte) -count;
      for (int i = 1; i <= count; i++) {
        buf[start + i] = (byte) (length >>> ((count - i) * 8));
      }
    }
    return start;
  }
}
