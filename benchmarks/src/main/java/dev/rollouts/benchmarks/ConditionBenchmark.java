package dev.rollouts.benchmarks;

import dev.rollouts.prometheus.expr.ConditionEvaluator;
import dev.rollouts.prometheus.expr.ExprException;
import dev.rollouts.prometheus.expr.Expression;
import dev.rollouts.prometheus.expr.GoType;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Compiling and evaluating the conditions Prometheus templates commonly use, on a two-sample
 * vector; the same expressions as {@code BenchmarkEvalCondition} in {@code conformance/}, which
 * measures Argo's Go {@code evaluate.EvalCondition} (it compiles on every call).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConditionBenchmark {
  @Param({"result[0] >= 0.95", "all(result, # < 1000)",
      "len(result) > 0 && !isNaN(result[0]) && result[0] <= 0.5",
      "default(result, [0])[0] >= 0.95"})
  public String condition;

  private final double[] result = {0.97, 250};
  private final ConditionEvaluator evaluator = new ConditionEvaluator();

  /** Parsing, checking and compiling one condition. */
  @Benchmark
  public Expression compile() throws ExprException {
    return Expression.compile(condition, GoType.FLOAT64_SLICE);
  }

  /** One measurement's evaluation, the compiled condition cached as the provider caches it. */
  @Benchmark
  public Object evaluateCached() {
    return evaluator.evaluate(result, condition, "");
  }
}
