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
 *   func                        GoValues.Func, GoValues.Method
 *   map[interface {}]...        GoValues.AnyMap
 *   [2]interface {}             GoValues.Slice of an array type
 *   time.Time, time.Duration    GoTime, GoDuration
 *   time.Month, time.Weekday    GoTime.Month, GoTime.Weekday
 *   *time.Location              GoZone
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

  /** A method value bound to its receiver, such as {@code date("2023-01-01").Year}. */
  record Method(Object receiver, String name, GoType type) {
    @Override
    public String toString() {
      return "0xc000010000"; // Go prints an address; no stable text exists
    }
  }

  /**
   * A map key with Go's {@code ==} on interfaces: same dynamic type and equal value, so 1 and
   * 1.0 are different keys, -0.0 and 0.0 the same one, and NaN never equal to itself.
   */
  record Key(Object value) {
    /**
     * The key for a value; panics as Go's map does for slices, maps and funcs.
     */
    static Key of(Object value) {
      if (value instanceof Slice s && s.type.kind() == GoType.Kind.ARRAY) {
        s.items().forEach(Key::of);
      } else if (value instanceof Slice || value instanceof Map<?, ?> || value instanceof AnyMap
          || value instanceof Func || value instanceof Method || value instanceof StringSet) {
        throw new GoPanic("runtime error: hash of unhashable type " + GoFormat.typeOf(value));
      }
      return new Key(value);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && same(value, k.value);
    }

    private static boolean same(Object a, Object b) {
      if (a instanceof Double x && b instanceof Double y) {
        return x.doubleValue() == y.doubleValue();
      }
      if (a instanceof Slice x && b instanceof Slice y) {
        if (!x.type.equals(y.type) || x.size() != y.size()) {
          return false;
        }
        for (int i = 0; i < x.size(); i++) {
          if (!same(x.get(i), y.get(i))) {
            return false;
          }
        }
        return true;
      }
      if (a instanceof GoZone || b instanceof GoZone) {
        return a == b;
      }
      return java.util.Objects.equals(a, b);
    }

    @Override
    public int hashCode() {
      return switch (value) {
        case null -> 0;
        case Double d when d.isNaN() -> System.identityHashCode(this);
        case Double d -> Double.hashCode(d + 0.0);
        case Slice s -> {
          int h = s.type.hashCode();
          for (Object item : s.items()) {
            h = h * 31 + new Key(item).hashCode();
          }
          yield h;
        }
        case GoZone z -> System.identityHashCode(z);
        default -> value.hashCode();
      };
    }
  }

  /**
   * A Go map whose keys are interfaces ({@code map[interface {}]...}), as groupBy and fromPairs
   * build them; a nil one (groupBy over nothing) reads as empty and equals nil.
   */
  static final class AnyMap {
    final GoType type;
    private final Map<Key, Object> entries;
    private final boolean nil;

    private AnyMap(GoType type, Map<Key, Object> entries, boolean nil) {
      this.type = type;
      this.entries = entries;
      this.nil = nil;
    }

    /** A map built by the given filler, frozen afterwards. */
    static AnyMap build(GoType type, java.util.function.Consumer<Map<Key, Object>> filler) {
      Map<Key, Object> entries = new LinkedHashMap<>();
      filler.accept(entries);
      return new AnyMap(type, Collections.unmodifiableMap(entries), false);
    }

    static AnyMap nil(GoType type) {
      return new AnyMap(type, Map.of(), true);
    }

    boolean isNil() {
      return nil;
    }

    int size() {
      return entries.size();
    }

    /** The value for a key, or the element type's zero value (nil) when absent. */
    Object get(Object key) {
      Key k = Key.of(key);
      if (entries.containsKey(k)) {
        return entries.get(k);
      }
      return type.elem().kind() == GoType.Kind.SLICE ? Slice.nil(type.elem()) : null;
    }

    boolean containsKey(Object key) {
      return entries.containsKey(Key.of(key));
    }

    Map<Key, Object> entries() {
      return entries;
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
      case Method m -> m.type();
      case AnyMap m -> m.type;
      case GoTime t -> GoType.TIME;
      case GoDuration d -> GoType.DURATION;
      case GoTime.Month m -> GoType.MONTH;
      case GoTime.Weekday w -> GoType.WEEKDAY;
      case GoZone z -> GoType.LOCATION;
      case StringSet s -> GoType.mapOf(GoType.STRING, GoType.EMPTY_STRUCT);
      default -> throw new IllegalStateException("not a Go value: " + v.getClass());
    };
  }
}
