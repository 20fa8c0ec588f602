package dev.rollouts.sdk.yamux;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One yamux stream: a bidirectional byte stream inside a {@link YamuxSession}, with its own
 * flow-control windows ({@code spec/yamux.md} §3, §4).
 *
 * <pre>{@code
 * YamuxStream stream = session.accept();
 * byte[] request = stream.inputStream().readNBytes(4);
 * stream.outputStream().write(request);   // blocks while the peer's window is full
 * stream.close();                          // FIN: half close, reading still works
 * }</pre>
 *
 * <p>Reading hands out buffered bytes as soon as any are there and credits the peer's window as
 * the application consumes them (a Window Update once at least half the window has been
 * consumed, as Go does), so a message larger than the window can be read incrementally. Writing
 * sends frames of {@code min(send window, remaining)} bytes and waits, at most the write timeout
 * at a time, while the window is zero.
 *
 * <p>Thread-safe: one reader and one writer may work concurrently; concurrent writers are
 * serialised so each {@code write} call's bytes stay contiguous.
 *
 * <p>Guarded by {@code lock}: {@code state}, the receive buffer ({@code received},
 * {@code headOffset}, {@code buffered}), {@code recvWindow}, {@code sendWindow}, the timers and
 * {@code sessionClosed}; {@code readable} is signalled when data, FIN, RST or session close
 * arrives, {@code writable} when send window, a state change or session close arrives.
 * {@code writeLock} serialises writers and is taken before {@code lock}, never by the session's
 * reader thread. Lock order: {@code writeLock} → {@code lock} → session lock → writer queue.
 */
public final class YamuxStream implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(YamuxStream.class);

  private final YamuxSession session;
  private final int id;
  private final long maxWindow;

  private final ReentrantLock writeLock = new ReentrantLock();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition readable = lock.newCondition();
  private final Condition writable = lock.newCondition();

  private StreamState state;
  private final ArrayDeque<byte[]> received = new ArrayDeque<>();
  private int headOffset;
  private long buffered;
  private long recvWindow = YamuxConfig.INITIAL_STREAM_WINDOW;
  private long sendWindow = YamuxConfig.INITIAL_STREAM_WINDOW;
  private ScheduledFuture<?> openTimer;
  private ScheduledFuture<?> closeTimer;
  private boolean sessionClosed;

  private final InputStream input = new StreamInput();
  private final OutputStream output = new StreamOutput(true);
  private final OutputStream queuedOutput = new StreamOutput(false);

  YamuxStream(YamuxSession session, int id, StreamState initial) {
    this.session = session;
    this.id = id;
    this.state = initial;
    this.maxWindow = session.config().maxStreamWindowSize();
  }

  /** The stream id: odd for streams the client opened, even for the server's (unsigned). */
  public int id() {
    return id;
  }

  /**
   * The receiving side. {@code read} returns whatever is buffered (at least one byte), blocks
   * while nothing is, and returns -1 once the peer has closed its side and the buffer is empty.
   * {@code read} throws {@link YamuxException} after a reset ("connection reset") or once the
   * session is closed ("session shutdown"). {@code close()} of this stream does nothing.
   */
  public InputStream inputStream() {
    return input;
  }

  /**
   * The sending side. {@code write} returns when every byte has been handed to the connection;
   * it throws {@link YamuxException} "connection write timeout" if the peer's window stays shut
   * for the write timeout (the session stays up), "stream closed" after {@link #close()},
   * "connection reset" after a reset, "session shutdown" once the session is closed.
   * {@code close()} is {@link #close()}; {@code flush()} does nothing.
   */
  public OutputStream outputStream() {
    return output;
  }

  /**
   * The sending side for senders that need not know when their bytes reach the connection (a
   * net/rpc server's replies): {@code write} returns once the bytes are queued on the session, in
   * order, ahead of anything written later on this session; it blocks only while the peer's window
   * is shut, and throws as {@link #outputStream()}'s does except that a failure to write a queued
   * frame closes the session instead of reaching the writer. Not waiting saves the hand-back from
   * the session's writer thread to the sender: one thread wake-up per write. When nothing else is
   * queued or being written, the bytes are written on the caller's own thread (saving the writer
   * thread's wake-up too); an interrupted caller always queues. {@code close()} is
   * {@link #close()}; {@code flush()} does nothing.
   */
  public OutputStream queuedOutputStream() {
    return queuedOutput;
  }

  /**
   * Half-closes the stream: sends FIN (at most once); this side writes no more but may still read
   * until the peer's FIN. If the peer never sends FIN, the stream is reset after the config's
   * stream-close timeout. Does nothing if already closed or reset; never throws (a failure to
   * send the FIN is logged: the session is then closing anyway).
   */
  @Override
  public void close() {
    FrameWriter.OutboundFrame fin;
    boolean bothClosed;
    lock.lock();
    try {
      if (!state.mayStillClose()) {
        return;
      }
      int flags = nextFlags() | FrameHeader.FLAG_FIN;
      bothClosed = state == StreamState.REMOTE_CLOSE;
      state = bothClosed ? StreamState.CLOSED : StreamState.LOCAL_CLOSE;
      cancel(openTimer);
      if (bothClosed) {
        cancel(closeTimer);
      } else {
        closeTimer = session.scheduleCloseTimeout(this);
      }
      readable.signalAll();
      writable.signalAll();
      if (sessionClosed) {
        return;
      }
      fin = session.writer().enqueue(FrameHeader.windowUpdate(id, flags, 0));
    } catch (YamuxException e) {
      log.debug("yamux: FIN for stream {} not sent: {}", idString(), e.getMessage());
      return;
    } finally {
      lock.unlock();
    }
    if (bothClosed) {
      session.removeStream(id);
    }
    try {
      session.writer().await(fin, session.config().connectionWriteTimeout());
    } catch (IOException e) {
      log.debug("yamux: FIN for stream {} not confirmed: {}", idString(), e.getMessage());
    }
  }

  /**
   * Aborts the stream: sends RST; pending and future reads and writes on both sides fail with
   * "connection reset". Does nothing if the stream is already fully closed or reset. Go sends RST
   * only in rare cases; prefer {@link #close()}.
   */
  public void reset() {
    lock.lock();
    try {
      if (state == StreamState.CLOSED || state == StreamState.RESET) {
        return;
      }
      abortLocked(StreamState.RESET);
    } finally {
      lock.unlock();
    }
    session.removeStream(id);
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "YamuxStream[" + idString() + ", " + state + "]";
    } finally {
      lock.unlock();
    }
  }

  // --- called by the session ---

  /**
   * Sends a Window Update if the peer's view of our window lags by at least half the maximum, or
   * if SYN/ACK must go out (open, accept); see Go's {@code sendWindowUpdate}.
   *
   * @return the queued frame, or null if none was needed
   */
  FrameWriter.OutboundFrame sendWindowUpdate() throws YamuxException {
    lock.lock();
    try {
      return windowUpdateLocked();
    } finally {
      lock.unlock();
    }
  }

  void setOpenTimer(ScheduledFuture<?> timer) {
    lock.lock();
    try {
      openTimer = timer;
    } finally {
      lock.unlock();
    }
  }

  /** Whether an open timeout should close the session: the peer never acknowledged our SYN. */
  boolean stillAwaitingAck() {
    lock.lock();
    try {
      return state == StreamState.INIT || state == StreamState.SYN_SENT;
    } finally {
      lock.unlock();
    }
  }

  /** The close timeout fired: if the peer never sent its FIN, reset the stream (Go sends RST). */
  void closeTimedOut() {
    lock.lock();
    try {
      if (state != StreamState.LOCAL_CLOSE) {
        return;
      }
      log.warn("yamux: stream {} not closed by the peer in time, resetting it", idString());
      abortLocked(StreamState.CLOSED);
    } finally {
      lock.unlock();
    }
    session.removeStream(id);
  }

  /**
   * Applies the SYN/ACK/FIN/RST flags of a received frame (reader thread).
   *
   * @throws YamuxException on a FIN this state does not allow (protocol error)
   */
  void receiveFlags(int flags) throws YamuxException {
    boolean acknowledged = false;
    boolean remove = false;
    lock.lock();
    try {
      if ((flags & FrameHeader.FLAG_ACK) != 0) {
        if (state == StreamState.SYN_SENT) {
          state = StreamState.ESTABLISHED;
        }
        acknowledged = true;
        cancel(openTimer);
      }
      if ((flags & FrameHeader.FLAG_FIN) != 0) {
        switch (state) {
          case SYN_SENT, SYN_RECEIVED, ESTABLISHED -> state = StreamState.REMOTE_CLOSE;
          case LOCAL_CLOSE -> {
            state = StreamState.CLOSED;
            cancel(closeTimer);
            remove = true;
          }
          default -> throw YamuxException.unexpectedFin(id, state.name());
        }
      }
      if ((flags & FrameHeader.FLAG_RST) != 0) {
        state = StreamState.RESET;
        cancelTimers();
        remove = true;
      }
      readable.signalAll();
      writable.signalAll();
    } finally {
      lock.unlock();
    }
    if (acknowledged) {
      session.markAcknowledged(id);
    }
    if (remove) {
      session.removeStream(id);
    }
  }

  /** Adds a Window Update's delta to the send window (reader thread). */
  void receiveWindowCredit(long delta) {
    if (delta == 0) {
      return;
    }
    lock.lock();
    try {
      sendWindow += delta;
      writable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Checks, before any payload byte is read, that a Data frame fits the receive window.
   *
   * @throws YamuxException "recv window exceeded" (protocol error) if it does not
   */
  void checkFitsWindow(long length) throws YamuxException {
    lock.lock();
    try {
      if (length > recvWindow) {
        throw YamuxException.recvWindowExceeded(id, recvWindow, length);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Buffers a Data payload already checked by {@link #checkFitsWindow} (reader thread). */
  void receiveData(byte[] payload) {
    lock.lock();
    try {
      if (state == StreamState.RESET) {
        return;
      }
      received.addLast(payload);
      buffered += payload.length;
      recvWindow -= payload.length;
      readable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The session closed: wake every waiter; they fail with "session shutdown". */
  void sessionClosed() {
    lock.lock();
    try {
      sessionClosed = true;
      cancelTimers();
      readable.signalAll();
      writable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // --- internals ---

  private String idString() {
    return Integer.toUnsignedString(id);
  }

  /** The flags the next frame must carry, advancing the state as Go's {@code sendFlags}. */
  private int nextFlags() {
    switch (state) {
      case INIT -> {
        state = StreamState.SYN_SENT;
        return FrameHeader.FLAG_SYN;
      }
      case SYN_RECEIVED -> {
        state = StreamState.ESTABLISHED;
        return FrameHeader.FLAG_ACK;
      }
      default -> {
        return 0;
      }
    }
  }

  private FrameWriter.OutboundFrame windowUpdateLocked() throws YamuxException {
    long delta = (maxWindow - buffered) - recvWindow;
    int flags = nextFlags();
    if (delta < maxWindow / 2 && flags == 0) {
      return null;
    }
    recvWindow += delta;
    return session.writer().enqueue(FrameHeader.windowUpdate(id, flags, delta));
  }

  /** Ends the stream from this side with RST; the caller removes it from the session. */
  private void abortLocked(StreamState finalState) {
    state = finalState;
    cancelTimers();
    readable.signalAll();
    writable.signalAll();
    if (!sessionClosed) {
      session.writer().enqueueControl(FrameHeader.windowUpdate(id, FrameHeader.FLAG_RST, 0));
    }
  }

  private void cancelTimers() {
    cancel(openTimer);
    cancel(closeTimer);
  }

  private static void cancel(ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  private YamuxException sessionShutdown() {
    return YamuxException.sessionShutdown(session.closeCause().orElse(null));
  }

  private static InterruptedIOException interrupted(String what) {
    Thread.currentThread().interrupt();
    return new InterruptedIOException("interrupted while " + what);
  }

  private int read(byte[] into, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, into.length);
    if (length == 0) {
      return 0;
    }
    lock.lock();
    try {
      while (true) {
        if (state == StreamState.RESET) {
          throw YamuxException.connectionReset(id);
        }
        if (buffered > 0) {
          break;
        }
        if (state.peerFinished()) {
          return -1;
        }
        if (sessionClosed) {
          throw sessionShutdown();
        }
        readable.await();
      }
      int copied = copyOut(into, offset, length);
      creditConsumedBytes();
      return copied;
    } catch (InterruptedException e) {
      throw interrupted("waiting for data on stream " + idString());
    } finally {
      lock.unlock();
    }
  }

  private int copyOut(byte[] into, int offset, int length) {
    int copied = 0;
    while (copied < length && !received.isEmpty()) {
      byte[] head = received.peekFirst();
      int n = Math.min(length - copied, head.length - headOffset);
      System.arraycopy(head, headOffset, into, offset + copied, n);
      copied += n;
      headOffset += n;
      if (headOffset == head.length) {
        received.removeFirst();
        headOffset = 0;
      }
    }
    buffered -= copied;
    return copied;
  }

  private void creditConsumedBytes() {
    if (sessionClosed) {
      return;
    }
    try {
      windowUpdateLocked();
    } catch (YamuxException e) {
      // The session is closing; the reader will see that on its next call, as in Go.
      log.debug("yamux: window update for stream {} not sent: {}", idString(), e.getMessage());
    }
  }

  private int available() {
    lock.lock();
    try {
      return (int) Math.min(Integer.MAX_VALUE, buffered);
    } finally {
      lock.unlock();
    }
  }

  private void write(byte[] from, int offset, int length, boolean awaitWritten)
      throws IOException {
    Objects.checkFromIndexSize(offset, length, from.length);
    writeLock.lock();
    try {
      int done = 0;
      while (done < length) {
        done += writeOneFrame(from, offset + done, length - done, awaitWritten);
      }
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Queues one Data frame of at most the send window and, if {@code awaitWritten}, waits until it
   * is written; returns how many bytes it carried.
   */
  private int writeOneFrame(byte[] from, int offset, int length, boolean awaitWritten)
      throws IOException {
    long timeoutNanos = session.config().connectionWriteTimeout().toNanos();
    FrameWriter.OutboundFrame frame;
    int size;
    lock.lock();
    try {
      long waitNanos = timeoutNanos;
      while (true) {
        checkWritable();
        if (sendWindow > 0) {
          break;
        }
        if (waitNanos <= 0) {
          throw YamuxException.connectionWriteTimeout();
        }
        waitNanos = writable.awaitNanos(waitNanos);
      }
      size = (int) Math.min(sendWindow, length);
      int flags = nextFlags();
      sendWindow -= size;
      if (!awaitWritten && flags == 0) {
        // Written below, outside the lock, so that the session's reader never waits for it.
        frame = null;
      } else {
        frame = session.writer().enqueue(FrameHeader.data(id, flags, size), from, offset, size);
      }
    } catch (InterruptedException e) {
      throw interrupted("waiting for send window on stream " + idString());
    } finally {
      lock.unlock();
    }
    if (frame == null) {
      // The stream's writeLock keeps this stream's frames in order; flags == 0 means no state
      // change rides on this frame, so a window update queued meanwhile may go first.
      session.writer().writeNowOrEnqueue(FrameHeader.data(id, 0, size), from, offset, size);
      return size;
    }
    if (!awaitWritten) {
      return size;
    }
    try {
      session.writer().await(frame, session.config().connectionWriteTimeout());
    } catch (IOException e) {
      if (session.writer().cancel(frame)) {
        giveBackSendWindow(size);
      }
      throw e;
    }
    return size;
  }

  private void checkWritable() throws YamuxException {
    switch (state) {
      case LOCAL_CLOSE, CLOSED -> throw YamuxException.streamClosed(id);
      case RESET -> throw YamuxException.connectionReset(id);
      default -> {
        if (sessionClosed) {
          throw sessionShutdown();
        }
      }
    }
  }

  private void giveBackSendWindow(int size) {
    lock.lock();
    try {
      sendWindow += size;
      writable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private final class StreamInput extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = YamuxStream.this.read(one, 0, 1);
      return n < 0 ? -1 : Byte.toUnsignedInt(one[0]);
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
      return YamuxStream.this.read(into, offset, length);
    }

    @Override
    public int available() {
      return YamuxStream.this.available();
    }
  }

  private final class StreamOutput extends OutputStream {
    private final boolean awaitWritten;

    StreamOutput(boolean awaitWritten) {
      this.awaitWritten = awaitWritten;
    }

    @Override
    public void write(int b) throws IOException {
      YamuxStream.this.write(new byte[] {(byte) b}, 0, 1, awaitWritten);
    }

    @Override
    public void write(byte[] from, int offset, int length) throws IOException {
      YamuxStream.this.write(from, offset, length, awaitWritten);
    }

    @Override
    public void close() {
      YamuxStream.this.close();
    }
  }
}
