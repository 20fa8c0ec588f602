package dev.rollouts.prometheus.expr;

/**
 * An expression that cannot be compiled or that failed while running, with expr's message and
 * the position expr reports.
 *
 * <p>{@link #argoMessage()} is the bare message, which is exactly the error text Argo Rollouts
 * records (its {@code utils/evaluate} strips expr's position and source snippet);
 * {@link #getMessage()} adds the position as expr formats it: {@code message (line:column)}.
 *
 * <pre>{@code
 * try { Expression.compile("1 +", GoType.FLOAT64); }
 * catch (ExprException e) { e.argoMessage(); // "unexpected token EOF"
 *                           e.line(); e.column(); // 1, 3 }
 * }</pre>
 *
 * <p>Immutable, so thread-safe.
 */
public final class ExprException extends Exception {
  /** At which stage expr would report the error. */
  public enum Kind {
    /** The lexer or parser rejected the text. */
    SYNTAX,
    /** The type checker (or the optimiser's constant folding) rejected the expression. */
    COMPILE,
    /** The program panicked while running: expr's {@code vm.Run} turns that into an error. */
    RUNTIME,
    /**
     * Valid for expr, but beyond this evaluator: nesting deeper than a JVM stack allows, or a
     * call of one of the time.Time methods that produce byte slices for other byte slices
     * (AppendFormat, AppendBinary, AppendText, MarshalBinary, GobEncode).
     */
    UNSUPPORTED
  }

  private static final long serialVersionUID = 1L;

  private final Kind kind;
  private final String bareMessage;
  private final int line;
  private final int column;

  ExprException(Kind kind, String bareMessage, int line, int column) {
    super(line == 0 && column == 0 ? bareMessage : bareMessage + " (" + line + ":" + column + ")");
    this.kind = kind;
    this.bareMessage = bareMessage;
    this.line = line;
    this.column = column;
  }

  /** The stage that rejected the expression. */
  public Kind kind() {
    return kind;
  }

  /** The message without position: the error text Argo Rollouts shows. */
  public String argoMessage() {
    return bareMessage;
  }

  /** The 1-based line of the position expr reports, or 0 when it reports none. */
  public int line() {
    return line;
  }

  /** The 1-based column (in runes) of the position expr reports, or 0 when it reports none. */
  public int column() {
    return column;
  }
}
