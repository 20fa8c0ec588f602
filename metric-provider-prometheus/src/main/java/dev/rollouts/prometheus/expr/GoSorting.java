package dev.rollouts.prometheus.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * expr's {@code sort(array[, "asc"|"desc"])} and {@code sortBy(array, field[, order])}: the
 * sort key of each element (the element, or its map entry named by field, dereferenced as
 * reflect does), the check that all keys have one type, the orders of ints, floats and
 * strings (any other kind panics when first compared), and Go's unstable {@link GoSort}.
 *
 * <p>Stateless, so thread-safe.
 */
final class GoSorting {
  private GoSorting() {}

  // reflect's view of a nil interface element: kind interface, type interface {}.
  private static final Object NIL_INTERFACE = new Object();

  static Object sort(Object array, String field, Object direction, boolean hasDirection) {
    List<Object> items = items(array);
    boolean desc = hasDirection && descending(direction);
    return sorted(items, field, desc, false);
  }

  static Object sortBy(Object[] a) {
    List<Object> items = items(a[0]);
    if (!(a[1] instanceof String field)) {
      throw new GoPanic("invalid argument for sort (expected string, got "
          + Builtins.sType(GoValues.typeOf(a[1])) + ")");
    }
    boolean desc = a.length == 3 && descending(a[2]);
    return sorted(items, field, desc, true);
  }

  private static List<Object> items(Object array) {
    if (array instanceof GoValues.Slice s) {
      return s.items();
    }
    throw new GoPanic("cannot sort " + GoFormat.kindOf(array));
  }

  private static boolean descending(Object arg) {
    if (!(arg instanceof String dir)) {
      throw new GoPanic("invalid argument for sort (expected string, got "
          + Builtins.sType(GoValues.typeOf(arg)) + ")");
    }
    return switch (dir) {
      case "desc" -> true;
      case "asc" -> false;
      default -> throw new GoPanic("invalid argument for sort (expected \"asc\" or \"desc\", got "
          + GoFormat.quote(dir) + ")");
    };
  }

  private static Object sorted(List<Object> items, String field, boolean desc, boolean byField) {
    Object[] array = items.toArray();
    Object[] keys = new Object[array.length];
    GoType prev = null;
    for (int i = 0; i < array.length; i++) {
      Object key = key(array[i], field);
      keys[i] = key;
      GoType type = key == NIL_INTERFACE ? GoType.ANY : GoValues.typeOf(key);
      if (i == 0) {
        prev = type;
      } else if (!type.equals(prev)) {
        throw new GoPanic("cannot sort array of different types (" + type + " and " + prev + ")");
      }
    }
    GoSort.sort(new GoSort.Data() {
      @Override
      public boolean less(int i, int j) {
        return GoSorting.less(keys[i], keys[j], desc);
      }

      @Override
      public void swap(int i, int j) {
        Object t = array[i];
        array[i] = array[j];
        array[j] = t;
        t = keys[i];
        keys[i] = keys[j];
        keys[j] = t;
      }
    }, array.length);
    List<Object> out = new ArrayList<>(array.length);
    for (Object o : array) {
      out.add(o);
    }
    return GoValues.anySlice(out);
  }

  // copyArray's value for one element: a map's entry or a struct's field, else the element.
  private static Object key(Object elem, String field) {
    Object value;
    boolean present = true;
    switch (elem) {
      case Map<?, ?> m -> {
        present = m.containsKey(field);
        value = m.get(field);
      }
      case GoValues.AnyMap m -> {
        present = m.containsKey(field);
        value = m.get(field);
      }
      case GoTime t -> {
        present = false; // time.Time has no exported fields
        value = null;
      }
      case null -> {
        return NIL_INTERFACE;
      }
      default -> {
        return elem;
      }
    }
    if (!present) {
      throw new GoPanic("cannot deref <invalid reflect.Value>");
    }
    return value == null ? NIL_INTERFACE : value;
  }

  private static boolean less(Object a, Object b, boolean desc) {
    int c;
    switch (a) {
      case Long x -> c = Long.compare(x, (Long) b);
      case GoValues.Int64 x -> c = Long.compare(x.value(), ((GoValues.Int64) b).value());
      case GoDuration x -> c = Long.compare(x.nanos(), ((GoDuration) b).nanos());
      case GoTime.Month x -> c = Integer.compare(x.value(), ((GoTime.Month) b).value());
      case GoTime.Weekday x -> c = Integer.compare(x.value(), ((GoTime.Weekday) b).value());
      case Double x -> {
        double y = (Double) b;
        return desc ? x > y : x < y;
      }
      case String x -> c = GoRuntime.compareStrings(x, (String) b);
      default -> throw new GoPanic("sort: unsupported type "
          + (a == NIL_INTERFACE ? "interface" : GoFormat.kindOf(a)));
    }
    return desc ? c > 0 : c < 0;
  }
}
