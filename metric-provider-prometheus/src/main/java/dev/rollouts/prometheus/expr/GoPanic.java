package dev.rollouts.prometheus.expr;

/**
 * A Go panic inside the evaluator: expr's {@code vm.Run} recovers every panic and reports its
 * {@code %v} text as the error, so the message here is that text. Never escapes the package:
 * {@link Program#run} turns it into an {@link ExprException}.
 */
final class GoPanic extends RuntimeException {
  private static final long serialVersionUID = 1L;

  GoPanic(String message) {
    super(message, null, false, false);
  }

  static GoPanic interfaceConversion(Object value, String wanted) {
    String actual = value == null ? "nil" : GoFormat.typeOf(value);
    return new GoPanic("interface conversion: interface {} is " + actual + ", not " + wanted);
  }
}
