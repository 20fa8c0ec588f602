/**
 * hashicorp/yamux v0.1.2 in Java: the stream multiplexer under go-plugin, with the wire behaviour
 * of Go's {@code DefaultConfig()} ({@code spec/yamux.md}). The plugin runs a
 * {@link dev.rollouts.sdk.yamux.YamuxSession#server server} session on the connection the host
 * dials; the Java host and the tests run a {@link dev.rollouts.sdk.yamux.YamuxSession#client
 * client} session.
 *
 * <pre>{@code
 * try (YamuxSession session = YamuxSession.server(socketChannel, YamuxConfig.defaults())) {
 *   YamuxStream control = session.accept();          // Window Update ACK goes out
 *   control.outputStream().write(reply);
 * }
 * }</pre>
 *
 * <h2>Wire</h2>
 * {@code FrameHeader} is the 12-byte big-endian header (version, type, flags, stream id, length);
 * {@code FrameReader} reads headers and, only after the receiving stream has checked the length
 * against its receive window, the payload. A bad version or type closes the session without a Go
 * Away; a Data frame larger than the window, an unexpected FIN or a duplicate SYN sends Go Away
 * (protocol error) and closes it; frames for unknown streams are drained and logged.
 *
 * <h2>Threading model</h2>
 * <ul>
 *   <li><b>Reader thread</b> (one per session, {@code yamux-<role>-reader}): reads frames and
 *       dispatches them to streams. It never runs application code and never waits for a write,
 *       with one exception: the Go Away it sends right before closing the session after a
 *       protocol error (bounded by the write timeout). Ping replies and RSTs it owes the peer are
 *       queued for the writer and answered immediately.</li>
 *   <li><b>Writer thread</b> (one per session, {@code FrameWriter}): takes frames from one FIFO
 *       queue and writes each one contiguously (header and payload). Callers queue without
 *       blocking and wait for completion, at most the write timeout, holding no lock. A stream
 *       waiting for send window holds no lock the reader needs, so flow control never delays
 *       pings, ACKs or window updates.</li>
 *   <li><b>Keepalive</b> (a virtual thread, if enabled): pings every {@code keepAliveInterval};
 *       an unanswered ping closes the session with "keepalive timeout".</li>
 *   <li><b>Timers</b> (one shared daemon thread for all sessions): stream-open and stream-close
 *       timeouts; their tasks only change state and queue frames.</li>
 * </ul>
 *
 * <h2>What guards what</h2>
 * <ul>
 *   <li>{@code YamuxSession.lock}: stream table, un-ACKed opens, accept queue, next stream id,
 *       close cause; conditions {@code acceptable} and {@code openCredit}.</li>
 *   <li>{@code YamuxStream.lock} (one per stream, {@code ReentrantLock} with conditions
 *       {@code readable} and {@code writable}): state, receive buffer, both windows, timers.
 *       {@code YamuxStream.writeLock} serialises writers on one stream.</li>
 *   <li>The writer queue: its own locks. Pending pings: a concurrent map.</li>
 *   <li>Lock order: stream {@code writeLock} → stream {@code lock} → session {@code lock} →
 *       writer queue. The session lock is never held while calling into a stream.</li>
 * </ul>
 *
 * <h2>Closing</h2>
 * Closing the session (locally, at end of stream, on a connection error, a protocol violation,
 * a Go Away with a non-zero code, a keepalive or stream-open timeout) closes the channel and wakes
 * every waiter, which then fails with {@link dev.rollouts.sdk.yamux.YamuxException} "session
 * shutdown"; {@link dev.rollouts.sdk.yamux.YamuxSession#closeFuture()} completes, so a plugin can
 * exit when its session ends ({@code spec/go-plugin.md} §12).
 *
 * <p>Logging goes through SLF4J with the facts Go's {@code [ERR] yamux: ...} lines carry.
 */
package dev.rollouts.sdk.yamux;
