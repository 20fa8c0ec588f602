package dev.rollouts.sdk.goplugin;

import dev.rollouts.sdk.netrpc.RpcService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The plugin half of go-plugin's MuxBroker for one connection: {@code Dispense} registers the
 * dispensed service under a fresh id; the broker stream the host then opens names that id in a
 * 4-byte little-endian preamble ({@code spec/go-plugin.md} §10) and claims it.
 *
 * <p>Thread-safe: {@code lock} guards {@code waiting} and {@code nextId}.
 */
final class MuxBroker {
  /** How long a registered id waits for its stream, and a stream for its id (Go: 5 s). */
  static final Duration ACCEPT_TIMEOUT = Duration.ofSeconds(5);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition registered = lock.newCondition();
  private final Map<Long, RpcService> waiting = new HashMap<>();
  private long nextId;

  /** Registers a dispensed service and returns its broker id (1 for the first, as Go). */
  long register(RpcService service) {
    lock.lock();
    try {
      long id = ++nextId;
      waiting.put(id, service);
      registered.signalAll();
      return id;
    } finally {
      lock.unlock();
    }
  }

  /** The service registered under {@code id}, waiting up to 5 s for it; null if none came. */
  RpcService claim(long id) throws InterruptedException {
    long deadline = System.nanoTime() + ACCEPT_TIMEOUT.toNanos();
    lock.lock();
    try {
      while (true) {
        RpcService service = waiting.remove(id);
        if (service != null) {
          return service;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        registered.await(left, TimeUnit.NANOSECONDS);
      }
    } finally {
      lock.unlock();
    }
  }

  static long decodeId(byte[] preamble) {
    return (preamble[0] & 0xffL) | (preamble[1] & 0xffL) << 8 | (preamble[2] & 0xffL) << 16
        | (preamble[3] & 0xffL) << 24;
  }

  static byte[] encodeId(long id) {
    return new byte[] {(byte) id, (byte) (id >>> 8), (byte) (id >>> 16), (byte) (id >>> 24)};
  }
}
