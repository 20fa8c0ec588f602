package dev.rollouts.prometheus.expr;

import static dev.rollouts.prometheus.expr.GoType.BOOL;
import static dev.rollouts.prometheus.expr.GoType.DURATION;
import static dev.rollouts.prometheus.expr.GoType.FLOAT64;
import static dev.rollouts.prometheus.expr.GoType.INT;
import static dev.rollouts.prometheus.expr.GoType.INT64;
import static dev.rollouts.prometheus.expr.GoType.LOCATION;
import static dev.rollouts.prometheus.expr.GoType.MONTH;
import static dev.rollouts.prometheus.expr.GoType.STRING;
import static dev.rollouts.prometheus.expr.GoType.TIME;
import static dev.rollouts.prometheus.expr.GoType.UINT8_SLICE;
import static dev.rollouts.prometheus.expr.GoType.WEEKDAY;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The methods of Go's time types that expressions can call ({@code date(x).Hour()},
 * {@code duration(x).Minutes()}, {@code t.Month().String()}): their Go signatures for the
 * checker, and what they return. A call the checker typed goes through expr's typed fast path
 * when one fits the signature (wrong dynamic argument: an interface conversion panic), else
 * through reflect ({@code reflect: Call using string as type time.Duration}); calls on values
 * of unknown static type always go through reflect.
 *
 * <p>Stateless, so thread-safe.
 */
final class TimeMethods {
  private TimeMethods() {}

  interface Impl {
    Object call(Object receiver, Object[] args);
  }

  /**
   * One method: its parameters (receiver excluded), its results, whether expr has a typed
   * fast path for it, and what it does; impl is null for methods this evaluator leaves out.
   */
  record Spec(String name, List<GoType> params, List<GoType> outs, boolean typed, Impl impl) {}

  private static final Map<GoType, Map<String, Spec>> METHODS = new HashMap<>();

  static {
    Map<String, Spec> t = new HashMap<>();
    add(t, "Add", List.of(DURATION), TIME, (r, a) -> time(r).add((GoDuration) a[0]));
    add(t, "AddDate", List.of(INT, INT, INT), TIME, (r, a) -> time(r).addDate(
        (Long) a[0], (Long) a[1], (Long) a[2]));
    add(t, "After", List.of(TIME), BOOL, (r, a) -> time(r).after((GoTime) a[0]));
    add(t, "Before", List.of(TIME), BOOL, (r, a) -> time(r).before((GoTime) a[0]));
    add(t, "Equal", List.of(TIME), BOOL, (r, a) -> time(r).equalTo((GoTime) a[0]));
    add(t, "Compare", List.of(TIME), INT, (r, a) -> (long) time(r).compare((GoTime) a[0]));
    add(t, "Sub", List.of(TIME), DURATION, (r, a) -> time(r).sub((GoTime) a[0]));
    add(t, "Year", List.of(), INT, (r, a) -> time(r).year());
    add(t, "Month", List.of(), MONTH, (r, a) -> new GoTime.Month(time(r).month()));
    add(t, "Day", List.of(), INT, (r, a) -> (long) time(r).day());
    add(t, "Hour", List.of(), INT, (r, a) -> (long) time(r).hour());
    add(t, "Minute", List.of(), INT, (r, a) -> (long) time(r).minute());
    add(t, "Second", List.of(), INT, (r, a) -> (long) time(r).second());
    add(t, "Nanosecond", List.of(), INT, (r, a) -> (long) time(r).nanos);
    add(t, "YearDay", List.of(), INT, (r, a) -> (long) time(r).yearDay());
    add(t, "Weekday", List.of(), WEEKDAY, (r, a) -> new GoTime.Weekday(time(r).weekday()));
    add(t, "Unix", List.of(), INT64, (r, a) -> new GoValues.Int64(time(r).unix));
    add(t, "UnixMilli", List.of(), INT64, (r, a) -> new GoValues.Int64(time(r).unixMilli()));
    add(t, "UnixMicro", List.of(), INT64, (r, a) -> new GoValues.Int64(time(r).unixMicro()));
    add(t, "UnixNano", List.of(), INT64, (r, a) -> new GoValues.Int64(time(r).unixNano()));
    add(t, "Format", List.of(STRING), STRING, (r, a) -> GoTimeLayout.format(time(r),
        (String) a[0]));
    add(t, "String", List.of(), STRING, (r, a) -> time(r).toString());
    add(t, "GoString", List.of(), STRING, (r, a) -> time(r).goString());
    add(t, "IsZero", List.of(), BOOL, (r, a) -> time(r).isZero());
    add(t, "IsDST", List.of(), BOOL, (r, a) -> time(r).zone().dst());
    add(t, "UTC", List.of(), TIME, (r, a) -> time(r).in(GoZone.UTC));
    add(t, "Local", List.of(), TIME, (r, a) -> time(r).in(GoZone.local()));
    add(t, "In", List.of(LOCATION), TIME, (r, a) -> time(r).in((GoZone) a[0]));
    add(t, "Location", List.of(), LOCATION, (r, a) -> time(r).loc);
    add(t, "Round", List.of(DURATION), TIME, (r, a) -> time(r).roundTo((GoDuration) a[0], true));
    add(t, "Truncate", List.of(DURATION), TIME, (r, a) -> time(r).roundTo((GoDuration) a[0],
        false));
    multi(t, "Zone", List.of(STRING, INT), (r, a) -> time(r).zone().name());
    multi(t, "ISOWeek", List.of(INT, INT), (r, a) -> time(r).isoYear());
    multi(t, "ZoneBounds", List.of(TIME, TIME), (r, a) -> time(r).zoneStart());
    multi(t, "MarshalJSON", List.of(UINT8_SLICE, GoType.ERROR), (r, a) -> marshal(r, true));
    multi(t, "MarshalText", List.of(UINT8_SLICE, GoType.ERROR), (r, a) -> marshal(r, false));
    multi(t, "Date", List.of(INT, MONTH, INT), null);
    multi(t, "Clock", List.of(INT, INT, INT), null);
    multi(t, "MarshalBinary", List.of(UINT8_SLICE, GoType.ERROR), null);
    multi(t, "GobEncode", List.of(UINT8_SLICE, GoType.ERROR), null);
    t.put("AppendFormat", new Spec("AppendFormat", List.of(UINT8_SLICE, STRING),
        List.of(UINT8_SLICE), false, null));
    t.put("AppendBinary", new Spec("AppendBinary", List.of(UINT8_SLICE),
        List.of(UINT8_SLICE, GoType.ERROR), false, null));
    t.put("AppendText", new Spec("AppendText", List.of(UINT8_SLICE),
        List.of(UINT8_SLICE, GoType.ERROR), false, null));
    METHODS.put(TIME, t);

    Map<String, Spec> d = new HashMap<>();
    add(d, "Hours", List.of(), FLOAT64, (r, a) -> duration(r).hours());
    add(d, "Minutes", List.of(), FLOAT64, (r, a) -> duration(r).minutes());
    add(d, "Seconds", List.of(), FLOAT64, (r, a) -> duration(r).seconds());
    add(d, "Milliseconds", List.of(), INT64, (r, a) -> new GoValues.Int64(
        duration(r).nanos() / 1_000_000));
    add(d, "Microseconds", List.of(), INT64, (r, a) -> new GoValues.Int64(
        duration(r).nanos() / 1_000));
    add(d, "Nanoseconds", List.of(), INT64, (r, a) -> new GoValues.Int64(duration(r).nanos()));
    add(d, "String", List.of(), STRING, (r, a) -> duration(r).toString());
    add(d, "Round", List.of(DURATION), DURATION, (r, a) -> duration(r).round((GoDuration) a[0]));
    add(d, "Truncate", List.of(DURATION), DURATION, (r, a) -> duration(r).truncate(
        (GoDuration) a[0]));
    add(d, "Abs", List.of(), DURATION, (r, a) -> duration(r).abs());
    METHODS.put(DURATION, d);

    for (GoType named : List.of(MONTH, WEEKDAY, LOCATION)) {
      Map<String, Spec> m = new HashMap<>();
      add(m, "String", List.of(), STRING, (r, a) -> r.toString());
      METHODS.put(named, m);
    }
  }

  private static void add(Map<String, Spec> table, String name, List<GoType> params, GoType out,
      Impl impl) {
    table.put(name, new Spec(name, params, List.of(out), hasTypedPath(params, out), impl));
  }

  private static void multi(Map<String, Spec> table, String name, List<GoType> outs, Impl impl) {
    table.put(name, new Spec(name, List.of(), outs, false, impl));
  }

  // Whether expr's vm.FuncTypes has a typed fast path for this signature (receiver excluded).
  private static boolean hasTypedPath(List<GoType> params, GoType out) {
    if (params.isEmpty()) {
      return out != LOCATION;
    }
    if (params.size() == 1) {
      GoType p = params.get(0);
      return (p == DURATION && (out == DURATION || out == TIME))
          || (p == TIME && (out == DURATION || out == BOOL))
          || (p == STRING && out == STRING);
    }
    return false;
  }

  private static GoTime time(Object r) {
    return (GoTime) r;
  }

  private static GoDuration duration(Object r) {
    return (GoDuration) r;
  }

  private static Object marshal(Object r, boolean json) {
    String[] problem = new String[1];
    String s = time(r).strictRfc3339(problem);
    if (s == null) {
      throw new GoPanic("Time." + (json ? "MarshalJSON" : "MarshalText") + ": " + problem[0]);
    }
    byte[] bytes = (json ? "\"" + s + "\"" : s).getBytes(StandardCharsets.UTF_8);
    List<Object> items = new ArrayList<>(bytes.length);
    for (byte b : bytes) {
      items.add(new GoValues.Uint8(b & 0xff));
    }
    return new GoValues.Slice(UINT8_SLICE, items);
  }

  private static final Map<GoType, Map<String, GoType>> FIELDS = Map.of(
      TIME, Map.of("wall", GoType.UINT64, "ext", INT64, "loc", LOCATION),
      GoType.LOCATION_STRUCT, Map.of("name", STRING, "extend", STRING, "cacheStart", INT64,
          "cacheEnd", INT64, "zone", GoType.sliceOf(GoType.ZONE), "tx",
          GoType.sliceOf(GoType.ZONE_TRANS), "cacheZone", GoType.ZONE_PTR));

  /** The unexported fields of a time struct type, by name (empty for other types). */
  static Map<String, GoType> fields(GoType struct) {
    return FIELDS.getOrDefault(struct, Map.of());
  }

  /** The fields of the Go struct behind a runtime value (a time.Time, a *time.Location). */
  static Map<String, GoType> fieldsOf(Object value) {
    return switch (value) {
      case GoTime t -> fields(TIME);
      case GoZone z -> fields(GoType.LOCATION_STRUCT);
      case null, default -> Map.of();
    };
  }

  /** What reflect says when expr reads an unexported field. */
  static GoPanic unexportedField() {
    return new GoPanic("reflect.Value.Interface: cannot return value obtained from unexported"
        + " field or method");
  }

  /** The method {@code name} of values of static type {@code type}, or null. */
  static Spec find(GoType type, String name) {
    Map<String, Spec> table = type == null ? null : METHODS.get(type);
    return table == null ? null : table.get(name);
  }

  /** The method of a runtime value, or null when it has none of that name. */
  static Spec find(Object value, String name) {
    return value == null ? null : find(GoValues.typeOf(value), name);
  }

  /** Go's type of the method expression, receiver first: {@code func(time.Time) int}. */
  static GoType methodType(GoType receiver, Spec spec) {
    List<GoType> params = new ArrayList<>();
    params.add(receiver);
    params.addAll(spec.params());
    return GoType.funcOf(params, spec.outs(), false);
  }

  /** Go's type of a method value, receiver bound: {@code func() int}. */
  static GoType valueType(Spec spec) {
    return GoType.funcOf(spec.params(), spec.outs(), false);
  }

  /**
   * Runs a method the checker typed: through the typed fast path when expr has one (arguments
   * asserted to the exact type), else through reflect.
   */
  static Object callChecked(Object receiver, Spec spec, Object[] args) {
    if (spec.typed()) {
      for (int i = 0; i < args.length; i++) {
        if (!exactly(args[i], spec.params().get(i))) {
          throw GoPanic.interfaceConversion(args[i], spec.params().get(i).toString());
        }
      }
      return run(receiver, spec, args);
    }
    return callReflect(receiver, spec, args);
  }

  /** Runs a method value through reflect.Value.Call, with reflect's checks and messages. */
  static Object callReflect(Object receiver, Spec spec, Object[] args) {
    if (args.length != spec.params().size()) {
      throw new GoPanic("reflect: Call with " + (args.length < spec.params().size() ? "too few"
          : "too many") + " input arguments");
    }
    for (int i = 0; i < args.length; i++) {
      GoType want = spec.params().get(i);
      if (!exactly(args[i], want)) {
        String got = args[i] == null ? "interface {}" : GoFormat.typeOf(args[i]);
        throw new GoPanic("reflect: Call using " + got + " as type " + want);
      }
    }
    return run(receiver, spec, args);
  }

  private static boolean exactly(Object value, GoType type) {
    return value != null && GoValues.typeOf(value).equals(type);
  }

  private static Object run(Object receiver, Spec spec, Object[] args) {
    if (spec.impl() == null) {
      throw new GoPanic("method " + spec.name() + " is not supported by this evaluator");
    }
    return spec.impl().call(receiver, args);
  }
}
