package dev.rollouts.prometheus.expr;

import java.util.List;
import java.util.Objects;

/**
 * The Go static type of a value, as far as expr's type checker can observe it: the type of
 * {@code result} decides which expressions compile (for a {@code float64} result
 * {@code result[0]} is a compile error; for a {@code []interface {}} result it is checked at
 * run time).
 *
 * <p>Java {@code null} stands for Go's nil {@code reflect.Type} (the type of an untyped nil).
 * {@link #of(Object)} gives the type Argo's env would see for a Java result value:
 *
 * <pre>{@code
 * GoType.of(0.97)                 // float64 (Prometheus scalar)
 * GoType.of(new double[] {1, 2})  // []float64 (Prometheus vector)
 * GoType.of(List.of(1.0, "a"))    // []interface {} (decoded JSON)
 * GoType.of(Map.of("a", 1.0))     // map[string]interface {}
 * GoType.of(null)                 // null: nil
 * }</pre>
 *
 * <p>Immutable, so thread-safe.
 */
public final class GoType {
  /** Go's {@code reflect.Kind}, for the kinds expressions can meet. */
  public enum Kind {
    BOOL, INT, INT64, UINT8, UINT64, FLOAT64, STRING, INTERFACE, SLICE, ARRAY, MAP, FUNC, STRUCT,
    PTR
  }

  /** {@code bool}. */
  public static final GoType BOOL = new GoType(Kind.BOOL, "bool", null, null, null, null, false);
  /** {@code int}: expr's integer literals and integer arithmetic. */
  public static final GoType INT = new GoType(Kind.INT, "int", null, null, null, null, false);
  /** {@code int64}: what Argo's {@code asInt} returns. */
  public static final GoType INT64 = new GoType(Kind.INT64, "int64", null, null, null, null, false);
  /** {@code uint8}: a byte of a string, as indexing a string of unknown static type yields. */
  public static final GoType UINT8 = new GoType(Kind.UINT8, "uint8", null, null, null, null, false);
  /** {@code uint64}: the type of time.Time's unexported wall clock field. */
  static final GoType UINT64 = new GoType(Kind.UINT64, "uint64", null, null, null, null, false);
  /** {@code float64}. */
  public static final GoType FLOAT64 = new GoType(Kind.FLOAT64, "float64", null, null, null, null, false);
  /** {@code string}. */
  public static final GoType STRING = new GoType(Kind.STRING, "string", null, null, null, null, false);
  /** {@code interface {}} ("any"): checked only at run time. */
  public static final GoType ANY = new GoType(Kind.INTERFACE, "interface {}", null, null, null, null, false);
  /** {@code struct {}}: the element type of expr's constant string sets. */
  static final GoType EMPTY_STRUCT = new GoType(Kind.STRUCT, "struct {}", null, null, null, null, false);
  /** {@code []interface {}}. */
  public static final GoType ANY_SLICE = sliceOf(ANY);
  /** {@code []float64}: a Prometheus vector or matrix result. */
  public static final GoType FLOAT64_SLICE = sliceOf(FLOAT64);
  /** {@code map[string]interface {}}: a decoded JSON object. */
  public static final GoType ANY_MAP = mapOf(STRING, ANY);
  /** {@code time.Time}. */
  static final GoType TIME = new GoType(Kind.STRUCT, "time.Time", null, null, null, null, false);
  /** {@code time.Duration}: an int64 to the checker, not to the runtime. */
  static final GoType DURATION = new GoType(Kind.INT64, "time.Duration", null, null, null, null,
      false);
  /** {@code time.Month}. */
  static final GoType MONTH = new GoType(Kind.INT, "time.Month", null, null, null, null, false);
  /** {@code time.Weekday}. */
  static final GoType WEEKDAY = new GoType(Kind.INT, "time.Weekday", null, null, null, null,
      false);
  /** {@code *time.Location}. */
  static final GoType LOCATION = new GoType(Kind.PTR, "*time.Location", null, null, null, null,
      false);
  /** {@code time.Location}: what a {@code *time.Location} points to. */
  static final GoType LOCATION_STRUCT = new GoType(Kind.STRUCT, "time.Location", null, null, null,
      null, false);
  /** {@code time.zone}, {@code time.zoneTrans}, {@code *time.zone}: Location's internals. */
  static final GoType ZONE = new GoType(Kind.STRUCT, "time.zone", null, null, null, null, false);
  static final GoType ZONE_TRANS = new GoType(Kind.STRUCT, "time.zoneTrans", null, null, null,
      null, false);
  static final GoType ZONE_PTR = new GoType(Kind.PTR, "*time.zone", null, null, null, null,
      false);
  /** {@code []uint8}: what MarshalJSON returns. */
  static final GoType UINT8_SLICE = sliceOf(UINT8);
  /** {@code map[interface {}]interface {}}: what fromPairs returns. */
  static final GoType ANY_KEY_MAP = mapOf(ANY, ANY);
  /** {@code map[interface {}][]interface {}}: what groupBy returns. */
  static final GoType GROUPS = mapOf(ANY, ANY_SLICE);
  /** {@code [2]interface {}}: one of toPairs' pairs. */
  static final GoType PAIR = arrayOf(2, ANY);
  /** {@code [][2]interface {}}: what toPairs returns. */
  static final GoType PAIRS = sliceOf(PAIR);
  /** {@code func(...interface {}) (interface {}, error)}: the type expr gives builtin names. */
  static final GoType BUILTIN_FUNCTION = new GoType(Kind.FUNC,
      "func(...interface {}) (interface {}, error)", null, null, List.of(sliceOf(ANY)), ANY, true,
      2);

  private final Kind kind;
  private final String name;
  private final GoType key;
  private final GoType elem;
  private final List<GoType> params;
  private final GoType out;
  private final boolean variadic;
  private final int numOut;

  private GoType(Kind kind, String name, GoType key, GoType elem, List<GoType> params, GoType out,
      boolean variadic) {
    this(kind, name, key, elem, params, out, variadic, out == null ? 0 : 1);
  }

  private GoType(Kind kind, String name, GoType key, GoType elem, List<GoType> params, GoType out,
      boolean variadic, int numOut) {
    this.numOut = numOut;
    this.kind = kind;
    this.name = name;
    this.key = key;
    this.elem = elem;
    this.params = params;
    this.out = out;
    this.variadic = variadic;
  }

  /** {@code []elem}. */
  public static GoType sliceOf(GoType elem) {
    return new GoType(Kind.SLICE, "[]" + GoFormat.typeName(elem), null, elem, null, null, false);
  }

  /** {@code [n]elem}: a Go array. */
  static GoType arrayOf(int n, GoType elem) {
    return new GoType(Kind.ARRAY, "[" + n + "]" + GoFormat.typeName(elem), null, elem, null, null,
        false);
  }

  /** {@code map[key]elem}. */
  public static GoType mapOf(GoType key, GoType elem) {
    return new GoType(Kind.MAP, "map[" + GoFormat.typeName(key) + "]" + GoFormat.typeName(elem),
        key, elem, null, null, false);
  }

  /** {@code error}. */
  static final GoType ERROR = new GoType(Kind.INTERFACE, "error", null, null, null, null, false);

  /** A function type with any number of results (Go prints several in parentheses). */
  static GoType funcOf(List<GoType> params, List<GoType> outs, boolean variadic) {
    if (outs.size() <= 1) {
      return funcOf(params, outs.isEmpty() ? null : outs.get(0), variadic);
    }
    GoType single = funcOf(params, (GoType) null, variadic);
    StringBuilder b = new StringBuilder(single.name).append(" (");
    for (int i = 0; i < outs.size(); i++) {
      b.append(i > 0 ? ", " : "").append(GoFormat.typeName(outs.get(i)));
    }
    b.append(')');
    return new GoType(Kind.FUNC, b.toString(), null, null, single.params, outs.get(0), variadic,
        outs.size());
  }

  /** A function type with one result; a variadic function's last parameter is a slice. */
  static GoType funcOf(List<GoType> params, GoType out, boolean variadic) {
    StringBuilder b = new StringBuilder("func(");
    for (int i = 0; i < params.size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      if (variadic && i == params.size() - 1) {
        b.append("...").append(GoFormat.typeName(params.get(i).elem));
      } else {
        b.append(GoFormat.typeName(params.get(i)));
      }
    }
    b.append(')');
    if (out != null) {
      b.append(' ').append(GoFormat.typeName(out));
    }
    return new GoType(Kind.FUNC, b.toString(), null, null, List.copyOf(params), out, variadic);
  }

  /**
   * The Go type Argo's env gives a Java result value (see the class comment).
   *
   * @throws IllegalArgumentException when the value has no Go counterpart here
   */
  public static GoType of(Object value) {
    Object v = GoValues.fromJava(value);
    return GoValues.typeOf(v);
  }

  /** The Go kind. */
  public Kind kind() {
    return kind;
  }

  GoType key() {
    return key;
  }

  GoType elem() {
    return elem;
  }

  List<GoType> params() {
    return params;
  }

  GoType out() {
    return out;
  }

  boolean variadic() {
    return variadic;
  }

  /** How many results a function type has. */
  int numOut() {
    return numOut;
  }

  /** Go's {@code reflect.Type.String()}. */
  @Override
  public String toString() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GoType t && t.kind == kind && t.name.equals(name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, name);
  }
}
