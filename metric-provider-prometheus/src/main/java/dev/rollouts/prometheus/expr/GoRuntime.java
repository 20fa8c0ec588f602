package dev.rollouts.prometheus.expr;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * expr's {@code vm/runtime} helpers over {@link GoValues}: Go's numeric promotion (any integer
 * with a float is float64, integers stay {@code int} and wrap), Go's float-to-int conversion on
 * amd64, byte-wise strings, {@code reflect.DeepEqual}, and the exact panic texts.
 *
 * <p>Stateless, so thread-safe.
 */
final class GoRuntime {
  private GoRuntime() {}

  static boolean isInteger(Object v) {
    return v instanceof Long || v instanceof GoValues.Int64 || v instanceof GoValues.Uint8;
  }

  static boolean isNumber(Object v) {
    return v instanceof Double || isInteger(v);
  }

  static long intValue(Object v) {
    return switch (v) {
      case Long l -> l;
      case GoValues.Int64 i -> i.value();
      case GoValues.Uint8 u -> u.value();
      case GoDuration d -> d.nanos(); // reflect's Int() of a named int type
      case GoTime.Month m -> m.value();
      case GoTime.Weekday w -> w.value();
      default -> throw new IllegalStateException("not an integer: " + v);
    };
  }

  static double floatValue(Object v) {
    return v instanceof Double d ? d : (double) intValue(v);
  }

  /** Go's {@code int(f)} for a float64 on amd64: NaN and out-of-range give MinInt64. */
  static long floatToInt(double f) {
    if (Double.isNaN(f) || f >= 0x1p63 || f < -0x1p63) {
      return Long.MIN_VALUE;
    }
    return (long) f;
  }

  static boolean asBool(Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    throw GoPanic.interfaceConversion(v, "bool");
  }

  static String asString(Object v) {
    if (v instanceof String s) {
      return s;
    }
    throw GoPanic.interfaceConversion(v, "string");
  }

  /** expr's {@code runtime.IsNil}: nil, or a nil slice or map. */
  static boolean isNil(Object v) {
    return v == null || v instanceof GoValues.Slice s && s.isNil()
        || v instanceof GoValues.AnyMap m && m.isNil();
  }

  static Object add(Object a, Object b) {
    if (isNumber(a) && isNumber(b)) {
      if (a instanceof Double || b instanceof Double) {
        return floatValue(a) + floatValue(b);
      }
      return intValue(a) + intValue(b);
    }
    if (a instanceof String x && b instanceof String y) {
      return x + y;
    }
    if (a instanceof GoTime t && b instanceof GoDuration d) {
      return t.add(d);
    }
    if (a instanceof GoDuration d) {
      if (b instanceof GoTime t) {
        return t.add(d);
      }
      if (b instanceof GoDuration e) {
        return new GoDuration(d.nanos() + e.nanos());
      }
    }
    throw invalid(a, "+", b);
  }

  static Object subtract(Object a, Object b) {
    if (isNumber(a) && isNumber(b)) {
      if (a instanceof Double || b instanceof Double) {
        return floatValue(a) - floatValue(b);
      }
      return intValue(a) - intValue(b);
    }
    if (a instanceof GoTime t) {
      if (b instanceof GoTime u) {
        return t.sub(u);
      }
      if (b instanceof GoDuration d) {
        return t.add(new GoDuration(-d.nanos()));
      }
    }
    if (a instanceof GoDuration d && b instanceof GoDuration e) {
      return new GoDuration(d.nanos() - e.nanos());
    }
    throw invalid(a, "-", b);
  }

  static Object multiply(Object a, Object b) {
    // expr's generated Multiply scales a time.Duration by any integer (wrapping), and turns
    // it into a float64 with a float.
    if (a instanceof GoDuration || b instanceof GoDuration) {
      boolean aOk = a instanceof GoDuration || isNumber(a);
      boolean bOk = b instanceof GoDuration || isNumber(b);
      if (aOk && bOk) {
        if (a instanceof Double || b instanceof Double) {
          return scaledFloat(a) * scaledFloat(b);
        }
        return new GoDuration(scaledInt(a) * scaledInt(b));
      }
    }
    if (isNumber(a) && isNumber(b)) {
      if (a instanceof Double || b instanceof Double) {
        return floatValue(a) * floatValue(b);
      }
      return intValue(a) * intValue(b);
    }
    throw invalid(a, "*", b);
  }

  private static double scaledFloat(Object v) {
    return v instanceof GoDuration d ? (double) d.nanos() : floatValue(v);
  }

  private static long scaledInt(Object v) {
    return v instanceof GoDuration d ? d.nanos() : intValue(v);
  }

  static Object divide(Object a, Object b) {
    if (isNumber(a) && isNumber(b)) {
      return floatValue(a) / floatValue(b);
    }
    throw invalid(a, "/", b);
  }

  static Object modulo(Object a, Object b) {
    if (isInteger(a) && isInteger(b)) {
      long y = intValue(b);
      if (y == 0) {
        throw new GoPanic("runtime error: integer divide by zero");
      }
      return intValue(a) % y;
    }
    throw invalid(a, "%", b);
  }

  static Object exponent(Object a, Object b) {
    return pow(toFloat64(a), toFloat64(b));
  }

  /** Go's {@code math.Pow} special cases where they differ from Java's. */
  static double pow(double x, double y) {
    if (y == 0 || x == 1) {
      return 1;
    }
    if (x == -1 && Double.isInfinite(y)) {
      return 1;
    }
    return Math.pow(x, y);
  }

  static Object negate(Object v) {
    return switch (v) {
      case Double d -> -d;
      case Long l -> -l;
      case GoValues.Int64 i -> new GoValues.Int64(-i.value());
      case GoValues.Uint8 u -> new GoValues.Uint8(-u.value() & 0xff);
      case null, default -> throw new GoPanic("invalid operation: - " + GoFormat.typeOf(v));
    };
  }

  private static GoPanic invalid(Object a, String op, Object b) {
    return new GoPanic("invalid operation: " + GoFormat.typeOf(a) + " " + op + " "
        + GoFormat.typeOf(b));
  }

  /** -1, 0, 1 like Go's comparison, or null when the operands are not ordered. */
  private static Integer order(Object a, Object b) {
    if (isNumber(a) && isNumber(b)) {
      if (a instanceof Double || b instanceof Double) {
        double x = floatValue(a);
        double y = floatValue(b);
        if (Double.isNaN(x) || Double.isNaN(y)) {
          return 2; // unordered: every comparison is false
        }
        return x < y ? -1 : x > y ? 1 : 0;
      }
      return Long.compare(intValue(a), intValue(b));
    }
    if (a instanceof String x && b instanceof String y) {
      return Integer.signum(compareStrings(x, y));
    }
    if (a instanceof GoTime x && b instanceof GoTime y) {
      return Integer.signum(x.compare(y));
    }
    if (a instanceof GoDuration x && b instanceof GoDuration y) {
      return Long.compare(x.nanos(), y.nanos());
    }
    return null;
  }

  static boolean less(Object a, Object b) {
    Integer o = order(a, b);
    if (o == null) {
      throw invalid(a, "<", b);
    }
    return o == -1;
  }

  static boolean more(Object a, Object b) {
    Integer o = order(a, b);
    if (o == null) {
      throw invalid(a, ">", b);
    }
    return o == 1;
  }

  static boolean lessOrEqual(Object a, Object b) {
    Integer o = order(a, b);
    if (o == null) {
      throw invalid(a, "<=", b);
    }
    return o == -1 || o == 0;
  }

  static boolean moreOrEqual(Object a, Object b) {
    Integer o = order(a, b);
    if (o == null) {
      throw invalid(a, ">=", b);
    }
    return o == 1 || o == 0;
  }

  /** Go compares strings byte-wise in UTF-8, which is code point order. */
  static int compareStrings(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** expr's {@code runtime.Equal}. */
  static boolean equal(Object a, Object b) {
    if (isNumber(a) && isNumber(b)) {
      if (a instanceof Double || b instanceof Double) {
        return floatValue(a) == floatValue(b);
      }
      return intValue(a) == intValue(b);
    }
    if (a instanceof String x && b instanceof String y) {
      return x.equals(y);
    }
    if (a instanceof GoTime x && b instanceof GoTime y) {
      return x.equalTo(y);
    }
    if (isNil(a) && isNil(b)) {
      return true;
    }
    return deepEqual(a, b);
  }

  /** {@code reflect.DeepEqual}. */
  static boolean deepEqual(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (!Objects.equals(GoValues.typeOf(a), GoValues.typeOf(b))) {
      return false;
    }
    return switch (a) {
      case Double x -> x.doubleValue() == (Double) b;
      case GoValues.Slice x -> {
        GoValues.Slice y = (GoValues.Slice) b;
        if (x.isNil() != y.isNil()) {
          yield false;
        }
        if (x == y) {
          yield true; // same backing array and length: Go does not look at the elements
        }
        if (x.size() != y.size()) {
          yield false;
        }
        for (int i = 0; i < x.size(); i++) {
          if (!deepEqual(x.get(i), y.get(i))) {
            yield false;
          }
        }
        yield true;
      }
      case Map<?, ?> x -> {
        Map<?, ?> y = (Map<?, ?>) b;
        if (x == y) {
          yield true;
        }
        if (x.size() != y.size()) {
          yield false;
        }
        for (Map.Entry<?, ?> e : x.entrySet()) {
          if (!y.containsKey(e.getKey()) || !deepEqual(e.getValue(), y.get(e.getKey()))) {
            yield false;
          }
        }
        yield true;
      }
      case GoValues.AnyMap x -> {
        GoValues.AnyMap y = (GoValues.AnyMap) b;
        if (x.isNil() != y.isNil() || x.size() != y.size()) {
          yield false;
        }
        for (Map.Entry<GoValues.Key, Object> e : x.entries().entrySet()) {
          if (!y.entries().containsKey(e.getKey())
              || !deepEqual(e.getValue(), y.entries().get(e.getKey()))) {
            yield false;
          }
        }
        yield true;
      }
      case GoValues.Func f -> false;
      case GoValues.Method m -> false;
      default -> a.equals(b);
    };
  }

  /** expr's {@code runtime.ToInt}. */
  static long toInt(Object v) {
    if (v instanceof Double d) {
      return floatToInt(d);
    }
    if (isInteger(v)) {
      return intValue(v);
    }
    throw new GoPanic("invalid operation: int(" + GoFormat.typeOf(v) + ")");
  }

  /** expr's {@code runtime.ToFloat64}. */
  static double toFloat64(Object v) {
    if (isNumber(v)) {
      return floatValue(v);
    }
    throw new GoPanic("invalid operation: float(" + GoFormat.typeOf(v) + ")");
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** expr's {@code runtime.Fetch}: {@code a[i]} and {@code a.name}. */
  static Object fetch(Object from, Object i) {
    if (i instanceof String name) {
      TimeMethods.Spec method = TimeMethods.find(from, name);
      if (method != null) {
        return new GoValues.Method(from, name, TimeMethods.valueType(method));
      }
    }
    if (from instanceof GoTime || from instanceof GoZone) {
      // reflect: a struct (through the pointer for a Location) fetches a field by name
      if (!(i instanceof String name)) {
        throw GoPanic.interfaceConversion(i, "string");
      }
      if (TimeMethods.fieldsOf(from).containsKey(name)) {
        throw TimeMethods.unexportedField();
      }
      throw new GoPanic("cannot fetch " + name + " from " + GoFormat.typeOf(from));
    }
    switch (from) {
      case GoValues.Slice s -> {
        long index = toInt(i);
        if (index < 0) {
          index += s.size();
        }
        if (index < 0 || index >= s.size()) {
          throw new GoPanic("reflect: slice index out of range");
        }
        return s.get((int) index);
      }
      case String s -> {
        byte[] bytes = utf8(s);
        long index = toInt(i);
        if (index < 0) {
          index += bytes.length;
        }
        if (index < 0 || index >= bytes.length) {
          throw new GoPanic("reflect: string index out of range");
        }
        return new GoValues.Uint8(bytes[(int) index] & 0xff);
      }
      case Map<?, ?> m -> {
        String key = mapKey(i);
        return m.get(key);
      }
      case GoValues.AnyMap m -> {
        return m.get(i);
      }
      case null, default -> throw new GoPanic(
          "cannot fetch " + GoFormat.value(i) + " from " + GoFormat.typeOf(from));
    }
  }

  // reflect.Value.MapIndex on a map[string]...: a nil key looks up "", another type panics.
  private static String mapKey(Object key) {
    if (key == null) {
      return "";
    }
    if (key instanceof String s) {
      return s;
    }
    throw new GoPanic("reflect.Value.MapIndex: value of type " + GoFormat.typeOf(key)
        + " is not assignable to type string");
  }

  /** expr's {@code runtime.Slice}: {@code a[from:to]} with clamping. */
  static Object slice(Object array, Object fromValue, Object toValue) {
    int length;
    byte[] bytes = null;
    if (array instanceof GoValues.Slice s) {
      if (s.type.kind() == GoType.Kind.ARRAY) {
        throw new GoPanic("reflect.Value.Slice: slice of unaddressable array");
      }
      length = s.size();
    } else if (array instanceof String s) {
      bytes = utf8(s);
      length = bytes.length;
    } else {
      throw new GoPanic("cannot slice " + GoFormat.value(fromValue));
    }
    long a = toInt(fromValue);
    long b = toInt(toValue);
    if (a < 0) {
      a += length;
    }
    if (a < 0) {
      a = 0;
    }
    if (b < 0) {
      b += length;
    }
    if (b < 0) {
      b = 0;
    }
    if (b > length) {
      b = length;
    }
    if (a > b) {
      a = b;
    }
    if (bytes != null) {
      return new String(Arrays.copyOfRange(bytes, (int) a, (int) b), StandardCharsets.UTF_8);
    }
    GoValues.Slice whole = (GoValues.Slice) array;
    // a[0:len(a)] is the same Go slice (same pointer and length), which DeepEqual short-cuts.
    return a == 0 && b == length ? whole : whole.sub((int) a, (int) b);
  }

  /** expr's {@code runtime.In}. */
  static boolean in(Object needle, Object array) {
    switch (array) {
      case null -> {
        return false;
      }
      case GoValues.Slice s -> {
        for (Object item : s.items()) {
          if (equal(item, needle)) {
            return true;
          }
        }
        return false;
      }
      case Map<?, ?> m -> {
        return m.containsKey(mapKey(needle));
      }
      case GoValues.StringSet set -> {
        return set.values().contains(mapKey(needle));
      }
      case GoValues.AnyMap m -> {
        return m.containsKey(needle);
      }
      case GoTime t -> {
        return hasField(needle, array, java.util.Set.of("wall", "ext", "loc"));
      }
      case GoZone z -> {
        return hasField(needle, array, java.util.Set.of("name", "zone", "tx", "extend",
            "cacheStart", "cacheEnd", "cacheZone"));
      }
      default -> throw new GoPanic("operator \"in\" not defined on " + GoFormat.typeOf(array));
    }
  }

  // runtime.In on a struct: the needle names a field (exported or not).
  private static boolean hasField(Object needle, Object struct, java.util.Set<String> fields) {
    if (!(needle instanceof String name)) {
      throw new GoPanic("cannot use " + GoFormat.typeOf(needle) + " as field name of "
          + GoFormat.typeOf(struct));
    }
    return fields.contains(name);
  }

  /** expr's {@code runtime.Len} and builtin {@code len}. */
  static long len(Object v) {
    return switch (v) {
      case GoValues.Slice s -> s.size();
      case Map<?, ?> m -> m.size();
      case GoValues.AnyMap m -> m.size();
      case String s -> utf8(s).length;
      case null, default -> throw new GoPanic(
          "invalid argument for len (type " + GoFormat.typeOf(v) + ")");
    };
  }

  /** The elements a predicate builtin iterates: expr's {@code OpBegin} via reflect. */
  static List<Object> iterable(Object v) {
    return switch (v) {
      case GoValues.Slice s -> s.items();
      case String s -> {
        byte[] bytes = utf8(s);
        Object[] items = new Object[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
          items[i] = new GoValues.Uint8(bytes[i] & 0xff);
        }
        yield Arrays.asList(items);
      }
      case null -> throw new GoPanic("reflect: call of reflect.Value.Len on zero Value");
      case Map<?, ?> m -> new MapElements(m.size());
      case GoValues.AnyMap m -> new MapElements(m.size());
      default -> throw new GoPanic(
          "reflect: call of reflect.Value.Len on " + GoFormat.kindOf(v) + " Value");
    };
  }

  // A map has a length but no elements by index: reflect panics only when one is read.
  private static final class MapElements extends java.util.AbstractList<Object> {
    private final int size;

    MapElements(int size) {
      this.size = size;
    }

    @Override
    public Object get(int index) {
      throw new GoPanic("reflect: call of reflect.Value.Index on map Value");
    }

    @Override
    public int size() {
      return size;
    }
  }
}
