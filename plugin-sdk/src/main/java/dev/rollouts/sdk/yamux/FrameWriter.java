package dev.rollouts.sdk.yamux;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session's single writer: one thread takes frames from a FIFO queue and writes each one
 * (header and payload together) to the channel, so frames never interleave and no caller ever
 * blocks on the socket while holding a lock ({@code spec/yamux.md} §11).
 *
 * <p>Callers enqueue (never blocks) and then, if they care, {@linkplain #await await} the write
 * with the write timeout. The session's reader thread only enqueues (ping replies, RSTs) and never
 * waits, except for the Go Away it sends just before closing the session after a protocol error.
 *
 * <p>A sender that need not wait may instead {@linkplain #writeNowOrEnqueue write on its own
 * thread} when nothing is queued or being written: that saves waking the writer thread, the
 * largest part of a small reply's cost on a 2-core machine.
 *
 * <p>Guarded: {@code queue} by its own locks; {@code closed}/{@code closeCause} are volatile and
 * set once by {@link #close}; the channel's write side by {@code channelLock} (the writer thread
 * holds it for each frame; a sender writing on its own thread holds it likewise);
 * {@code unwritten} counts frames queued or being written by the writer thread, so that a
 * sender writes on its own thread only when that keeps the FIFO order. Thread-safe.
 */
final class FrameWriter {

  private static final Logger log = LoggerFactory.getLogger(FrameWriter.class);

  /** Reader-originated frames (ping replies, RSTs) are dropped beyond this many queued frames. */
  static final int MAX_QUEUED_CONTROL_FRAMES = 4096;

  /** One frame waiting to be written, with its completion. */
  static final class OutboundFrame {
    private final FrameHeader header;
    private final ByteBuffer bytes;
    private final CompletableFuture<Void> written = new CompletableFuture<>();

    private OutboundFrame(FrameHeader header, byte[] payload, int offset, int length) {
      this.header = header;
      this.bytes = ByteBuffer.allocate(FrameHeader.SIZE + length);
      header.encode(bytes);
      bytes.put(payload, offset, length).flip();
    }

    FrameHeader header() {
      return header;
    }
  }

  private static final byte[] NO_PAYLOAD = new byte[0];

  private final WritableByteChannel channel;
  private final Consumer<YamuxException> onConnectionFailure;
  private final LinkedBlockingQueue<OutboundFrame> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final ReentrantLock channelLock = new ReentrantLock();
  private final AtomicInteger unwritten = new AtomicInteger();
  private volatile boolean closed;
  private volatile YamuxException closeCause;

  FrameWriter(WritableByteChannel channel, String threadName,
      Consumer<YamuxException> onConnectionFailure) {
    this.channel = channel;
    this.onConnectionFailure = onConnectionFailure;
    this.thread = Thread.ofPlatform().name(threadName).daemon().unstarted(this::writeLoop);
  }

  void start() {
    thread.start();
  }

  /**
   * Queues a frame without payload.
   *
   * @throws YamuxException ("session shutdown") if the writer is closed
   */
  OutboundFrame enqueue(FrameHeader header) throws YamuxException {
    return enqueue(header, NO_PAYLOAD, 0, 0);
  }

  /**
   * Queues a frame with a copy of {@code payload[offset, offset + length)}.
   *
   * @throws YamuxException ("session shutdown") if the writer is closed
   */
  OutboundFrame enqueue(FrameHeader header, byte[] payload, int offset, int length)
      throws YamuxException {
    OutboundFrame frame = new OutboundFrame(header, payload, offset, length);
    enqueue(frame);
    return frame;
  }

  private void enqueue(OutboundFrame frame) throws YamuxException {
    if (closed) {
      throw YamuxException.sessionShutdown(closeCause);
    }
    unwritten.incrementAndGet();
    queue.add(frame);
    // close() may have drained the queue between the check and the add.
    if (closed && queue.remove(frame)) {
      unwritten.decrementAndGet();
      throw YamuxException.sessionShutdown(closeCause);
    }
  }

  /**
   * Writes a frame with a copy of {@code payload[offset, offset + length)} on the calling thread
   * if no frame is queued or being written, else queues it; returns without waiting either way.
   * An interrupted thread always queues: an interrupt during a write to an interruptible
   * channel would close the connection. A failed write closes the session, as in the writer.
   *
   * @throws YamuxException ("session shutdown") if the writer is closed, or the connection
   *     failed during this write
   */
  void writeNowOrEnqueue(FrameHeader header, byte[] payload, int offset, int length)
      throws YamuxException {
    OutboundFrame frame = new OutboundFrame(header, payload, offset, length);
    if (unwritten.get() == 0 && !Thread.currentThread().isInterrupted()
        && channelLock.tryLock()) {
      try {
        // Under the lock no frame is being written; none queued means none may go out first.
        if (unwritten.get() == 0 && !closed) {
          writeFrame(frame);
          if (frame.written.isCompletedExceptionally()) {
            throw (YamuxException) frame.written.exceptionNow();
          }
          return;
        }
      } finally {
        channelLock.unlock();
      }
    }
    enqueue(frame);
  }

  /**
   * Queues a frame the reader thread owes the peer (ping reply, RST), logging instead of throwing
   * when that is impossible; drops it if the peer has let too many frames pile up.
   */
  void enqueueControl(FrameHeader header) {
    if (queue.size() >= MAX_QUEUED_CONTROL_FRAMES) {
      log.warn("yamux: dropping {}: {} frames already waiting to be written", header,
          queue.size());
      return;
    }
    try {
      enqueue(header);
    } catch (YamuxException e) {
      log.debug("yamux: not sending {}: {}", header, e.getMessage());
    }
  }

  /**
   * Waits until the frame has been written.
   *
   * @throws YamuxException "connection write timeout" if it took longer than {@code timeout}
   *     (the frame may still be written later unless {@link #cancel} succeeds), or "session
   *     shutdown" if the session closed first
   * @throws InterruptedIOException if the calling thread is interrupted
   */
  void await(OutboundFrame frame, Duration timeout) throws IOException {
    try {
      frame.written.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw YamuxException.connectionWriteTimeout();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof YamuxException failure) {
        throw failure;
      }
      throw YamuxException.sessionShutdown(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a frame to be written");
    }
  }

  /** Takes a not-yet-started frame back out of the queue; false if it is being or was written. */
  boolean cancel(OutboundFrame frame) {
    if (queue.remove(frame)) {
      unwritten.decrementAndGet();
      return true;
    }
    return false;
  }

  /** Stops the writer; queued and future frames fail with "session shutdown" caused by {@code cause}. */
  void close(YamuxException cause) {
    closeCause = cause;
    closed = true;
    thread.interrupt();
    failQueued();
  }

  private void failQueued() {
    List<OutboundFrame> left = new ArrayList<>();
    queue.drainTo(left);
    unwritten.addAndGet(-left.size());
    for (OutboundFrame frame : left) {
      frame.written.completeExceptionally(YamuxException.sessionShutdown(closeCause));
    }
  }

  private void writeLoop() {
    while (!closed) {
      OutboundFrame frame;
      try {
        frame = queue.take();
      } catch (InterruptedException e) {
        break;
      }
      channelLock.lock();
      try {
        writeFrame(frame);
      } finally {
        unwritten.decrementAndGet();
        channelLock.unlock();
      }
      if (frame.written.isCompletedExceptionally()) {
        break;
      }
    }
    failQueued();
  }

  /** Writes one frame with {@code channelLock} held; a failure closes the session. */
  private void writeFrame(OutboundFrame frame) {
    try {
      while (frame.bytes.hasRemaining()) {
        channel.write(frame.bytes);
      }
      frame.written.complete(null);
    } catch (IOException e) {
      YamuxException failure = closed
          ? YamuxException.sessionShutdown(closeCause)
          : YamuxException.connectionFailed(e);
      frame.written.completeExceptionally(failure);
      if (!closed) {
        log.error("yamux: failed to write {}: {}", frame.header, e.toString());
        onConnectionFailure.accept(failure);
      }
    }
  }
}
