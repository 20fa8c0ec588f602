package dev.rollouts.sdk.gob;

import java.util.Objects;

/**
 * A gob interface value with its registered name: what Go's {@code any} variable holds once the
 * concrete type has been named with {@code gob.RegisterName} ({@code spec/gob.md} §7).
 *
 * <p>Encoding sends {@code value} under {@code name} whatever the registry says; decoding
 * produces one for a name that is not registered, with the value as a {@link GobValue} tree.
 *
 * <pre>{@code
 * encoder.encode(new GobInterface("DemoArgs", new DemoArgs(new Small("n", 5), 2)));
 * }</pre>
 *
 * <p>Immutable if {@code value} is.
 *
 * @param name the registered name, non-empty
 * @param value the concrete value (a record, String, boxed number, {@link GobValue}, ...), non-null
 */
public record GobInterface(String name, Object value) {
  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException when the name is empty or longer than 1024 bytes
   * @throws NullPointerException when a part is null (a nil interface is a {@code null} value)
   */
  public GobInterface {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isEmpty() || name.length() > GobOptions.MAX_INTERFACE_NAME) {
      throw new IllegalArgumentException("interface name must have 1..1024 bytes: " + name);
    }
  }
}
