package dev.rollouts.sdk.plugin;

import java.time.Duration;
import java.util.Objects;

/**
 * How the SDK runs a plugin's methods: every call on its own virtual thread, bounded by a
 * deadline, so that a hung backend turns into an in-band error (a Measurement in phase
 * {@code Error}, an {@code RpcError}) instead of a controller worker blocked forever — the
 * controller itself never times out a plugin call ({@code spec/netrpc.md} §6).
 *
 * @param deadline the longest a single plugin call may run; the calling thread is interrupted
 *     when it passes
 */
public record CallPolicy(Duration deadline) {
  /** The default deadline: one minute, twice the built-in Prometheus provider's query timeout. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(1);

  public CallPolicy {
    Objects.requireNonNull(deadline, "deadline");
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive: " + deadline);
    }
  }

  public static CallPolicy defaults() {
    return new CallPolicy(DEFAULT_DEADLINE);
  }

  public CallPolicy withDeadline(Duration newDeadline) {
    return new CallPolicy(newDeadline);
  }
}
