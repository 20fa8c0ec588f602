package dev.rollouts.prometheus.expr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runtime representation of Go values inside the evaluator.
 *
 * <pre>
 *   Go                          Java
 *   nil                         null
 *   bool                        Boolean
 *   int                         Long
 *   int64 (asInt's result)      GoValues.Int64
 *   uint8 (a byte of a string)  GoValues.Uint8
 *   float64                     Double
 *   string                      String
 *   []T                         GoValues.Slice (keeps T: []float64 and []interface {} differ)
 *   map[string]interface {}     java.util.Map&lt;String, Object&gt;
 *   func                        GoValues.Func
 * </pre>
 *
 * <p>All values are immutable once built, so they may be shared between threads.
 */
final class GoValues {
  private GoValues() {}

  /** A Go {@code int64}; arithmetic on it yields {@code int} ({@link Long}), as in expr. */
  record Int64(long value) {
    @Override
    public String toString() {
      return Long.toString(value);
    }
  }

  /** A Go {@code uint8}. */
  record Uint8(int value) {
    @Override
    public String toString() {
      return Integer.toString(value);
    }
  }

  /** A Go function value: an env function or a closure-less builtin name. */
  record Func(String name, GoType type) {
    @Override
    public String toString() {
      return "0xc000010000"; // Go prints an address; no stable text exists
    }
  }

  /** expr's optimised constant {@code map[string]struct {}} for {@code x in ["a", "b"]}. */
  record StringSet(Set<String> values) {}

  /** A Go slice with its static type. */
  static final class Slice {
    final GoType type;
    private final List<Object> items;
    private final boolean nil;

    Slice(GoType type, List<Object> items) {
      this(type, items, false);
    }

    private Slice(GoType type, List<Object> items, boolean nil) {
      this.type = type;
      this.items = Collections.unmodifiableList(items);
      this.nil = nil;
    }

    /** A nil slice of the given slice type (strings.SplitN with n == 0 returns one). */
    static Slice nil(GoType type) {
      return new Slice(type, List.of(), true);
    }

    boolean isNil() {
      return nil;
    }

    int size() {
      return items.size();
    }

    Object get(int i) {
      return items.get(i);
    }

    List<Object> items() {
      return items;
    }

    Slice sub(int from, int to) {
      return new Slice(type, items.subList(from, to));
    }

    @Override
    public String toString() {
      return GoFormat.value(this);
    }
  }

  static Slice anySlice(List<Object> items) {
    return new Slice(GoType.ANY_SLICE, items);
  }

  /**
   * A Java value as the Go value a provider would pass (see {@link GoType#of}).
   *
   * @throws IllegalArgumentException for a type with no Go counterpart here
   */
  static Object fromJava(Object v) {
    return switch (v) {
      case null -> null;
      case Boolean b -> b;
      case Double d -> d;
      case Float f -> (double) f;
      case Long l -> l;
      case Integer i -> (long) i;
      case Short s -> (long) s;
      case Byte b -> (long) b;
      case String s -> s;
      case Slice s -> s;
      case Int64 i -> i;
      case Uint8 u -> u;
      case double[] a -> {
        List<Object> items = new ArrayList<>(a.length);
        for (double d : a) {
          items.add(d);
        }
        yield new Slice(GoType.FLOAT64_SLICE, items);
      }
      case List<?> list -> {
        List<Object> items = new ArrayList<>(list.size());
        for (Object o : list) {
          items.add(fromJava(o));
        }
        yield anySlice(items);
      }
      case Map<?, ?> map -> {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
          if (!(e.getKey() instanceof String key)) {
            throw new IllegalArgumentException("map keys must be strings, got " + e.getKey());
          }
          out.put(key, fromJava(e.getValue()));
        }
        yield Collections.unmodifiableMap(out);
      }
      default -> throw new IllegalArgumentException(
          "no Go counterpart for a result of type " + v.getClass().getName());
    };
  }

  /** The dynamic Go type of a runtime value; null for nil. */
  static GoType typeOf(Object v) {
    return switch (v) {
      case null -> null;
      case Boolean b -> GoType.BOOL;
      case Long l -> GoType.INT;
      case Int64 i -> GoType.INT64;
      case Uint8 u -> GoType.UINT8;
      case Double d -> GoType.FLOAT64;
      case String s -> GoType.STRING;
      case Slice s -> s.type;
      case Map<?, ?> m -> GoType.ANY_MAP;
      case Func f -> f.type();
      case StringSet s -> GoType.mapOf(GoType.STRING, GoType.EMPTY_STRUCT);
      default -> throw new IllegalStateException("not a Go value: " + v.getClass());
    };
  }
}
