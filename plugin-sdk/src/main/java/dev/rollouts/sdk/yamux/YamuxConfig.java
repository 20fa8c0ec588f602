package dev.rollouts.sdk.yamux;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a yamux session; {@link #defaults()} equals hashicorp/yamux v0.1.2
 * {@code DefaultConfig()}, which go-plugin uses on both sides ({@code spec/yamux.md} §9).
 *
 * <pre>{@code
 * YamuxConfig config = YamuxConfig.defaults()
 *     .withKeepAlive(Duration.ofMillis(50))       // tests: fast keepalive
 *     .withConnectionWriteTimeout(Duration.ofMillis(200));
 * }</pre>
 *
 * <p>Immutable; thread-safe.
 *
 * @param acceptBacklog          streams waiting to be accepted before new SYNs are reset; also the
 *                               most streams this side opens without an ACK (Go: 256)
 * @param enableKeepAlive        whether to ping the peer every {@code keepAliveInterval}
 * @param keepAliveInterval      pause between keepalive pings (Go: 30 s)
 * @param connectionWriteTimeout how long a frame write, a wait for send window, or a ping reply
 *                               may take (Go: 10 s)
 * @param maxStreamWindowSize    receive window per stream in bytes, at least 256 KiB (Go: 256 KiB)
 * @param streamOpenTimeout      the session is closed if a stream we opened is not ACKed within
 *                               this time; zero disables (Go: 75 s)
 * @param streamCloseTimeout     a stream we closed that the peer never closes is reset after this
 *                               time; zero disables (Go: 5 min)
 */
public record YamuxConfig(
    int acceptBacklog,
    boolean enableKeepAlive,
    Duration keepAliveInterval,
    Duration connectionWriteTimeout,
    int maxStreamWindowSize,
    Duration streamOpenTimeout,
    Duration streamCloseTimeout) {

  /** The window both sides assume for a new stream, without negotiation: 256 KiB. */
  public static final int INITIAL_STREAM_WINDOW = 256 * 1024;

  private static final YamuxConfig DEFAULTS = new YamuxConfig(
      256, true, Duration.ofSeconds(30), Duration.ofSeconds(10), INITIAL_STREAM_WINDOW,
      Duration.ofSeconds(75), Duration.ofMinutes(5));

  /**
   * Validates like Go's {@code VerifyConfig}.
   *
   * @throws IllegalArgumentException if the backlog is not positive, an interval or timeout is
   *     negative, the keepalive interval or write timeout is zero, or the window is below 256 KiB
   */
  public YamuxConfig {
    Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
    Objects.requireNonNull(connectionWriteTimeout, "connectionWriteTimeout");
    Objects.requireNonNull(streamOpenTimeout, "streamOpenTimeout");
    Objects.requireNonNull(streamCloseTimeout, "streamCloseTimeout");
    if (acceptBacklog <= 0) {
      throw new IllegalArgumentException("backlog must be positive: " + acceptBacklog);
    }
    requirePositive("keepAliveInterval", keepAliveInterval);
    requirePositive("connectionWriteTimeout", connectionWriteTimeout);
    if (maxStreamWindowSize < INITIAL_STREAM_WINDOW) {
      throw new IllegalArgumentException(
          "maxStreamWindowSize must be at least " + INITIAL_STREAM_WINDOW + ": "
              + maxStreamWindowSize);
    }
    if (streamOpenTimeout.isNegative() || streamCloseTimeout.isNegative()) {
      throw new IllegalArgumentException("timeouts must not be negative");
    }
  }

  private static void requirePositive(String name, Duration value) {
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  /** hashicorp/yamux {@code DefaultConfig()}: what go-plugin uses on both sides. */
  public static YamuxConfig defaults() {
    return DEFAULTS;
  }

  /** A copy with keepalive on, pinging every {@code interval}. */
  public YamuxConfig withKeepAlive(Duration interval) {
    return new YamuxConfig(acceptBacklog, true, interval, connectionWriteTimeout,
        maxStreamWindowSize, streamOpenTimeout, streamCloseTimeout);
  }

  /** A copy that sends no keepalive pings (it still answers the peer's). */
  public YamuxConfig withoutKeepAlive() {
    return new YamuxConfig(acceptBacklog, false, keepAliveInterval, connectionWriteTimeout,
        maxStreamWindowSize, streamOpenTimeout, streamCloseTimeout);
  }

  /** A copy with another write / ping-reply timeout. */
  public YamuxConfig withConnectionWriteTimeout(Duration timeout) {
    return new YamuxConfig(acceptBacklog, enableKeepAlive, keepAliveInterval, timeout,
        maxStreamWindowSize, streamOpenTimeout, streamCloseTimeout);
  }

  /** A copy with another accept backlog. */
  public YamuxConfig withAcceptBacklog(int backlog) {
    return new YamuxConfig(backlog, enableKeepAlive, keepAliveInterval, connectionWriteTimeout,
        maxStreamWindowSize, streamOpenTimeout, streamCloseTimeout);
  }

  /** A copy with another receive window per stream. */
  public YamuxConfig withMaxStreamWindowSize(int bytes) {
    return new YamuxConfig(acceptBacklog, enableKeepAlive, keepAliveInterval,
        connectionWriteTimeout, bytes, streamOpenTimeout, streamCloseTimeout);
  }

  /** A copy with another stream-open timeout; zero disables it. */
  public YamuxConfig withStreamOpenTimeout(Duration timeout) {
    return new YamuxConfig(acceptBacklog, enableKeepAlive, keepAliveInterval,
        connectionWriteTimeout, maxStreamWindowSize, timeout, streamCloseTimeout);
  }

  /** A copy with another stream-close timeout; zero disables it. */
  public YamuxConfig withStreamCloseTimeout(Duration timeout) {
    return new YamuxConfig(acceptBacklog, enableKeepAlive, keepAliveInterval,
        connectionWriteTimeout, maxStreamWindowSize, streamOpenTimeout, timeout);
  }
}
