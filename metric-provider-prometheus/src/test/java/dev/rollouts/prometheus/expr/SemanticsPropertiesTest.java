package dev.rollouts.prometheus.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;

/** Properties of Go semantics the evaluator must keep for every input, not just the corpus. */
class SemanticsPropertiesTest {
  private static Object run(String expression, Object result) throws ExprException {
    return Expression.compile(expression, GoType.of(result)).run(result);
  }

  /** Go int arithmetic wraps like Java long arithmetic; "/" is always float division. */
  @Property
  void integerArithmeticWrapsLikeJavaLong(@ForAll long a, @ForAll long b) throws ExprException {
    List<Object> result = List.of(a, b);
    assertThat(run("result[0] + result[1]", result)).isEqualTo(a + b);
    assertThat(run("result[0] - result[1]", result)).isEqualTo(a - b);
    assertThat(run("result[0] * result[1]", result)).isEqualTo(a * b);
    assertThat(run("result[0] / result[1]", result)).isEqualTo((double) a / (double) b);
    if (b != 0) {
      assertThat(run("result[0] % result[1]", result)).isEqualTo(a % b);
    }
  }

  /** Constant folding gives what the run-time path gives. */
  @Property
  void foldedLiteralsAgreeWithRuntime(@ForAll @LongRange(min = -1_000_000_000_000L,
      max = 1_000_000_000_000L) long a, @ForAll @LongRange(min = 1, max = 1_000_000) long b)
      throws ExprException {
    for (String op : new String[] {"+", "-", "*", "/", "%", "**"}) {
      Object folded = run("(" + a + ") " + op + " " + b, 0.0);
      Object runtime = run("result[0] " + op + " result[1]", List.of(a, b));
      assertThat(folded).as(op).isEqualTo(runtime);
    }
  }

  /** float64 comparisons are IEEE: every comparison with NaN is false. */
  @Property
  void floatComparisonsAreIeee(@ForAll double x, @ForAll double y) throws ExprException {
    double[] result = {x, y};
    assertThat(run("result[0] < result[1]", result)).isEqualTo(x < y);
    assertThat(run("result[0] <= result[1]", result)).isEqualTo(x <= y);
    assertThat(run("result[0] == result[1]", result)).isEqualTo(x == y);
    assertThat(run("result[0] != result[1]", result)).isEqualTo(x != y);
    assertThat(run("isNaN(result[0])", result)).isEqualTo(Double.isNaN(x));
  }

  /** %v of a float64 reads back as the same float64 through Go's ParseFloat rules. */
  @Property
  void floatTextRoundTrips(@ForAll double x) throws Exception {
    Assume.that(!Double.isNaN(x));
    assertThat(GoStrconv.parseFloat(GoFormat.formatFloat(x))).isEqualTo(x);
  }

  /** asInt truncates toward zero inside the int64 range, like Go's int64(f). */
  @Property
  void asIntTruncates(@ForAll @DoubleRange(min = -9.2e18, max = 9.2e18) double x)
      throws ExprException {
    Object v = run("asInt(result)", x);
    assertThat(v).isEqualTo(new GoValues.Int64((long) x));
  }

  /** Strings order as Go compares them: by UTF-8 bytes, unsigned. */
  @Property
  void stringsOrderByUtf8Bytes(@ForAll String a, @ForAll String b) throws ExprException {
    Assume.that(a.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF));
    Assume.that(b.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF));
    int bytes = Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
        b.getBytes(StandardCharsets.UTF_8));
    assertThat(run("result[0] < result[1]", List.of(a, b))).isEqualTo(bytes < 0);
    assertThat(run("result[0] == result[1]", List.of(a, b))).isEqualTo(bytes == 0);
  }
}
