package dev.rollouts.sdk.yamux;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Reads yamux frames from a channel: a 12-byte {@link FrameHeader}, then, for Data frames, the
 * payload, which the caller asks for only after it has checked the length against its receive
 * window ({@code spec/yamux.md} §1, §4). Buffers reads like Go's {@code bufio.Reader}.
 *
 * <p>Not thread-safe: owned by the session's reader thread.
 */
final class FrameReader {

  private static final int BUFFER_SIZE = 64 * 1024;

  private final ReadableByteChannel channel;
  /** Holds read-but-unconsumed bytes between position and limit (read mode). */
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE).flip();

  FrameReader(ReadableByteChannel channel) {
    this.channel = channel;
  }

  /**
   * Reads the next header.
   *
   * @return the header, or {@code null} at a clean end of stream (before its first byte)
   * @throws EOFException if the stream ends inside the header
   * @throws YamuxException if the version or type is invalid
   * @throws IOException if the channel fails
   */
  FrameHeader readHeader() throws IOException {
    while (buffer.remaining() < FrameHeader.SIZE) {
      boolean empty = !buffer.hasRemaining();
      if (!fill()) {
        if (empty) {
          return null;
        }
        throw new EOFException("connection ended inside a frame header");
      }
    }
    return FrameHeader.decode(buffer);
  }

  /**
   * Reads exactly {@code length} payload bytes into a new array.
   *
   * @throws EOFException if the stream ends first
   */
  byte[] readPayload(int length) throws IOException {
    byte[] payload = new byte[length];
    int copied = Math.min(length, buffer.remaining());
    buffer.get(payload, 0, copied);
    ByteBuffer rest = ByteBuffer.wrap(payload, copied, length - copied);
    while (rest.hasRemaining()) {
      if (channel.read(rest) < 0) {
        throw new EOFException("connection ended inside a frame payload");
      }
    }
    return payload;
  }

  /**
   * Reads and discards {@code length} payload bytes without allocating for them.
   *
   * @throws EOFException if the stream ends first
   */
  void skipPayload(long length) throws IOException {
    long left = length;
    while (left > 0) {
      if (!buffer.hasRemaining() && !fill()) {
        throw new EOFException("connection ended inside a discarded frame payload");
      }
      int skipped = (int) Math.min(left, buffer.remaining());
      buffer.position(buffer.position() + skipped);
      left -= skipped;
    }
  }

  /** Reads more bytes into the buffer; false at end of stream. */
  private boolean fill() throws IOException {
    buffer.compact();
    try {
      int read;
      do {
        read = channel.read(buffer);
      } while (read == 0);
      return read > 0;
    } finally {
      buffer.flip();
    }
  }
}
