package dev.rollouts.sdk.yamux;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ByteChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A yamux session over one connection: hashicorp/yamux v0.1.2 with go-plugin's
 * {@code DefaultConfig()} ({@code spec/yamux.md}). In go-plugin the host is the client (odd
 * stream ids) and the plugin is the server (even ids).
 *
 * <pre>{@code
 * SocketChannel connection = listener.accept();
 * YamuxSession session = YamuxSession.server(connection, YamuxConfig.defaults());
 * session.closeFuture().thenRun(() -> System.exit(0));   // the plugin ends with its session
 * YamuxStream control = session.accept();                 // sends the ACK
 * }</pre>
 *
 * <p>Threads: one reader thread reads frames and dispatches them (it answers pings at once and
 * never runs application code or waits for application data to be written); one writer thread
 * writes queued frames, each contiguously; an optional keepalive thread pings the peer.
 * Timeouts (stream open, stream close) run on a shared timer thread.
 *
 * <p>Thread-safe. Guarded by {@code lock}: {@code streams}, {@code unacknowledged},
 * {@code acceptQueue}, {@code nextStreamId}, {@code closeCause} and writes of {@code closed};
 * {@code acceptable} is signalled when a stream is queued for accept or the session closes,
 * {@code openCredit} when an opened stream is acknowledged or gone, or the session closes.
 * Pending pings live in a concurrent map. Lock order: stream locks → {@code lock} → writer queue;
 * this lock is never held while calling into a stream.
 */
public final class YamuxSession implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(YamuxSession.class);

  /** Go refuses to allocate ids from here on ("streams exhausted"). */
  private static final long FIRST_EXHAUSTED_ID = 0xFFFF_FFFEL;

  private static final ScheduledExecutorService TIMERS = newTimerThread();

  private final YamuxConfig config;
  private final ByteChannel channel;
  private final String role;
  private final FrameWriter writer;
  private final Thread readerThread;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition acceptable = lock.newCondition();
  private final Condition openCredit = lock.newCondition();
  private final Map<Integer, YamuxStream> streams = new HashMap<>();
  private final Set<Integer> unacknowledged = new HashSet<>();
  private final ArrayDeque<YamuxStream> acceptQueue = new ArrayDeque<>();
  private long nextStreamId;
  private volatile boolean closed;
  private YamuxException closeCause;
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();

  private final AtomicBoolean localGoAway = new AtomicBoolean();
  private final AtomicBoolean remoteGoAway = new AtomicBoolean();
  private final AtomicLong nextPingId = new AtomicLong();
  private final Map<Long, CompletableFuture<Void>> pendingPings = new ConcurrentHashMap<>();

  private YamuxSession(ByteChannel channel, YamuxConfig config, boolean client) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.config = Objects.requireNonNull(config, "config");
    this.role = client ? "client" : "server";
    this.nextStreamId = client ? 1 : 2;
    this.writer = new FrameWriter(channel, "yamux-" + role + "-writer", this::closeWith);
    this.readerThread =
        Thread.ofPlatform().name("yamux-" + role + "-reader").daemon().unstarted(this::readLoop);
  }

  /**
   * Starts the plugin side of a go-plugin connection (yamux server, even stream ids).
   *
   * @param channel a connected, blocking channel that allows one concurrent reader and one
   *     concurrent writer (a {@code SocketChannel} does); the session owns and closes it
   * @param config  usually {@link YamuxConfig#defaults()}
   */
  public static YamuxSession server(ByteChannel channel, YamuxConfig config) {
    return new YamuxSession(channel, config, false).start();
  }

  /**
   * Starts the host side of a go-plugin connection (yamux client, odd stream ids).
   *
   * @param channel as for {@link #server}
   * @param config  usually {@link YamuxConfig#defaults()}
   */
  public static YamuxSession client(ByteChannel channel, YamuxConfig config) {
    return new YamuxSession(channel, config, true).start();
  }

  private YamuxSession start() {
    writer.start();
    readerThread.start();
    if (config.enableKeepAlive()) {
      Thread.ofVirtual().name("yamux-" + role + "-keepalive").start(this::keepaliveLoop);
    }
    return this;
  }

  /**
   * Waits for the next stream the peer opens and acknowledges it (Window Update ACK).
   *
   * @throws YamuxException "session shutdown" (cause: why it closed) once the session is closed,
   *     or if the ACK cannot be written in time
   * @throws InterruptedIOException if the calling thread is interrupted while waiting
   */
  public YamuxStream accept() throws IOException {
    YamuxStream stream;
    lock.lock();
    try {
      while (!closed && acceptQueue.isEmpty()) {
        acceptable.await();
      }
      if (closed) {
        throw YamuxException.sessionShutdown(closeCause);
      }
      stream = acceptQueue.removeFirst();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a stream");
    } finally {
      lock.unlock();
    }
    FrameWriter.OutboundFrame ack = stream.sendWindowUpdate();
    if (ack != null) {
      writer.await(ack, config.connectionWriteTimeout());
    }
    return stream;
  }

  /**
   * Opens a stream (Window Update SYN). Data may be written at once, before the peer's ACK. If no
   * ACK arrives within the stream-open timeout, the whole session is closed, as in Go.
   *
   * @throws YamuxException "remote end is not accepting connections" after the peer's Go Away,
   *     "streams exhausted" when no ids are left, "session shutdown" once the session is closed,
   *     "connection write timeout" if the SYN could not be written in time
   * @throws InterruptedIOException if interrupted while waiting for earlier opens to be ACKed
   *     (at most {@code acceptBacklog} may be outstanding)
   */
  public YamuxStream open() throws IOException {
    if (remoteGoAway.get()) {
      throw YamuxException.remoteGoAway();
    }
    YamuxStream stream;
    lock.lock();
    try {
      while (!closed && unacknowledged.size() >= config.acceptBacklog()) {
        openCredit.await();
      }
      if (closed) {
        throw YamuxException.sessionShutdown(closeCause);
      }
      if (nextStreamId >= FIRST_EXHAUSTED_ID) {
        throw YamuxException.streamsExhausted();
      }
      int id = (int) nextStreamId;
      nextStreamId += 2;
      stream = new YamuxStream(this, id, StreamState.INIT);
      streams.put(id, stream);
      unacknowledged.add(id);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to open a stream");
    } finally {
      lock.unlock();
    }
    if (!config.streamOpenTimeout().isZero()) {
      stream.setOpenTimer(TIMERS.schedule(() -> openTimedOut(stream),
          config.streamOpenTimeout().toNanos(), TimeUnit.NANOSECONDS));
    }
    try {
      writer.await(stream.sendWindowUpdate(), config.connectionWriteTimeout());
    } catch (IOException e) {
      removeStream(stream.id());
      throw e;
    }
    return stream;
  }

  /**
   * Sends a ping and waits for the peer's answer.
   *
   * @return the round-trip time
   * @throws YamuxException "i/o deadline reached" if no answer came within the write timeout,
   *     "session shutdown" if the session closed first
   * @throws InterruptedIOException if the calling thread is interrupted
   */
  public Duration ping() throws IOException {
    long pingId = nextPingId.getAndIncrement() & 0xFFFF_FFFFL;
    CompletableFuture<Void> reply = new CompletableFuture<>();
    pendingPings.put(pingId, reply);
    try {
      if (closed) {
        throw YamuxException.sessionShutdown(closeCause().orElse(null));
      }
      long timeoutNanos = config.connectionWriteTimeout().toNanos();
      long start = System.nanoTime();
      writer.await(writer.enqueue(FrameHeader.ping(FrameHeader.FLAG_SYN, pingId)),
          config.connectionWriteTimeout());
      reply.get(timeoutNanos - (System.nanoTime() - start), TimeUnit.NANOSECONDS);
      return Duration.ofNanos(System.nanoTime() - start);
    } catch (TimeoutException e) {
      throw YamuxException.pingTimeout();
    } catch (ExecutionException e) {
      throw YamuxException.sessionShutdown(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a ping reply");
    } finally {
      pendingPings.remove(pingId);
    }
  }

  /**
   * Sends Go Away (normal): the peer opens no more streams; existing streams go on, and streams
   * the peer still tries to open are reset.
   *
   * @throws YamuxException "session shutdown" or "connection write timeout" if it was not sent
   * @throws InterruptedIOException if the calling thread is interrupted
   */
  public void goAway() throws IOException {
    localGoAway.set(true);
    writer.await(writer.enqueue(FrameHeader.goAway(FrameHeader.GO_AWAY_NORMAL)),
        config.connectionWriteTimeout());
  }

  /**
   * Closes the session and its connection without a Go Away (as Go's {@code Close}); every
   * pending and future operation on it and its streams fails with "session shutdown". Idempotent.
   */
  @Override
  public void close() {
    closeWith(YamuxException.sessionShutdown(null));
  }

  /** Whether the session is closed. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Completes (normally) once the session is closed, for whatever reason; see
   * {@link #closeCause()} for the reason. The returned future is a copy: completing it has no
   * effect on the session.
   */
  public CompletableFuture<Void> closeFuture() {
    return closeFuture.copy();
  }

  /**
   * Why the session closed: "session shutdown" after {@link #close()}, "connection closed by
   * peer" at end of stream, "keepalive timeout", a protocol violation, a Go Away from the peer;
   * empty while it is open.
   */
  public Optional<YamuxException> closeCause() {
    lock.lock();
    try {
      return Optional.ofNullable(closeCause);
    } finally {
      lock.unlock();
    }
  }

  /** The settings this session runs with. */
  public YamuxConfig config() {
    return config;
  }

  // --- used by streams ---

  FrameWriter writer() {
    return writer;
  }

  /** Number of streams still registered (not fully closed or reset); for tests. */
  int streamCount() {
    lock.lock();
    try {
      return streams.size();
    } finally {
      lock.unlock();
    }
  }

  void removeStream(int id) {
    lock.lock();
    try {
      streams.remove(id);
      if (unacknowledged.remove(id)) {
        openCredit.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  void markAcknowledged(int id) {
    lock.lock();
    try {
      if (unacknowledged.remove(id)) {
        openCredit.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  ScheduledFuture<?> scheduleCloseTimeout(YamuxStream stream) {
    if (config.streamCloseTimeout().isZero() || closed) {
      return null;
    }
    return TIMERS.schedule(stream::closeTimedOut, config.streamCloseTimeout().toNanos(),
        TimeUnit.NANOSECONDS);
  }

  // --- reader thread ---

  private void readLoop() {
    FrameReader reader = new FrameReader(channel);
    YamuxException cause;
    try {
      while (true) {
        FrameHeader header = reader.readHeader();
        if (header == null) {
          cause = YamuxException.connectionClosedByPeer();
          break;
        }
        dispatch(header, reader);
      }
    } catch (YamuxException e) {
      if (!closed) {
        log.error("yamux: closing the session: {}", e.getMessage());
      }
      cause = e;
    } catch (IOException e) {
      if (!closed) {
        log.error("yamux: failed to read from the connection: {}", e.toString());
      }
      cause = YamuxException.connectionFailed(e);
    } catch (RuntimeException e) {
      log.error("yamux: bug in the frame reader", e);
      cause = YamuxException.internalError(e);
    }
    closeWith(cause);
  }

  private void dispatch(FrameHeader header, FrameReader reader) throws IOException {
    switch (header.type()) {
      case FrameHeader.TYPE_DATA, FrameHeader.TYPE_WINDOW_UPDATE -> receiveStreamFrame(header, reader);
      case FrameHeader.TYPE_PING -> receivePing(header);
      default -> receiveGoAway(header);
    }
  }

  private void receiveStreamFrame(FrameHeader header, FrameReader reader) throws IOException {
    int id = header.streamId();
    if (header.has(FrameHeader.FLAG_SYN)) {
      incomingStream(id);
    }
    YamuxStream stream;
    lock.lock();
    try {
      stream = streams.get(id);
    } finally {
      lock.unlock();
    }
    boolean data = header.type() == FrameHeader.TYPE_DATA;
    if (stream == null) {
      if (data && header.length() > 0) {
        log.warn("yamux: discarding {} bytes of data for unknown stream {}", header.length(),
            Integer.toUnsignedString(id));
        reader.skipPayload(header.length());
      } else {
        log.warn("yamux: frame for unknown stream: {}", header);
      }
      return;
    }
    try {
      stream.receiveFlags(header.flags());
      if (!data) {
        stream.receiveWindowCredit(header.length());
        return;
      }
      if (header.length() == 0) {
        return;
      }
      stream.checkFitsWindow(header.length());
    } catch (YamuxException protocolError) {
      throw goAwayAndFail(protocolError);
    }
    // The window check bounds the length by maxStreamWindowSize, an int.
    stream.receiveData(reader.readPayload((int) header.length()));
  }

  private void incomingStream(int id) throws YamuxException {
    if (localGoAway.get()) {
      log.warn("yamux: refusing stream {} after our go away", Integer.toUnsignedString(id));
      writer.enqueueControl(FrameHeader.windowUpdate(id, FrameHeader.FLAG_RST, 0));
      return;
    }
    boolean backlogFull;
    lock.lock();
    try {
      if (streams.containsKey(id)) {
        // fall through to the Go Away below, outside the lock
        backlogFull = false;
      } else {
        backlogFull = acceptQueue.size() >= config.acceptBacklog();
        if (!backlogFull) {
          YamuxStream stream = new YamuxStream(this, id, StreamState.SYN_RECEIVED);
          streams.put(id, stream);
          acceptQueue.addLast(stream);
          acceptable.signal();
          return;
        }
      }
    } finally {
      lock.unlock();
    }
    if (!backlogFull) {
      throw goAwayAndFail(YamuxException.duplicateStream(id));
    }
    log.warn("yamux: backlog exceeded, resetting stream {}", Integer.toUnsignedString(id));
    writer.enqueueControl(FrameHeader.windowUpdate(id, FrameHeader.FLAG_RST, 0));
  }

  private void receivePing(FrameHeader header) {
    if (header.has(FrameHeader.FLAG_SYN)) {
      writer.enqueueControl(FrameHeader.ping(FrameHeader.FLAG_ACK, header.length()));
      return;
    }
    CompletableFuture<Void> waiting = pendingPings.remove(header.length());
    if (waiting != null) {
      waiting.complete(null);
    }
  }

  private void receiveGoAway(FrameHeader header) throws YamuxException {
    if (header.length() == FrameHeader.GO_AWAY_NORMAL) {
      log.debug("yamux: the peer accepts no new streams (go away)");
      remoteGoAway.set(true);
      return;
    }
    throw YamuxException.goAwayReceived(header.length());
  }

  /**
   * Sends Go Away (protocol error) and waits, at most the write timeout, for it to be written
   * before the caller closes the session (Go sends it just before closing).
   */
  private YamuxException goAwayAndFail(YamuxException protocolError) {
    log.error("yamux: {}; sending go away", protocolError.getMessage());
    localGoAway.set(true);
    try {
      writer.await(writer.enqueue(FrameHeader.goAway(FrameHeader.GO_AWAY_PROTOCOL_ERROR)),
          config.connectionWriteTimeout());
    } catch (IOException e) {
      log.warn("yamux: failed to send go away: {}", e.getMessage());
    }
    return protocolError;
  }

  // --- timers, keepalive, shutdown ---

  private void openTimedOut(YamuxStream stream) {
    if (closed || !stream.stillAwaitingAck()) {
      return;
    }
    YamuxException cause = YamuxException.streamOpenTimeout(stream.id());
    log.error("yamux: aborted stream open: {}", cause.getMessage());
    closeWith(cause);
  }

  private void keepaliveLoop() {
    long intervalNanos = config.keepAliveInterval().toNanos();
    while (true) {
      try {
        closeFuture.get(intervalNanos, TimeUnit.NANOSECONDS);
        return;
      } catch (TimeoutException e) {
        // time for the next ping
      } catch (InterruptedException | ExecutionException e) {
        return;
      }
      try {
        ping();
      } catch (IOException e) {
        if (!closed) {
          log.error("yamux: keepalive failed: {}", e.getMessage());
          closeWith(YamuxException.keepaliveTimeout());
        }
        return;
      }
    }
  }

  private void closeWith(YamuxException cause) {
    List<YamuxStream> open;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closeCause = cause;
      closed = true;
      open = new ArrayList<>(streams.values());
      open.addAll(acceptQueue);
      acceptable.signalAll();
      openCredit.signalAll();
    } finally {
      lock.unlock();
    }
    log.debug("yamux: {} session closed: {}", role, cause.getMessage());
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("yamux: closing the connection failed: {}", e.toString());
    }
    writer.close(cause);
    for (YamuxStream stream : open) {
      stream.sessionClosed();
    }
    for (CompletableFuture<Void> ping : pendingPings.values()) {
      ping.completeExceptionally(cause);
    }
    closeFuture.complete(null);
  }

  private static ScheduledExecutorService newTimerThread() {
    ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
        task -> Thread.ofPlatform().name("yamux-timers").daemon().unstarted(task));
    timers.setRemoveOnCancelPolicy(true);
    return timers;
  }
}
