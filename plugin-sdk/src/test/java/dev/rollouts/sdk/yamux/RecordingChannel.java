package dev.rollouts.sdk.yamux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Passes reads and writes through to a real channel and keeps the header of every frame written,
 * so tests can see which window updates and pings a session sent.
 */
final class RecordingChannel implements ByteChannel {

  private final ByteChannel delegate;
  private final List<FrameHeader> written = new ArrayList<>();
  private final ByteBuffer pendingHeader = ByteBuffer.allocate(FrameHeader.SIZE);
  private long payloadLeft;

  RecordingChannel(ByteChannel delegate) {
    this.delegate = delegate;
  }

  /** How many frames written so far match. */
  long countWritten(Predicate<FrameHeader> matching) {
    synchronized (written) {
      return written.stream().filter(matching).count();
    }
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return delegate.read(dst);
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    ByteBuffer view = src.duplicate();
    int n = delegate.write(src);
    view.limit(view.position() + n);
    record(view);
    return n;
  }

  /** Called from the session's single writer thread only. */
  private void record(ByteBuffer bytes) {
    while (bytes.hasRemaining()) {
      if (payloadLeft > 0) {
        int skip = (int) Math.min(payloadLeft, bytes.remaining());
        bytes.position(bytes.position() + skip);
        payloadLeft -= skip;
        continue;
      }
      pendingHeader.put(bytes.get());
      if (!pendingHeader.hasRemaining()) {
        FrameHeader header;
        try {
          header = FrameHeader.decode(pendingHeader.flip());
        } catch (YamuxException e) {
          throw new AssertionError("session wrote a bad header", e);
        }
        pendingHeader.clear();
        payloadLeft = header.type() == FrameHeader.TYPE_DATA ? header.length() : 0;
        synchronized (written) {
          written.add(header);
        }
      }
    }
  }

  @Override
  public boolean isOpen() {
    return delegate.isOpen();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
