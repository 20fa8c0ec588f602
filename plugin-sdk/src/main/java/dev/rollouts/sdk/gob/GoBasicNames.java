package dev.rollouts.sdk.gob;

import java.util.Map;

/**
 * The names Go's gob registers for basic types by itself ({@code registerBasics} in
 * {@code type.go}), so that Java's boxes and strings can travel in interface values without a
 * registration, and come back as the same Java types. Immutable.
 */
final class GoBasicNames {
  private static final Map<String, Class<?>> BY_NAME = Map.of(
      "string", String.class, "bool", Boolean.class, "int64", Long.class,
      "int32", Integer.class, "int16", Short.class, "int8", Byte.class,
      "float64", Double.class, "float32", Float.class, "[]uint8", byte[].class);
  private static final Map<Class<?>, String> BY_CLASS = Map.of(
      String.class, "string", Boolean.class, "bool", Long.class, "int64",
      Integer.class, "int32", Short.class, "int16", Byte.class, "int8",
      Double.class, "float64", Float.class, "float32", byte[].class, "[]uint8");

  private GoBasicNames() {}

  static Class<?> classFor(String name) {
    return BY_NAME.get(name);
  }

  static String nameFor(Class<?> type) {
    return BY_CLASS.get(type);
  }
}
