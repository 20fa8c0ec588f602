package dev.rollouts.prometheus;

import java.util.List;

/**
 * The answer of one query: what the built-in provider hands to the condition evaluator and
 * shows as the measurement's value.
 *
 * <ul>
 *   <li>a scalar: {@code result} is a float64, the value e.g. {@code 0.95};
 *   <li>a vector: {@code result} is a []float64 of the samples, the value e.g.
 *       {@code [0.95,0.5]} (an empty vector: {@code []});
 *   <li>a matrix: the samples of all series one after the other, spelled like a vector.
 * </ul>
 *
 * @param type the Prometheus result type
 * @param values the sample values (one for a scalar)
 * @param warnings the server's warnings, in order
 */
public record QueryResult(Type type, double[] values, List<String> warnings) {
  /** Prometheus's {@code resultType}s the provider accepts. */
  public enum Type { SCALAR, VECTOR, MATRIX }

  public QueryResult {
    values = values.clone();
    warnings = List.copyOf(warnings);
    if (type == Type.SCALAR && values.length != 1) {
      throw new IllegalArgumentException("a scalar has one value, not " + values.length);
    }
  }

  /** What the conditions see as {@code result}: a Double for a scalar, else a double[]. */
  public Object conditionInput() {
    return type == Type.SCALAR ? (Object) values[0] : values.clone();
  }

  /** The measurement's value, spelled as Go's provider spells it. */
  public String measurementValue() {
    if (type == Type.SCALAR) {
      return GoFloats.format(values[0]);
    }
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(GoFloats.format(values[i]));
    }
    return b.append(']').toString();
  }

  /** The warnings as the built-in provider stores them: {@code "w1", "w2"}; empty if none. */
  public String warningsMetadata() {
    StringBuilder b = new StringBuilder();
    for (String w : warnings) {
      if (!b.isEmpty()) {
        b.append(", ");
      }
      b.append('"').append(w).append('"');
    }
    return b.toString();
  }
}
