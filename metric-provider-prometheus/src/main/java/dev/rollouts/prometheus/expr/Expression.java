package dev.rollouts.prometheus.expr;

import java.util.Map;
import java.util.Objects;

/**
 * A {@code successCondition}/{@code failureCondition} compiled once for results of one Go type,
 * ready to run many times: the work expr does in {@code expr.Compile} (parse, type check,
 * optimise, and here also compiling regular expressions) is done in {@link #compile}, so
 * {@link #run} only walks a tree of closures.
 *
 * <pre>{@code
 * Expression e = Expression.compile("result[0] >= 0.95", GoType.FLOAT64_SLICE);
 * e.run(new double[] {0.97});  // true
 * e.run(new double[] {});      // throws ExprException "reflect: slice index out of range"
 * }</pre>
 *
 * <p>Immutable, so thread-safe: one instance may run on many threads at once.
 */
public final class Expression {
  private final String source;
  private final GoType resultType;
  private final Compiler.Program program;

  private Expression(String source, GoType resultType, Compiler.Program program) {
    this.source = source;
    this.resultType = resultType;
    this.program = program;
  }

  /**
   * Compiles {@code source} for Argo's env with a {@code result} of type {@code resultType}
   * ({@code null} for a nil result, see {@link GoType#of}).
   *
   * @throws ExprException when expr would refuse the expression (syntax or type error, or a
   *     constant-folding error such as {@code 1 % 0}), or it is beyond this evaluator (see
   *     {@link ExprException.Kind#UNSUPPORTED})
   */
  public static Expression compile(String source, GoType resultType) throws ExprException {
    Objects.requireNonNull(source, "source");
    try {
      Node tree = Parser.parse(source);
      Map<String, GoType> env = ArgoFunctions.envTypes(resultType);
      Checker.check(tree, env);
      tree = Optimizer.optimize(tree);
      return new Expression(source, resultType, Compiler.compile(tree));
    } catch (StackOverflowError e) {
      // Go's growable stacks accept any nesting; a JVM thread stack does not.
      throw new ExprException(ExprException.Kind.UNSUPPORTED, "expression too deeply nested", 0, 0);
    }
  }

  /** The expression text. */
  public String source() {
    return source;
  }

  /** The type of {@code result} this expression was compiled for; null for nil. */
  public GoType resultType() {
    return resultType;
  }

  /**
   * Evaluates the expression with {@code result} bound to the given value.
   *
   * @param result a value whose {@link GoType#of} is {@link #resultType()}
   * @return the value: Boolean, Double, Long (Go int), String, null, or an opaque Go value
   * @throws ExprException when the program panics, as expr's {@code vm.Run} reports it
   * @throws IllegalArgumentException when the result has another Go type than compiled for
   */
  public Object run(Object result) throws ExprException {
    Object value = GoValues.fromJava(result);
    if (!Objects.equals(GoValues.typeOf(value), resultType)) {
      throw new IllegalArgumentException("expression compiled for a result of type "
          + GoFormat.typeName(resultType) + ", got " + GoFormat.typeOf(value));
    }
    return runConverted(value);
  }

  Object runConverted(Object value) throws ExprException {
    Frame frame = new Frame(ArgoFunctions.env(value), value, program.variableCount());
    try {
      return program.root().eval(frame);
    } catch (Compiler.Located e) {
      boolean empty = e.line == 0 && e.column == 0;
      throw new ExprException(ExprException.Kind.RUNTIME, e.getMessage(), e.line,
          empty ? 0 : e.column + 1);
    } catch (GoPanic e) {
      throw new ExprException(ExprException.Kind.RUNTIME, e.getMessage(), 0, 0);
    } catch (StackOverflowError e) {
      throw new ExprException(ExprException.Kind.RUNTIME, "expression too deeply nested", 0, 0);
    }
  }
}
