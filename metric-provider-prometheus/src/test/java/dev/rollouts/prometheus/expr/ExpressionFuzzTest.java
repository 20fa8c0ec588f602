package dev.rollouts.prometheus.expr;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the whole pipeline (lexer, parser, checker, optimiser, compiler and a run on a few
 * result shapes): whatever the text, the only exception that may escape is
 * {@link ExprException}. Runs its seeds as a unit test; set JAZZER_FUZZ=1 to fuzz.
 */
class ExpressionFuzzTest {
  private static final Object[] RESULTS = {
    0.97, Double.NaN, new double[] {1, 2, 3}, new double[0], null, "ok",
    java.util.Map.of("status", "ok", "items", java.util.List.of(1.0, "a")),
  };

  @FuzzTest(maxDuration = "20s")
  void onlyExprExceptionEscapes(FuzzedDataProvider data) {
    Object result = RESULTS[data.consumeInt(0, RESULTS.length - 1)];
    String source = data.consumeRemainingAsString();
    try {
      Expression e = Expression.compile(source, GoType.of(result));
      e.run(result);
    } catch (ExprException expected) {
      // the declared failure
    }
  }
}
