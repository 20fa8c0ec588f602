package dev.rollouts.sdk.yamux;

import java.io.IOException;

/**
 * A yamux failure: the session ended, the peer broke the protocol, a stream was reset or closed,
 * or a write or ping did not complete in time.
 *
 * <p>{@link #sessionFatal()} tells whether the whole session is gone (every stream fails from now
 * on) or only this operation or stream failed. Messages follow hashicorp/yamux's error strings
 * ({@code const.go}) so logs read the same on both sides; they are built by the static factories
 * below, which tests assert against.
 *
 * <pre>{@code
 * try {
 *   stream.outputStream().write(reply);
 * } catch (YamuxException e) {
 *   if (e.sessionFatal()) shutDown(); else log.warn("write failed: {}", e.getMessage());
 * }
 * }</pre>
 *
 * <p>Immutable; thread-safe.
 */
public final class YamuxException extends IOException {

  private final boolean sessionFatal;

  private YamuxException(String message, boolean sessionFatal, Throwable cause) {
    super(message, cause);
    this.sessionFatal = sessionFatal;
  }

  private static YamuxException fatal(String message) {
    return new YamuxException(message, true, null);
  }

  private static YamuxException local(String message) {
    return new YamuxException(message, false, null);
  }

  /** Whether the session is closed (or is being closed) because of this failure. */
  public boolean sessionFatal() {
    return sessionFatal;
  }

  // --- session-fatal: the session has ended ---

  /** Operation on a session that has been closed; {@code cause} is why it closed, if known. */
  static YamuxException sessionShutdown(Throwable cause) {
    return new YamuxException("session shutdown", true, cause);
  }

  /** The header's version byte is not 0. */
  static YamuxException invalidVersion(int version) {
    return fatal("invalid protocol version: " + version);
  }

  /** The header's type byte is not one of the four frame types. */
  static YamuxException invalidMessageType(int type) {
    return fatal("invalid msg type: " + type);
  }

  /** A Data frame is longer than what remains of the stream's receive window. */
  static YamuxException recvWindowExceeded(int streamId, long window, long length) {
    return fatal("recv window exceeded (stream " + Integer.toUnsignedString(streamId)
        + ", remaining window " + window + ", frame length " + length + ")");
  }

  /** A FIN arrived in a state that does not allow one (for example a second FIN). */
  static YamuxException unexpectedFin(int streamId, String state) {
    return fatal("unexpected flag: FIN on stream " + Integer.toUnsignedString(streamId)
        + " in state " + state);
  }

  /** A SYN named a stream id that is already in use. */
  static YamuxException duplicateStream(int streamId) {
    return fatal("duplicate stream initiated: " + Integer.toUnsignedString(streamId));
  }

  /** The peer sent a Go Away with a code other than 0 (normal). */
  static YamuxException goAwayReceived(long code) {
    if (code == FrameHeader.GO_AWAY_PROTOCOL_ERROR) {
      return fatal("yamux protocol error (go away code 1 from the peer)");
    }
    if (code == FrameHeader.GO_AWAY_INTERNAL_ERROR) {
      return fatal("remote yamux internal error (go away code 2 from the peer)");
    }
    return fatal("unexpected go away received (code " + code + ")");
  }

  /** A ping sent by the keepalive was not answered in time. */
  static YamuxException keepaliveTimeout() {
    return fatal("keepalive timeout");
  }

  /** A stream we opened was not acknowledged by the peer in time. */
  static YamuxException streamOpenTimeout(int streamId) {
    return fatal("stream open timeout: stream " + Integer.toUnsignedString(streamId)
        + " was not acknowledged by the peer");
  }

  /** The connection reached end of stream: the peer closed it. */
  static YamuxException connectionClosedByPeer() {
    return fatal("connection closed by peer");
  }

  /** Reading or writing the connection failed. */
  static YamuxException connectionFailed(IOException cause) {
    return new YamuxException("connection failed: " + cause, true, cause);
  }

  /** A bug: an unexpected exception in the session's own threads. */
  static YamuxException internalError(RuntimeException cause) {
    return new YamuxException("internal error: " + cause, true, cause);
  }

  // --- local: one operation or stream failed, the session continues ---

  /** The stream was reset (RST) by either side. */
  static YamuxException connectionReset(int streamId) {
    return local("connection reset (stream " + Integer.toUnsignedString(streamId) + ")");
  }

  /** Write on a stream that this side has already closed. */
  static YamuxException streamClosed(int streamId) {
    return local("stream closed (stream " + Integer.toUnsignedString(streamId) + ")");
  }

  /** A frame could not be written, or send window did not open, within the write timeout. */
  static YamuxException connectionWriteTimeout() {
    return local("connection write timeout");
  }

  /** A ping was not answered within the write timeout. */
  static YamuxException pingTimeout() {
    return local("i/o deadline reached: no ping reply");
  }

  /** The peer sent Go Away (normal): it accepts no new streams. */
  static YamuxException remoteGoAway() {
    return local("remote end is not accepting connections");
  }

  /** No stream ids left on this side. */
  static YamuxException streamsExhausted() {
    return local("streams exhausted");
  }
}
