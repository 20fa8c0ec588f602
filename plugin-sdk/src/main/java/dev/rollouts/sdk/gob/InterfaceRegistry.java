package dev.rollouts.sdk.gob;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The names under which Java types travel inside gob interface values: Java's side of Go's
 * {@code gob.RegisterName} ({@code spec/gob.md} §7).
 *
 * <pre>{@code
 * InterfaceRegistry registry = InterfaceRegistry.builder()
 *     .register("RunArgs", RunArgs.class)
 *     .register("RpcError", RpcError.class)
 *     .build();
 * }</pre>
 *
 * <p>Immutable once built, thread-safe; the builder is not.
 */
public final class InterfaceRegistry {
  private static final InterfaceRegistry EMPTY = new InterfaceRegistry(Map.of(), Map.of());

  private final Map<String, Class<?>> byName;
  private final Map<Class<?>, String> byClass;

  private InterfaceRegistry(Map<String, Class<?>> byName, Map<Class<?>, String> byClass) {
    this.byName = Map.copyOf(byName);
    this.byClass = Map.copyOf(byClass);
  }

  /** A registry without names: every interface value decodes as a {@link GobInterface}. */
  public static InterfaceRegistry empty() {
    return EMPTY;
  }

  /** Starts an empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The Java type registered for a gob name. */
  public Optional<Class<?>> classFor(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The gob name registered for a Java type. */
  public Optional<String> nameFor(Class<?> type) {
    return Optional.ofNullable(byClass.get(type));
  }

  /** Collects registrations; not thread-safe. */
  public static final class Builder {
    private final Map<String, Class<?>> byName = new HashMap<>();
    private final Map<Class<?>, String> byClass = new HashMap<>();

    private Builder() {}

    /**
     * Registers {@code type} under {@code name}, both unique within the registry.
     *
     * @throws IllegalArgumentException when the name is empty, longer than 1024 bytes, or
     *     either the name or the type is already registered
     */
    public Builder register(String name, Class<?> type) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      if (name.isEmpty() || name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
          > GobOptions.MAX_INTERFACE_NAME) {
        throw new IllegalArgumentException("interface name must have 1..1024 bytes: " + name);
      }
      if (byName.containsKey(name) || byClass.containsKey(type)) {
        throw new IllegalArgumentException("already registered: " + name + " / " + type);
      }
      byName.put(name, type);
      byClass.put(type, name);
      return this;
    }

    /** An immutable registry with what was registered so far. */
    public InterfaceRegistry build() {
      return new InterfaceRegistry(byName, byClass);
    }
  }
}
