package dev.rollouts.prometheus.expr;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Argo Rollouts' {@code evaluate.EvaluateResult}: decides a measurement's phase from its
 * {@code successCondition}, {@code failureCondition} and result, with Argo's rules:
 *
 * <ul>
 *   <li>no conditions: Successful;
 *   <li>an error compiling or running either condition, or a condition that does not yield a
 *       bool ({@code expected bool, but got float64}): Error with Argo's text (the success
 *       condition is evaluated first);
 *   <li>only a success condition: Successful if it holds, else Failed;
 *   <li>only a failure condition: Failed if it holds, else Successful;
 *   <li>both: Failed if the failure condition holds (it wins), Successful if only the success
 *       condition holds, else Inconclusive.
 * </ul>
 *
 * <pre>{@code
 * ConditionEvaluator evaluator = new ConditionEvaluator();
 * evaluator.evaluate(new double[] {0.97}, "result[0] >= 0.95", "result[0] < 0.9");
 * // Outcome[phase=SUCCESSFUL, error=null]
 * evaluator.evaluate(Double.NaN, "result >= 0.95", "");
 * // Outcome[phase=FAILED, error=null]: NaN compares false
 * }</pre>
 *
 * <p>Result values are Java forms of what providers pass (see {@link GoType#of}): Double
 * (NaN and infinities included), double[] for Prometheus vectors, Long, String, Boolean,
 * null, List and Map for decoded JSON.
 *
 * <p>Compiled conditions are cached per (condition, result type). Thread-safe.
 */
public final class ConditionEvaluator {
  private static final int CACHE_LIMIT = 1024;

  private record Key(String condition, GoType resultType) {}

  // A compiled expression, or the error compiling it gave (also worth caching).
  private record Compiled(Expression expression, ExprException error) {}

  private final ConcurrentHashMap<Key, Compiled> cache = new ConcurrentHashMap<>();

  /**
   * Evaluates the conditions on a result.
   *
   * @param result the measured value (see the class comment for the accepted types)
   * @param successCondition the metric's successCondition; empty when not set
   * @param failureCondition the metric's failureCondition; empty when not set
   * @return the phase, and Argo's error text for {@link Phase#ERROR}
   * @throws IllegalArgumentException when the result has no Go counterpart
   */
  public Outcome evaluate(Object result, String successCondition, String failureCondition) {
    Objects.requireNonNull(successCondition, "successCondition");
    Objects.requireNonNull(failureCondition, "failureCondition");
    Object value = GoValues.fromJava(result);
    GoType type = GoValues.typeOf(value);
    boolean success = false;
    boolean failure = false;
    try {
      if (!successCondition.isEmpty()) {
        success = condition(successCondition, type, value);
      }
      if (!failureCondition.isEmpty()) {
        failure = condition(failureCondition, type, value);
      }
    } catch (ExprException e) {
      return Outcome.error(e.argoMessage());
    }
    if (successCondition.isEmpty() && failureCondition.isEmpty()) {
      return Outcome.of(Phase.SUCCESSFUL);
    }
    if (failureCondition.isEmpty()) {
      failure = !success;
    } else if (successCondition.isEmpty()) {
      success = !failure;
    }
    if (failure) {
      return Outcome.of(Phase.FAILED);
    }
    return Outcome.of(success ? Phase.SUCCESSFUL : Phase.INCONCLUSIVE);
  }

  // Argo's EvalCondition.
  private boolean condition(String condition, GoType type, Object value) throws ExprException {
    Compiled compiled = cache.get(new Key(condition, type));
    if (compiled == null) {
      try {
        compiled = new Compiled(Expression.compile(condition, type), null);
      } catch (ExprException e) {
        compiled = new Compiled(null, e);
      }
      if (cache.size() >= CACHE_LIMIT) {
        cache.clear();
      }
      cache.put(new Key(condition, type), compiled);
    }
    if (compiled.error != null) {
      throw compiled.error;
    }
    Object output = compiled.expression.runConverted(value);
    if (output instanceof Boolean b) {
      return b;
    }
    throw new ExprException(ExprException.Kind.RUNTIME,
        "expected bool, but got " + GoFormat.typeOf(output), 0, 0);
  }
}
