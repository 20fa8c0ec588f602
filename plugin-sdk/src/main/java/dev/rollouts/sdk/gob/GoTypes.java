package dev.rollouts.sdk.gob;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the generic {@link Type}s that gob needs for top-level lists and maps, where Java's
 * erasure would otherwise hide the element types.
 *
 * <pre>{@code
 * encoder.encode(metadata, GoTypes.mapOf(String.class, String.class));   // map[string]string
 * List<String> names = (List<String>) decoder.decode(GoTypes.listOf(String.class));
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class GoTypes {
  private GoTypes() {}

  /** {@code List<element>}, a Go slice. */
  public static ParameterizedType listOf(Type element) {
    return new Parameterized(List.class, Objects.requireNonNull(element, "element"));
  }

  /** {@code Map<key, value>}, a Go map. */
  public static ParameterizedType mapOf(Type key, Type value) {
    return new Parameterized(Map.class, Objects.requireNonNull(key, "key"),
        Objects.requireNonNull(value, "value"));
  }

  private record Parameterized(Class<?> raw, Type... arguments) implements ParameterizedType {
    @Override
    public Type[] getActualTypeArguments() {
      return arguments.clone();
    }

    @Override
    public Type getRawType() {
      return raw;
    }

    @Override
    public Type getOwnerType() {
      return null;
    }

    // Equal to the JDK's own ParameterizedType for the same type, as its contract asks.
    @Override
    public boolean equals(Object other) {
      return other instanceof ParameterizedType p
          && p.getOwnerType() == null
          && raw.equals(p.getRawType())
          && Arrays.equals(arguments, p.getActualTypeArguments());
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(arguments) ^ raw.hashCode();
    }

    @Override
    public String toString() {
      return getTypeName();
    }

    @Override
    public String getTypeName() {
      StringBuilder name = new StringBuilder(raw.getName()).append('<');
      for (int i = 0; i < arguments.length; i++) {
        name.append(i == 0 ? "" : ", ").append(arguments[i].getTypeName());
      }
      return name.append('>').toString();
    }
  }
}
