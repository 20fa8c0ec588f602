package dev.rollouts.prometheus.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Error messages and positions (line:column, 1-based, columns in runes) exactly as expr
 * v1.15.5 reports them. The expected values were produced by {@code expr.Compile} /
 * {@code expr.Run} with a float64 {@code result} (Argo strips the position, but expr users and
 * our own diagnostics see it).
 */
class PositionsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      1 +                      | SYNTAX  | unexpected token EOF | 1 | 3
      (1 + 2                   | SYNTAX  | unexpected token EOF | 1 | 6
      1 + 2)                   | SYNTAX  | unexpected token Bracket(")") | 1 | 6
      result >> 1              | SYNTAX  | unexpected token Operator(">") | 1 | 9
      'abc                     | SYNTAX  | literal not terminated | 1 | 5
      1 @ 2                    | SYNTAX  | unrecognized character: U+0040 '@' | 1 | 4
      a b                      | SYNTAX  | unexpected token Identifier("b") | 1 | 3
      result.                  | SYNTAX  | unexpected end of expression | 1 | 7
      result[                  | SYNTAX  | unexpected token EOF | 1 | 7
      `# > 1`                  | SYNTAX  | cannot use pointer accessor outside closure | 1 | 1
      {,}                      | SYNTAX  | a map key must be a quoted string, a number, a identifier, or an expression enclosed in parentheses (unexpected token Operator(",")) | 1 | 2
      1 ?? 2 + 3               | SYNTAX  | Operator (+) and coalesce expressions (??) cannot be mixed. Wrap either by parentheses. | 1 | 8
      0xZZ                     | SYNTAX  | bad number syntax: "0xZ" | 1 | 4
      123abc                   | SYNTAX  | bad number syntax: "123a" | 1 | 5
      /* open                  | SYNTAX  | unclosed comment | 1 | 8
      `true &&\n  1 +`         | SYNTAX  | unexpected token EOF | 2 | 5
      `true &&\n  'x`          | SYNTAX  | literal not terminated | 2 | 5
      `\tresult > 'a'`         | COMPILE | invalid operation: > (mismatched types float64 and string) | 1 | 9
      result > 'a'             | COMPILE | invalid operation: > (mismatched types float64 and string) | 1 | 8
      nope > 1                 | COMPILE | unknown name nope | 1 | 1
      result[0]                | COMPILE | type float64[int] is undefined | 1 | 7
      isNaN('a')               | COMPILE | `cannot use string as argument (type float64) to call isNaN ` | 1 | 7
      upper(1)                 | COMPILE | `cannot use int as argument (type string) to call upper ` | 1 | 7
      1 % 0                    | COMPILE | integer divide by zero | 1 | 3
      let x = 1; let x = 2; x  | COMPILE | cannot redeclare variable x | 1 | 16
      all([1], #x)             | COMPILE | unknown pointer #x | 1 | 10
      [1, 2][2]                | RUNTIME | reflect: slice index out of range | 1 | 7
      'ä' + 1                  | COMPILE | invalid operation: + (mismatched types string and int) | 1 | 5
      äö > 1                   | COMPILE | unknown name äö | 1 | 1
      result ? 1 : 2           | COMPILE | non-bool expression (type float64) used as condition | 1 | 1
      `1 +\n\n  nope`          | COMPILE | unknown name nope | 3 | 3
      len(1, 2)                | COMPILE | invalid number of arguments (expected 1, got 2) | 1 | 1
      trim(1)                  | COMPILE | not enough arguments to call trim | 1 | 1
      '\\q'                    | SYNTAX  | invalid char escape | 1 | 4
      not                      | SYNTAX  | unexpected token EOF | 1 | 3
      1..                      | SYNTAX  | unexpected token EOF | 1 | 3
      result matches '['       | COMPILE | error parsing regexp: missing closing ]: `[` | 1 | 8
      """)
  void reportsExprsMessageAndPosition(String source, ExprException.Kind kind, String message,
      int line, int column) {
    String expression = source.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\");
    ExprException e = catchThrowableOfType(ExprException.class, () ->
        Expression.compile(expression, GoType.FLOAT64).run(1.5));
    assertThat(e).as("expected an error").isNotNull();
    assertThat(e.argoMessage()).isEqualTo(message);
    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.line()).isEqualTo(line);
    assertThat(e.column()).isEqualTo(column);
    assertThat(e.getMessage()).isEqualTo(message + " (" + line + ":" + column + ")");
  }
}
