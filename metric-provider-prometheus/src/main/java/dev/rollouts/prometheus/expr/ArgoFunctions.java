package dev.rollouts.prometheus.expr;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions Argo Rollouts' {@code utils/evaluate} puts in the env beside {@code result},
 * with their exact behaviour:
 *
 * <ul>
 *   <li>{@code asInt(x)}: numbers truncate (NaN and out-of-range floats give MinInt64 on
 *       amd64); strings go through {@code strconv.ParseInt(s, 10, 64)} and a parse error
 *       becomes the run error ({@code strconv.ParseInt: parsing "x": invalid syntax}); anything
 *       else fails with {@code asInt() not supported on <type> <value>}. Returns an int64.
 *   <li>{@code asFloat(x)}: likewise with {@code strconv.ParseFloat} (which accepts
 *       {@code "NaN"}, {@code "inf"}, {@code "1_000"}, hex floats).
 *   <li>{@code isNaN(f)}, {@code isInf(f)}: take a float64; any other value is a run error.
 *   <li>{@code isNil(x)} ignores its argument and tells whether the <em>result</em> is nil.
 *   <li>{@code default(x, d)} ignores its first argument: the result if not nil, else d.
 * </ul>
 *
 * <p>Stateless, so thread-safe.
 */
final class ArgoFunctions {
  private ArgoFunctions() {}

  static final Map<String, GoType> TYPES = Map.of(
      "asInt", GoType.funcOf(List.of(GoType.ANY), GoType.INT64, false),
      "asFloat", GoType.funcOf(List.of(GoType.ANY), GoType.FLOAT64, false),
      "isNaN", GoType.funcOf(List.of(GoType.FLOAT64), GoType.BOOL, false),
      "isInf", GoType.funcOf(List.of(GoType.FLOAT64), GoType.BOOL, false),
      "isNil", GoType.funcOf(List.of(GoType.ANY), GoType.BOOL, false),
      "default", GoType.funcOf(List.of(GoType.ANY, GoType.ANY), GoType.ANY, false));

  /** The type table of Argo's env for a result of the given type. */
  static Map<String, GoType> envTypes(GoType resultType) {
    Map<String, GoType> types = new LinkedHashMap<>(TYPES);
    types.put("result", resultType);
    return types;
  }

  /** Argo's env map at run time (what {@code $env} denotes). */
  static Map<String, Object> env(Object result) {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("result", result);
    for (Map.Entry<String, GoType> e : TYPES.entrySet()) {
      env.put(e.getKey(), new GoValues.Func(e.getKey(), e.getValue()));
    }
    return env;
  }

  static Object call(String name, Object[] args, Object result) {
    if (args.length != TYPES.get(name).params().size()) {
      throw new GoPanic("reflect: Call with " + (args.length < TYPES.get(name).params().size()
          ? "too few" : "too many") + " input arguments");
    }
    return switch (name) {
      case "asInt" -> asInt(args[0]);
      case "asFloat" -> asFloat(args[0]);
      case "isNaN" -> Double.isNaN(float64(args[0]));
      case "isInf" -> Double.isInfinite(float64(args[0]));
      case "isNil" -> GoRuntime.isNil(result);
      case "default" -> GoRuntime.isNil(result) ? args[1] : result;
      default -> throw new IllegalStateException("no Argo function " + name);
    };
  }

  // expr calls func(float64) bool through a typed fast path: arg.(float64).
  private static double float64(Object v) {
    if (v instanceof Double d) {
      return d;
    }
    throw GoPanic.interfaceConversion(v, "float64");
  }

  private static Object asInt(Object in) {
    if (in instanceof Double d) {
      return new GoValues.Int64(GoRuntime.floatToInt(d));
    }
    if (GoRuntime.isInteger(in)) {
      return new GoValues.Int64(GoRuntime.intValue(in));
    }
    if (in instanceof String s) {
      try {
        return new GoValues.Int64(GoStrconv.parseInt(s));
      } catch (GoStrconv.NumError e) {
        throw new GoPanic(e.getMessage());
      }
    }
    throw new GoPanic("asInt() not supported on " + GoFormat.typeOf(in) + " " + GoFormat.value(in));
  }

  private static Object asFloat(Object in) {
    if (GoRuntime.isNumber(in)) {
      return GoRuntime.floatValue(in);
    }
    if (in instanceof String s) {
      try {
        return GoStrconv.parseFloat(s);
      } catch (GoStrconv.NumError e) {
        throw new GoPanic(e.getMessage());
      }
    }
    throw new GoPanic("asFloat() not supported on " + GoFormat.typeOf(in) + " "
        + GoFormat.value(in));
  }
}
