package dev.rollouts.prometheus.expr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * expr's precedence table (or 10 < and 15 < comparisons 20 < .. 25 < + - 30 < * / % 60 <
 * unary - + 90 < ** ^ 100 (right-associative) < ?? 500; ?: lowest) and its quirks: unary minus
 * binds looser than **, {@code not} before {@code in} is dropped when {@code in} cannot bind at
 * that level. Each expression was checked against Argo (corpus group "precedence").
 */
class PrecedenceTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiterString = " => ", textBlock = """
      2 + 3 * 4 == 14 => true
      10 - 4 - 3 == 3 => true
      100 / 10 / 5 == 2 => true
      2 ** 3 ** 2 == 512 => true
      2 ^ 3 ^ 2 == 512 => true
      -2 ** 2 == -4 => true
      (-2) ** 2 == 4 => true
      4 / 2 ** 2 == 1 => true
      7 % 4 * 2 == 6 => true
      2 * 7 % 4 == 2 => true
      true || false && false => true
      false and true or true => true
      1 + 2 in [3] => true
      len(1 + 1..3) == 2 => true
      (true ? 1 : 2) + 10 == 11 => true
      (false ? 1 : true ? 2 : 3) == 2 => true
      1 + 2 not in [4] => false
      not (1 in [1]) => false
      1..3 == [1, 2, 3] => false
      """)
  void groupsAsExprDoes(String expression, boolean expected) throws ExprException {
    assertThat(Expression.compile(expression, GoType.FLOAT64).run(0.0)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " => ", textBlock = """
      nil ?? 1 + 1 == 2 => Operator (+) and coalesce expressions (??) cannot be mixed. Wrap either by parentheses.
      not 1 in [1] => invalid operation: not (mismatched type int)
      !1 in [1] => invalid operation: ! (mismatched type int)
      """)
  void rejectsWhatExprRejects(String expression, String message) {
    ExprException e = org.assertj.core.api.Assertions.catchThrowableOfType(ExprException.class,
        () -> Expression.compile(expression, GoType.FLOAT64));
    assertThat(e.argoMessage()).isEqualTo(message);
  }
}
