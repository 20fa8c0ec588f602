package dev.rollouts.sdk.gob;

import java.util.Objects;

/**
 * Limits and registrations shared by a {@link GobDecoder} and {@link GobEncoder}.
 *
 * <pre>{@code
 * GobOptions options = GobOptions.defaults()
 *     .withInterfaces(InterfaceRegistry.builder().register("RunArgs", RunArgs.class).build())
 *     .withMaxMessageSize(8 << 20);
 * }</pre>
 *
 * <p>An immutable value, thread-safe.
 *
 * @param maxMessageSize largest accepted message payload in bytes (a longer length prefix fails
 *     with {@link GobException} before anything is allocated)
 * @param maxDepth deepest accepted nesting of values and types, also while skipping
 * @param interfaces names of the concrete types that travel inside interface values
 */
public record GobOptions(int maxMessageSize, int maxDepth, InterfaceRegistry interfaces) {
  /** 64 MiB: far above Argo's largest arguments (a few hundred KiB). */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 64 << 20;
  /** 512 levels: Argo's deepest types nest about 20 levels. */
  public static final int DEFAULT_MAX_DEPTH = 512;
  /** Go's own limit for the registered name inside an interface value. */
  public static final int MAX_INTERFACE_NAME = 1024;

  private static final GobOptions DEFAULTS =
      new GobOptions(DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_DEPTH, InterfaceRegistry.empty());

  /**
   * Validates the limits.
   *
   * @throws IllegalArgumentException when a limit is below 1
   * @throws NullPointerException when {@code interfaces} is null
   */
  public GobOptions {
    if (maxMessageSize < 1) {
      throw new IllegalArgumentException("maxMessageSize must be at least 1: " + maxMessageSize);
    }
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth must be at least 1: " + maxDepth);
    }
    Objects.requireNonNull(interfaces, "interfaces");
  }

  /** 64 MiB messages, depth 512, no interface registrations. */
  public static GobOptions defaults() {
    return DEFAULTS;
  }

  /**
   * A copy with another message size limit.
   *
   * @throws IllegalArgumentException when {@code bytes} is below 1
   */
  public GobOptions withMaxMessageSize(int bytes) {
    return new GobOptions(bytes, maxDepth, interfaces);
  }

  /**
   * A copy with another depth limit.
   *
   * @throws IllegalArgumentException when {@code levels} is below 1
   */
  public GobOptions withMaxDepth(int levels) {
    return new GobOptions(maxMessageSize, levels, interfaces);
  }

  /** A copy with other interface registrations. */
  public GobOptions withInterfaces(InterfaceRegistry registry) {
    return new GobOptions(maxMessageSize, maxDepth, registry);
  }
}
