package dev.rollouts.sdk.gob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads gob messages from an {@link InputStream} and the primitives inside the current one.
 *
 * <pre>
 * message := uint(length) payload[length]          (spec/gob.md §2)
 * uint    := 0xxxxxxx | (256-n) b1..bn, n &lt;= 8, big-endian   (§1.1)
 * </pre>
 *
 * <p>The payload is read into {@link #buf} in bounded steps: the buffer grows only as bytes
 * actually arrive, so a hostile length prefix costs nothing and the underlying stream (a yamux
 * stream whose window credit depends on consumption) keeps flowing while a large message is
 * still incomplete. Exactly the message's bytes are taken from the stream, never more.
 *
 * <p>State: {@code buf[pos..limit)} is the unread rest of the current message and
 * {@code bufStart} the stream offset of {@code buf[0]}. Not thread-safe; owned by one decoder.
 */
final class GobInput {
  private static final int FIRST_CHUNK = 4096;
  private static final int KEEP_CAPACITY = 1 << 20;

  private final InputStream in;
  private final int maxMessageSize;
  byte[] buf = new byte[FIRST_CHUNK];
  int pos;
  int limit;
  private long bufStart;
  private long consumed;

  GobInput(InputStream in, int maxMessageSize) {
    this.in = in;
    this.maxMessageSize = maxMessageSize;
  }

  /** Stream offset of the next unread byte. */
  long offset() {
    return bufStart + pos;
  }

  boolean hasRemaining() {
    return pos < limit;
  }

  int remaining() {
    return limit - pos;
  }

  /** Drops the unread rest of the current message, as Go does after a top-level value. */
  void discard() {
    pos = limit;
  }

  /**
   * Reads the next whole message into the buffer.
   *
   * @return false at a clean end of stream before the first byte of a length prefix
   * @throws GobException for a bad or too large length, or an end of stream inside the message
   */
  boolean readMessage() throws IOException {
    int first = in.read();
    if (first < 0) {
      return false;
    }
    long start = consumed;
    consumed++;
    long length;
    if (first < 0x80) {
      length = first;
    } else {
      int count = 256 - first;
      if (count > 8) {
        throw GobException.uintOutOfRange(start);
      }
      length = 0;
      for (int i = 0; i < count; i++) {
        int b = in.read();
        if (b < 0) {
          throw GobException.unexpectedEof(consumed);
        }
        consumed++;
        length = (length << 8) | b;
      }
    }
    if (length < 0 || length >= maxMessageSize) {
      throw GobException.messageTooLong(length, maxMessageSize, start);
    }
    if (length == 0) {
      throw GobException.emptyMessage(start);
    }
    fill((int) length);
    return true;
  }

  private void fill(int length) throws IOException {
    if (buf.length > KEEP_CAPACITY && length < buf.length / 4) {
      buf = new byte[Math.max(FIRST_CHUNK, length)]; // give back what one huge message took
    }
    bufStart = consumed;
    pos = 0;
    limit = 0;
    int got = 0;
    while (got < length) {
      if (got == buf.length) {
        int grown = (int) Math.min(length, Math.max(2L * buf.length, got + (long) FIRST_CHUNK));
        buf = Arrays.copyOf(buf, grown);
      }
      int n = in.read(buf, got, Math.min(length, buf.length) - got);
      if (n < 0) {
        consumed += got;
        throw GobException.unexpectedEof(consumed);
      }
      got += n;
    }
    consumed += length;
    limit = length;
  }

  // ---- primitives (spec/gob.md §1) -----------------------------------------------------------

  long readUint() throws GobException {
    int p = pos;
    if (p >= limit) {
      throw GobException.endOfMessage(bufStart + p);
    }
    byte[] b = buf;
    int first = b[p] & 0xff;
    if (first < 0x80) {
      pos = p + 1;
      return first;
    }
    int count = 256 - first;
    if (count > 8) {
      throw GobException.uintOutOfRange(bufStart + p);
    }
    if (count > limit - p - 1) {
      throw GobException.endOfMessage(bufStart + limit);
    }
    long value = 0;
    for (int i = 1; i <= count; i++) {
      value = (value << 8) | (b[p + i] & 0xff);
    }
    pos = p + 1 + count;
    return value;
  }

  long readInt() throws GobException {
    long u = readUint();
    return (u >>> 1) ^ -(u & 1);
  }

  boolean readBool() throws GobException {
    return readUint() != 0;
  }

  double readFloat() throws GobException {
    return Double.longBitsToDouble(Long.reverseBytes(readUint()));
  }

  /** A count or length that must fit in the rest of the message. */
  int readCount(String what) throws GobException {
    long at = offset();
    long n = readUint();
    if (n < 0 || n > limit - pos) {
      throw GobException.exceedsInput(what, n, limit - pos, at);
    }
    return (int) n;
  }

  /** A count that is only bounded by {@code int}: the elements may span later messages. */
  int readUncheckedCount(String what) throws GobException {
    long at = offset();
    long n = readUint();
    if (n < 0 || n > Integer.MAX_VALUE) {
      throw GobException.exceedsInput(what, n, limit - pos, at);
    }
    return (int) n;
  }

  byte[] readBytes() throws GobException {
    int n = readCount("byte slice length");
    byte[] bytes = Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return bytes;
  }

  String readString() throws GobException {
    long at = offset();
    return readString(readUint(), at);
  }

  /** A string whose length {@code n} was already read at stream offset {@code at}. */
  String readString(long n, long at) throws GobException {
    if (n < 0 || n > limit - pos) {
      throw GobException.exceedsInput("string length", n, limit - pos, at);
    }
    String text = new String(buf, pos, (int) n, StandardCharsets.UTF_8);
    pos += (int) n;
    return text;
  }

  void skipBytes() throws GobException {
    int n = readCount("byte slice length");
    pos += n;
  }

  /**
   * Reads a struct field delta (spec/gob.md §5.2) and returns the next field number, or -1 at the
   * terminator {@code 00} or at the end of the message (which Go also accepts as the end).
   */
  int nextField(int field, int numFields, String struct, int id) throws GobException {
    if (pos >= limit) {
      return -1;
    }
    long at = offset();
    long delta = readUint();
    if (delta == 0) {
      return -1;
    }
    if (delta < 0) {
      throw GobException.fieldOutOfOrder(struct, id, at);
    }
    if (delta > numFields - 1 - field) {
      throw GobException.fieldNumberOutOfRange(field + delta, struct, numFields, id, at);
    }
    return field + (int) delta;
  }
}
