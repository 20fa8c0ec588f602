package dev.rollouts.prometheus.expr;

import static dev.rollouts.prometheus.expr.GoType.ANY;
import static dev.rollouts.prometheus.expr.GoType.ANY_SLICE;
import static dev.rollouts.prometheus.expr.GoType.BOOL;
import static dev.rollouts.prometheus.expr.GoType.FLOAT64;
import static dev.rollouts.prometheus.expr.GoType.INT;
import static dev.rollouts.prometheus.expr.GoType.STRING;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * expr v1.15.5's builtin functions (besides the closure-taking predicates, which
 * {@link Checker} and {@link Compiler} handle): how the checker validates their arguments and
 * what they do when run, with expr's messages.
 *
 * <p>Each builtin also records whether Go gives it a {@code Func}: calling a builtin through
 * {@code $env} or a variable ({@code let f = now; f()}) calls that Func, and one that has only
 * a fast path ({@code len}, {@code upper}, ...) or is a predicate dereferences nil instead.
 *
 * <p>Stateless, so thread-safe.
 */
final class Builtins {
  private Builtins() {}

  /** A validation failure; the message is expr's. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  interface Validator {
    GoType validate(List<GoType> args) throws Invalid;
  }

  interface Impl {
    Object call(Object[] args);
  }

  /**
   * How the checker treats a builtin: by validator, by typed overloads, or specially; hasFunc
   * tells whether Go gives it a Func (see the class comment).
   */
  record Spec(String name, Validator validator, List<GoType> overloads, Impl impl,
      boolean hasFunc) {}

  static final Set<String> PREDICATES = Set.of("all", "none", "any", "one", "filter", "map",
      "count", "find", "findIndex", "findLast", "findLastIndex", "groupBy", "reduce");

  // Go builtins with a fast path only: no Func to call through $env.
  private static final Set<String> FAST_ONLY = Set.of("len", "type", "abs", "ceil", "floor",
      "round", "int", "float", "string", "upper", "lower");

  private static final Map<String, Spec> SPECS = new HashMap<>();

  static boolean isBuiltin(String name) {
    return PREDICATES.contains(name) || SPECS.containsKey(name);
  }

  static Spec spec(String name) {
    return SPECS.get(name);
  }

  private static GoType fn(GoType out, GoType... params) {
    return GoType.funcOf(List.of(params), out, false);
  }

  private static void typed(String name, Impl impl, GoType... overloads) {
    SPECS.put(name, new Spec(name, null, List.of(overloads), impl, !FAST_ONLY.contains(name)));
  }

  private static void validated(String name, Validator validator, Impl impl) {
    SPECS.put(name, new Spec(name, validator, null, impl, !FAST_ONLY.contains(name)));
  }

  // A predicate's Types, as checkFunction sees them when it is called through $env.
  private static void predicate(String name, GoType out, GoType closureOut, GoType... extra) {
    List<GoType> params = new ArrayList<>();
    params.add(ANY_SLICE);
    List<GoType> closureParams = new ArrayList<>();
    closureParams.add(ANY);
    closureParams.addAll(List.of(extra));
    params.add(GoType.funcOf(closureParams, closureOut, false));
    if (extra.length > 0) {
      params.add(ANY);
    }
    SPECS.put(name, new Spec(name, null, List.of(GoType.funcOf(params, out, false)), null, false));
  }

  static {
    GoType stringSlice = GoType.sliceOf(STRING);
    validated("len", args -> {
      arity(args, 1);
      return switch (kind(args.get(0))) {
        case SLICE, ARRAY, MAP, STRING, INTERFACE -> INT;
        case null, default -> throw new Invalid(
            "invalid argument for len (type " + sType(args.get(0)) + ")");
      };
    }, a -> GoRuntime.len(a[0]));
    typed("type", a -> typeName(a[0]), fn(STRING, ANY));
    validated("abs", numeric("abs", null), a -> abs(a[0]));
    validated("ceil", numeric("ceil", FLOAT64), a -> rounding(a[0], "ceil"));
    validated("floor", numeric("floor", FLOAT64), a -> rounding(a[0], "floor"));
    validated("round", numeric("floor", FLOAT64), a -> rounding(a[0], "round"));
    validated("int", conversion("int", INT), a -> toInt(a[0]));
    validated("float", conversion("float", FLOAT64), a -> toFloat(a[0]));
    typed("string", a -> GoFormat.value(a[0]), fn(STRING, ANY));
    typed("trim", a -> a.length == 1 ? trimSpace(GoRuntime.asString(a[0]))
        : trim(GoRuntime.asString(a[0]), GoRuntime.asString(a[1])),
        fn(STRING, STRING), fn(STRING, STRING, STRING));
    typed("trimPrefix", a -> {
      String s = GoRuntime.asString(a[0]);
      String p = a.length == 2 ? GoRuntime.asString(a[1]) : " ";
      return s.startsWith(p) ? s.substring(p.length()) : s;
    }, fn(STRING, STRING, STRING), fn(STRING, STRING));
    typed("trimSuffix", a -> {
      String s = GoRuntime.asString(a[0]);
      String p = a.length == 2 ? GoRuntime.asString(a[1]) : " ";
      return s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s;
    }, fn(STRING, STRING, STRING), fn(STRING, STRING));
    typed("upper", a -> mapRunes(GoRuntime.asString(a[0]), true), fn(STRING, STRING));
    typed("lower", a -> mapRunes(GoRuntime.asString(a[0]), false), fn(STRING, STRING));
    typed("split", a -> split(a, false), fn(stringSlice, STRING, STRING),
        fn(stringSlice, STRING, STRING, INT));
    typed("splitAfter", a -> split(a, true), fn(stringSlice, STRING, STRING),
        fn(stringSlice, STRING, STRING, INT));
    typed("replace", a -> replace(GoRuntime.asString(a[0]), GoRuntime.asString(a[1]),
        GoRuntime.asString(a[2]), a.length == 4 ? GoRuntime.toInt(a[3]) : -1),
        fn(STRING, STRING, STRING, STRING, INT), fn(STRING, STRING, STRING, STRING));
    typed("repeat", a -> {
      long n = GoRuntime.toInt(a[1]);
      if (n > 1_000_000) {
        throw new GoPanic("memory budget exceeded");
      }
      if (n < 0) {
        throw new GoPanic("strings: negative Repeat count");
      }
      return GoRuntime.asString(a[0]).repeat((int) n);
    }, fn(STRING, STRING, INT));
    typed("join", Builtins::join, fn(STRING, stringSlice, STRING), fn(STRING, ANY_SLICE, STRING),
        fn(STRING, ANY_SLICE), fn(STRING, stringSlice, STRING), fn(STRING, stringSlice));
    typed("indexOf", a -> (long) indexOf(GoRuntime.utf8(GoRuntime.asString(a[0])),
        GoRuntime.utf8(GoRuntime.asString(a[1])), false), fn(INT, STRING, STRING));
    typed("lastIndexOf", a -> (long) indexOf(GoRuntime.utf8(GoRuntime.asString(a[0])),
        GoRuntime.utf8(GoRuntime.asString(a[1])), true), fn(INT, STRING, STRING));
    typed("hasPrefix", a -> GoRuntime.asString(a[0]).startsWith(GoRuntime.asString(a[1])),
        fn(BOOL, STRING, STRING));
    typed("hasSuffix", a -> GoRuntime.asString(a[0]).endsWith(GoRuntime.asString(a[1])),
        fn(BOOL, STRING, STRING));
    validated("max", extremum("max"), a -> extremum(a, true));
    validated("min", extremum("min"), a -> extremum(a, false));
    validated("sum", aggregate("cannot sum ", ANY), a -> sum(a[0]));
    validated("mean", aggregate("cannot avg ", FLOAT64), a -> mean(a[0]));
    validated("median", aggregate("cannot median ", FLOAT64), a -> median(a[0]));
    typed("toBase64", a -> Base64.getEncoder().encodeToString(
        GoRuntime.utf8(GoRuntime.asString(a[0]))), fn(STRING, STRING));
    typed("fromBase64", a -> fromBase64(GoRuntime.asString(a[0])), fn(STRING, STRING));
    validated("first", element("cannot get first element from "), a -> fetchOrNil(a[0], 0L));
    validated("last", element("cannot get last element from "), a -> fetchOrNil(a[0], -1L));
    // get has its own check in Checker; the validator is never used.
    validated("get", args -> ANY, a -> fetchOrNil(a[0], a[1]));
    validated("take", args -> {
      arity(args, 2);
      switch (kind(args.get(0))) {
        case INTERFACE, SLICE, ARRAY -> { }
        case null, default -> throw new Invalid("cannot take from " + sType(args.get(0)));
      }
      switch (kind(args.get(1))) {
        case INTERFACE, INT, INT64 -> { }
        case null, default -> throw new Invalid("cannot take " + sType(args.get(1)) + " elements");
      }
      return args.get(0);
    }, Builtins::take);
    validated("keys", mapAccessor("cannot get keys from "), a -> mapEntries(a[0], true));
    validated("values", mapAccessor("cannot get values from "), a -> mapEntries(a[0], false));
    typed("now", a -> GoTime.now(), fn(GoType.TIME));
    typed("duration", a -> {
      try {
        return GoDuration.parse(GoRuntime.asString(a[0]));
      } catch (GoDuration.Invalid e) {
        throw new GoPanic(e.getMessage());
      }
    }, GoType.funcOf(List.of(STRING), List.of(GoType.DURATION, GoType.ERROR), false));
    typed("date", Builtins::date, fn(GoType.TIME, STRING), fn(GoType.TIME, STRING, STRING),
        fn(GoType.TIME, STRING, STRING, STRING));
    typed("toJSON", a -> {
      try {
        return GoJson.marshalIndent(a[0]);
      } catch (GoJson.JsonError e) {
        throw new GoPanic(e.getMessage());
      }
    }, fn(STRING, ANY));
    typed("fromJSON", a -> {
      try {
        return GoJson.unmarshal(GoRuntime.asString(a[0]));
      } catch (GoJson.JsonError e) {
        throw new GoPanic(e.getMessage());
      }
    }, fn(ANY, STRING));
    validated("toPairs", args -> {
      arity(args, 1);
      return switch (kind(args.get(0))) {
        case INTERFACE, MAP -> ANY_SLICE;
        case null, default -> throw new Invalid("cannot transform " + sType(args.get(0))
            + " to pairs");
      };
    }, a -> toPairs(a[0]));
    validated("fromPairs", args -> {
      arity(args, 1);
      return switch (kind(args.get(0))) {
        case INTERFACE, SLICE, ARRAY -> GoType.ANY_KEY_MAP;
        case null, default -> throw new Invalid("cannot transform " + sType(args.get(0))
            + " from pairs");
      };
    }, a -> fromPairs(a[0]));
    validated("sort", args -> {
      if (args.size() != 1 && args.size() != 2) {
        throw new Invalid("invalid number of arguments (expected 1 or 2, got " + args.size()
            + ")");
      }
      sortable(args.get(0));
      if (args.size() == 2) {
        direction(args.get(1), args.get(1));
      }
      return ANY_SLICE;
    }, a -> GoSorting.sort(a[0], "", a.length == 2 ? a[1] : "asc", a.length == 2));
    validated("sortBy", args -> {
      if (args.size() != 2 && args.size() != 3) {
        throw new Invalid("invalid number of arguments (expected 2 or 3, got " + args.size()
            + ")");
      }
      sortable(args.get(0));
      direction(args.get(1), args.get(1));
      if (args.size() == 3) {
        direction(args.get(2), args.get(1)); // expr names the field's type here
      }
      return ANY_SLICE;
    }, a -> GoSorting.sortBy(a));
    predicate("all", BOOL, BOOL);
    predicate("none", BOOL, BOOL);
    predicate("any", BOOL, BOOL);
    predicate("one", BOOL, BOOL);
    predicate("filter", ANY_SLICE, BOOL);
    predicate("map", ANY_SLICE, ANY);
    predicate("count", INT, BOOL);
    predicate("find", ANY, BOOL);
    predicate("findIndex", INT, BOOL);
    predicate("findLast", ANY, BOOL);
    predicate("findLastIndex", INT, BOOL);
    predicate("groupBy", GoType.GROUPS, ANY);
    predicate("reduce", ANY, ANY, ANY);
  }

  private static void sortable(GoType t) throws Invalid {
    switch (kind(t)) {
      case INTERFACE, SLICE, ARRAY -> { }
      case null, default -> throw new Invalid("cannot sort " + sType(t));
    }
  }

  private static void direction(GoType t, GoType named) throws Invalid {
    switch (kind(t)) {
      case STRING, INTERFACE -> { }
      case null, default -> throw new Invalid("invalid argument for sort (expected string, got "
          + sType(named) + ")");
    }
  }

  private static final String[] DATE_LAYOUTS = {"2006-01-02", "15:04:05", "2006-01-02 15:04:05",
      "2006-01-02T15:04:05Z07:00", "02 Jan 06 15:04 MST", "Monday, 02-Jan-06 15:04:05 MST",
      "Mon, 02 Jan 2006 15:04:05 MST"};

  private static Object date(Object[] a) {
    String date = GoRuntime.asString(a[0]);
    try {
      if (a.length == 2) {
        return GoTimeLayout.parse(GoRuntime.asString(a[1]), date, null);
      }
      if (a.length == 3) {
        String layout = GoRuntime.asString(a[1]);
        GoZone zone = GoZone.load(GoRuntime.asString(a[2]));
        return GoTimeLayout.parse(layout, date, zone);
      }
    } catch (GoTimeLayout.ParseError | GoZone.UnknownZone e) {
      throw new GoPanic(e.getMessage());
    }
    for (String layout : DATE_LAYOUTS) {
      try {
        return GoTimeLayout.parse(layout, date, null);
      } catch (GoTimeLayout.ParseError e) {
        // try the next layout
      }
    }
    throw new GoPanic("invalid date " + date);
  }

  private static Object toPairs(Object v) {
    List<Object> out = new ArrayList<>();
    switch (v) {
      case Map<?, ?> m -> m.forEach((k, x) -> out.add(pair(k, x)));
      case GoValues.AnyMap m -> m.entries().forEach((k, x) -> out.add(pair(k.value(), x)));
      case null, default -> throw new GoPanic("cannot transform " + GoFormat.kindOf(v)
          + " to pairs");
    }
    return new GoValues.Slice(GoType.PAIRS, out);
  }

  private static Object pair(Object key, Object value) {
    return new GoValues.Slice(GoType.PAIR, java.util.Arrays.asList(key, value));
  }

  private static Object fromPairs(Object v) {
    if (!(v instanceof GoValues.Slice list)) {
      throw new GoPanic("cannot transform " + GoFormat.sprintS(v) + " from pairs");
    }
    return GoValues.AnyMap.build(GoType.ANY_KEY_MAP, out -> {
      for (Object item : list.items()) {
        if (!(item instanceof GoValues.Slice pair)) {
          throw new GoPanic("invalid pair " + GoFormat.value(item));
        }
        if (pair.size() != 2) {
          throw new GoPanic("invalid pair length " + GoFormat.value(pair));
        }
        out.put(GoValues.Key.of(pair.get(0)), pair.get(1));
      }
    });
  }

  // ---- validation helpers ----

  private static GoType.Kind kind(GoType t) {
    return t == null ? null : t.kind();
  }

  /** Go's %s of a reflect.Type: the nil type prints as "%!s(<nil>)". */
  static String sType(GoType t) {
    return t == null ? "%!s(<nil>)" : t.toString();
  }

  private static void arity(List<GoType> args, int n) throws Invalid {
    if (args.size() != n) {
      throw new Invalid("invalid number of arguments (expected " + n + ", got " + args.size() + ")");
    }
  }

  private static boolean isNumericKind(GoType.Kind k) {
    return k == GoType.Kind.INT || k == GoType.Kind.INT64 || k == GoType.Kind.UINT8
        || k == GoType.Kind.UINT64 || k == GoType.Kind.FLOAT64;
  }

  private static Validator numeric(String name, GoType result) {
    return args -> {
      arity(args, 1);
      GoType.Kind k = kind(args.get(0));
      if (k == GoType.Kind.INTERFACE || isNumericKind(k)) {
        return result == null ? args.get(0) : result;
      }
      throw new Invalid("invalid argument for " + name + " (type " + sType(args.get(0)) + ")");
    };
  }

  private static Validator conversion(String name, GoType result) {
    return args -> {
      arity(args, 1);
      GoType.Kind k = kind(args.get(0));
      if (k == GoType.Kind.INTERFACE || k == GoType.Kind.STRING || isNumericKind(k)) {
        return result;
      }
      throw new Invalid("invalid argument for " + name + " (type " + sType(args.get(0)) + ")");
    };
  }

  private static Validator extremum(String name) {
    return args -> {
      if (args.isEmpty()) {
        throw new Invalid("not enough arguments to call " + name);
      }
      for (GoType t : args) {
        GoType.Kind k = kind(t);
        if (k == GoType.Kind.INTERFACE) {
          return ANY;
        }
        if (!isNumericKind(k)) {
          throw new Invalid("invalid argument for " + name + " (type " + sType(t) + ")");
        }
      }
      return args.get(0);
    };
  }

  private static Validator aggregate(String error, GoType result) {
    return args -> {
      arity(args, 1);
      GoType.Kind k = kind(args.get(0));
      if (k == GoType.Kind.INTERFACE || k == GoType.Kind.SLICE || k == GoType.Kind.ARRAY) {
        return result;
      }
      throw new Invalid(error + sType(args.get(0)));
    };
  }

  private static Validator element(String error) {
    return args -> {
      arity(args, 1);
      GoType t = args.get(0);
      if (kind(t) == GoType.Kind.INTERFACE) {
        return ANY;
      }
      if (kind(t) == GoType.Kind.SLICE || kind(t) == GoType.Kind.ARRAY) {
        return t.elem();
      }
      throw new Invalid(error + sType(t));
    };
  }

  private static Validator mapAccessor(String error) {
    return args -> {
      arity(args, 1);
      GoType.Kind k = kind(args.get(0));
      if (k == GoType.Kind.INTERFACE || k == GoType.Kind.MAP) {
        return ANY_SLICE;
      }
      throw new Invalid(error + sType(args.get(0)));
    };
  }

  // ---- runtime ----

  private static Object typeName(Object v) {
    return switch (v) {
      case null -> "nil";
      case Boolean b -> "bool";
      case Long l -> "int";
      case GoValues.Int64 i -> "int";
      case GoValues.Uint8 u -> "uint";
      case Double d -> "float";
      case String s -> "string";
      case GoValues.Slice s -> "array";
      case Map<?, ?> m -> "map";
      case GoValues.StringSet s -> "map";
      case GoValues.Func f -> "func";
      case GoValues.Method m -> "func";
      case GoValues.AnyMap m -> "map";
      case GoTime t -> "time.Time";
      case GoDuration d -> "time.Duration";
      case GoTime.Month m -> "time.Month";
      case GoTime.Weekday w -> "time.Weekday";
      case GoZone z -> "time.Location";
      default -> "unknown";
    };
  }

  private static Object abs(Object v) {
    return switch (v) {
      case Double d -> d < 0 ? -d : d;
      case Long l -> l < 0 ? -l : l;
      case GoValues.Int64 i -> i.value() < 0 ? new GoValues.Int64(-i.value()) : i;
      case GoValues.Uint8 u -> u;
      case null, default -> throw new GoPanic(
          "invalid argument for abs (type " + GoFormat.typeOf(v) + ")");
    };
  }

  private static Object rounding(Object v, String name) {
    if (v instanceof Double d) {
      return switch (name) {
        case "ceil" -> Math.ceil(d);
        case "floor" -> Math.floor(d);
        default -> goRound(d);
      };
    }
    if (GoRuntime.isInteger(v)) {
      return (double) GoRuntime.intValue(v);
    }
    throw new GoPanic("invalid argument for " + name + " (type " + GoFormat.typeOf(v) + ")");
  }

  /** Go's {@code math.Round}: half away from zero, exact. */
  static double goRound(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return x;
    }
    double t = x < 0 ? Math.ceil(x) : Math.floor(x);
    if (Math.abs(x - t) >= 0.5) {
      t += Math.copySign(1, x);
    }
    return t == 0 ? Math.copySign(0.0, x) : t;
  }

  private static Object toInt(Object v) {
    if (v instanceof String s) {
      try {
        return GoStrconv.atoi(s);
      } catch (GoStrconv.NumError e) {
        throw new GoPanic("invalid operation: int(" + s + ")");
      }
    }
    if (GoRuntime.isNumber(v)) {
      return GoRuntime.toInt(v);
    }
    throw new GoPanic("invalid operation: int(" + GoFormat.typeOf(v) + ")");
  }

  private static Object toFloat(Object v) {
    if (v instanceof String s) {
      try {
        return GoStrconv.parseFloat(s);
      } catch (GoStrconv.NumError e) {
        throw new GoPanic("invalid operation: float(" + s + ")");
      }
    }
    if (GoRuntime.isNumber(v)) {
      return GoRuntime.floatValue(v);
    }
    throw new GoPanic("invalid operation: float(" + GoFormat.typeOf(v) + ")");
  }

  static String trimSpace(String s) {
    return trimRunes(s, Lexer::isSpace);
  }

  private static String trim(String s, String cutset) {
    return trimRunes(s, r -> cutset.indexOf(r) >= 0);
  }

  private static String trimRunes(String s, java.util.function.IntPredicate cut) {
    int[] cps = s.codePoints().toArray();
    int from = 0;
    int to = cps.length;
    while (from < to && cut.test(cps[from])) {
      from++;
    }
    while (to > from && cut.test(cps[to - 1])) {
      to--;
    }
    return new String(cps, from, to - from);
  }

  private static String mapRunes(String s, boolean upper) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(r -> b.appendCodePoint(upper ? Character.toUpperCase(r)
        : Character.toLowerCase(r)));
    return b.toString();
  }

  private static Object split(Object[] a, boolean after) {
    String s = GoRuntime.asString(a[0]);
    String sep = GoRuntime.asString(a[1]);
    long n = a.length == 3 ? GoRuntime.toInt(a[2]) : -1;
    GoType type = GoType.sliceOf(STRING);
    if (n == 0) {
      return GoValues.Slice.nil(type);
    }
    List<Object> out = new ArrayList<>();
    if (sep.isEmpty()) {
      int[] cps = s.codePoints().toArray();
      int limit = n < 0 || n > cps.length ? cps.length : (int) n;
      for (int i = 0; i < limit; i++) {
        out.add(i == limit - 1 && limit < cps.length
            ? new String(cps, i, cps.length - i) : new String(cps, i, 1));
      }
      return new GoValues.Slice(type, out);
    }
    int start = 0;
    while (n < 0 || out.size() < n - 1) {
      int at = s.indexOf(sep, start);
      if (at < 0) {
        break;
      }
      out.add(s.substring(start, after ? at + sep.length() : at));
      start = at + sep.length();
    }
    out.add(s.substring(start));
    return new GoValues.Slice(type, out);
  }

  private static String replace(String s, String old, String replacement, long n) {
    if (old.equals(replacement) || n == 0) {
      return s;
    }
    StringBuilder b = new StringBuilder();
    int start = 0;
    long done = 0;
    if (old.isEmpty()) {
      // Go inserts the replacement before each rune and at the end, up to n times.
      int i = 0;
      while (n < 0 || done < n) {
        b.append(replacement);
        done++;
        if (i >= s.length()) {
          return b.toString();
        }
        int cp = s.codePointAt(i);
        b.appendCodePoint(cp);
        i += Character.charCount(cp);
      }
      return b.append(s.substring(i)).toString();
    }
    while (n < 0 || done < n) {
      int at = s.indexOf(old, start);
      if (at < 0) {
        break;
      }
      b.append(s, start, at).append(replacement);
      start = at + old.length();
      done++;
    }
    return b.append(s.substring(start)).toString();
  }

  private static Object join(Object[] a) {
    String glue = a.length == 2 ? GoRuntime.asString(a[1]) : "";
    if (a[0] instanceof GoValues.Slice s
        && (s.type.elem() == STRING || s.type.elem() == ANY)) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < s.size(); i++) {
        if (i > 0) {
          b.append(glue);
        }
        b.append(GoRuntime.asString(s.get(i)));
      }
      return b.toString();
    }
    throw new GoPanic("invalid argument for join (type " + GoFormat.typeOf(a[0]) + ")");
  }

  private static int indexOf(byte[] s, byte[] sub, boolean last) {
    int found = -1;
    outer:
    for (int i = 0; i + sub.length <= s.length; i++) {
      for (int j = 0; j < sub.length; j++) {
        if (s[i + j] != sub[j]) {
          continue outer;
        }
      }
      if (!last) {
        return i;
      }
      found = i;
    }
    return found;
  }

  private static Object extremum(Object[] args, boolean max) {
    Object best = null;
    for (Object arg : args) {
      if (best == null || (max ? GoRuntime.less(best, arg) : GoRuntime.more(best, arg))) {
        best = arg;
      }
    }
    return best;
  }

  // reflect's view of one element for sum/mean/median: a signed integer, a float, or a kind
  // name for the error.
  private static String elementKind(Object item) {
    return switch (item) {
      case null -> "interface";
      case Long l -> "int";
      case GoValues.Int64 i -> "int";
      case GoDuration d -> "int";
      case GoTime.Month m -> "int";
      case GoTime.Weekday w -> "int";
      case Double d -> "float";
      default -> GoFormat.kindOf(item);
    };
  }

  private static List<Object> numbers(Object v, String verb) {
    if (!(v instanceof GoValues.Slice s)) {
      throw new GoPanic("cannot " + verb + " " + GoFormat.kindOf(v));
    }
    for (Object item : s.items()) {
      String k = elementKind(item);
      if (!k.equals("int") && !k.equals("float")) {
        throw new GoPanic("cannot " + verb + " " + k);
      }
    }
    return s.items();
  }

  private static Object sum(Object v) {
    if (!(v instanceof GoValues.Slice s)) {
      throw new GoPanic("cannot sum " + GoFormat.kindOf(v));
    }
    long intSum = 0;
    int i = 0;
    for (; i < s.size(); i++) {
      String k = elementKind(s.get(i));
      if (k.equals("int")) {
        intSum += GoRuntime.intValue(s.get(i));
      } else if (k.equals("float")) {
        break;
      } else {
        throw new GoPanic("cannot sum " + k);
      }
    }
    if (i == s.size()) {
      return intSum;
    }
    double fSum = intSum;
    for (; i < s.size(); i++) {
      String k = elementKind(s.get(i));
      if (!k.equals("int") && !k.equals("float")) {
        throw new GoPanic("cannot sum " + k);
      }
      fSum += GoRuntime.floatValue(s.get(i));
    }
    return fSum;
  }

  private static Object mean(Object v) {
    List<Object> items = numbers(v, "mean");
    if (items.isEmpty()) {
      return 0.0;
    }
    double total = 0;
    for (Object item : items) {
      total += GoRuntime.floatValue(item);
    }
    return total / items.size();
  }

  private static Object median(Object v) {
    List<Object> items = numbers(v, "median");
    if (items.isEmpty()) {
      return 0.0;
    }
    Double[] s = new Double[items.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = GoRuntime.floatValue(items.get(i));
    }
    // sort.Float64s: NaN sorts before every number.
    Arrays.sort(s, (x, y) -> x.isNaN() ? (y.isNaN() ? 0 : -1) : y.isNaN() ? 1 : Double.compare(x + 0.0, y + 0.0));
    int n = s.length;
    return n % 2 == 0 ? (s[n / 2 - 1] + s[n / 2]) / 2 : s[n / 2];
  }

  private static Object fetchOrNil(Object from, Object index) {
    try {
      return GoRuntime.fetch(from, index);
    } catch (GoPanic e) {
      return null;
    }
  }

  private static Object take(Object[] a) {
    if (!(a[0] instanceof GoValues.Slice s)) {
      throw new GoPanic("cannot take from " + GoFormat.kindOf(a[0]));
    }
    if (!(a[1] instanceof Long || a[1] instanceof GoValues.Int64)) {
      throw new GoPanic("cannot take " + GoFormat.kindOf(a[1]) + " elements");
    }
    long n = GoRuntime.intValue(a[1]);
    if (n > s.size()) {
      return s;
    }
    if (n < 0) {
      throw new GoPanic("reflect.Value.Slice: slice index out of bounds");
    }
    return s.sub(0, (int) n);
  }

  private static Object mapEntries(Object v, boolean keys) {
    if (v instanceof GoValues.AnyMap m) {
      List<Object> out = new ArrayList<>(m.size());
      m.entries().forEach((k, x) -> out.add(keys ? k.value() : x));
      return GoValues.anySlice(out);
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw new GoPanic("cannot get " + (keys ? "keys" : "values") + " from " + GoFormat.kindOf(v));
    }
    List<Object> out = new ArrayList<>(m.size());
    for (Map.Entry<?, ?> e : m.entrySet()) {
      out.add(keys ? e.getKey() : e.getValue());
    }
    return GoValues.anySlice(out);
  }

  // base64.StdEncoding.DecodeString: strict padding, CR and LF ignored.
  private static Object fromBase64(String s) {
    byte[] in = s.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    int bits = 0;
    int count = 0;
    int i = 0;
    int lastQuantumStart = 0;
    while (i < in.length) {
      byte c = in[i];
      if (c == '\r' || c == '\n') {
        i++;
        continue;
      }
      if (count == 0) {
        lastQuantumStart = i;
      }
      if (c == '=') {
        if (count < 2) {
          throw corrupt(i);
        }
        int need = 4 - count;
        int j = i;
        int seen = 0;
        while (j < in.length && seen < need) {
          if (in[j] == '\r' || in[j] == '\n') {
            j++;
            continue;
          }
          if (in[j] != '=') {
            throw corrupt(j);
          }
          seen++;
          j++;
        }
        if (seen < need) {
          throw corrupt(in.length);
        }
        while (j < in.length && (in[j] == '\r' || in[j] == '\n')) {
          j++;
        }
        if (j < in.length) {
          throw corrupt(j);
        }
        if (count == 2) {
          out.write(bits >> 4);
        } else {
          out.write(bits >> 10);
          out.write((bits >> 2) & 0xff);
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
      }
      int d = alphabet.indexOf(c);
      if (d < 0 || c < 0) {
        throw corrupt(i);
      }
      bits = bits << 6 | d;
      count++;
      if (count == 4) {
        out.write(bits >> 16);
        out.write((bits >> 8) & 0xff);
        out.write(bits & 0xff);
        bits = 0;
        count = 0;
      }
      i++;
    }
    if (count != 0) {
      throw corrupt(lastQuantumStart);
    }
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }

  private static GoPanic corrupt(int offset) {
    return new GoPanic("illegal base64 data at input byte " + offset);
  }
}
