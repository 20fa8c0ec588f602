package dev.rollouts.sdk.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A scripted yamux peer on a raw socket: writes hand-made frames (whole, or a byte at a time)
 * and reads what the session under test sends, with bounded waits. A background thread collects
 * everything the session writes, so the session is never blocked by this peer unless the test
 * wants it ({@link #stopReading()}).
 */
final class RawPeer implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(10);

  private final SocketChannel channel;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final Condition resumed = lock.newCondition();
  private byte[] received = new byte[0];
  private int consumed;
  private boolean eof;
  private boolean paused;
  private final Thread collector;

  RawPeer(SocketChannel channel) {
    this.channel = channel;
    this.collector = Thread.ofVirtual().start(this::collect);
  }

  /** A frame as the session wrote it. */
  record Frame(FrameHeader header, byte[] payload) {
    @Override
    public String toString() {
      return header + (payload.length > 0 ? " payload " + payload.length + " bytes" : "");
    }
  }

  void send(byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  void sendOneByteAtATime(byte[] bytes) throws IOException {
    for (byte b : bytes) {
      send(new byte[] {b});
    }
  }

  void send(FrameHeader header) throws IOException {
    send(header.toBytes());
  }

  void send(FrameHeader header, byte[] payload) throws IOException {
    send(Hex.concat(header.toBytes(), payload));
  }

  /** Raw header bytes, for headers {@link FrameHeader} refuses to build. */
  void sendHeader(int version, int type, int flags, int streamId, int length) throws IOException {
    send(ByteBuffer.allocate(FrameHeader.SIZE).put((byte) version).put((byte) type)
        .putShort((short) flags).putInt(streamId).putInt(length).array());
  }

  /** Stops taking bytes off the socket, so the session's writes eventually block. */
  void stopReading() {
    lock.lock();
    try {
      paused = true;
    } finally {
      lock.unlock();
    }
  }

  void resumeReading() {
    lock.lock();
    try {
      paused = false;
      resumed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The next {@code count} bytes the session sent, waiting for them boundedly. */
  byte[] receive(int count) throws InterruptedException {
    lock.lock();
    try {
      long left = WAIT.toNanos();
      while (received.length - consumed < count) {
        assertThat(eof).as("connection ended before %d more bytes arrived", count).isFalse();
        assertThat(left).as("%d more bytes within %s", count, WAIT).isPositive();
        left = arrived.awaitNanos(left);
      }
      byte[] bytes = Arrays.copyOfRange(received, consumed, consumed + count);
      consumed += count;
      return bytes;
    } finally {
      lock.unlock();
    }
  }

  Frame receiveFrame() throws Exception {
    FrameHeader header = FrameHeader.decode(ByteBuffer.wrap(receive(FrameHeader.SIZE)));
    byte[] payload = header.type() == FrameHeader.TYPE_DATA
        ? receive((int) header.length()) : new byte[0];
    return new Frame(header, payload);
  }

  /** Skips frames the test does not care about (pings, window updates) until one matches. */
  Frame receiveFrameOfType(int type) throws Exception {
    while (true) {
      Frame frame = receiveFrame();
      if (frame.header().type() == type) {
        return frame;
      }
    }
  }

  /** Waits for the session to close the connection; returns the bytes it sent before that. */
  byte[] awaitEof() throws InterruptedException {
    lock.lock();
    try {
      long left = WAIT.toNanos();
      while (!eof) {
        assertThat(left).as("end of stream within %s", WAIT).isPositive();
        left = arrived.awaitNanos(left);
      }
      byte[] rest = Arrays.copyOfRange(received, consumed, received.length);
      consumed = received.length;
      return rest;
    } finally {
      lock.unlock();
    }
  }

  private void collect() {
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    try {
      while (true) {
        awaitNotPaused();
        buffer.clear();
        if (channel.read(buffer) < 0) {
          break;
        }
        append(Arrays.copyOf(buffer.array(), buffer.position()));
      }
    } catch (IOException | InterruptedException e) {
      // connection reset or closed: same as end of stream for the test
    }
    lock.lock();
    try {
      eof = true;
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void awaitNotPaused() throws InterruptedException {
    lock.lock();
    try {
      while (paused) {
        resumed.await(1, TimeUnit.SECONDS);
      }
    } finally {
      lock.unlock();
    }
  }

  private void append(byte[] bytes) {
    lock.lock();
    try {
      ByteArrayOutputStream joined = new ByteArrayOutputStream();
      joined.write(received, consumed, received.length - consumed);
      joined.writeBytes(bytes);
      received = joined.toByteArray();
      consumed = 0;
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() throws Exception {
    channel.close();
    collector.join(WAIT.toMillis());
  }
}
