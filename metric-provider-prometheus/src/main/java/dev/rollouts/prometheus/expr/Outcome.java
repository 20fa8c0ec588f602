package dev.rollouts.prometheus.expr;

import java.util.Objects;

/**
 * What Argo's {@code EvaluateResult} answers for one measurement: a phase and, for
 * {@link Phase#ERROR}, the error text Argo records.
 *
 * @param phase the phase
 * @param error Argo's error text when the phase is {@link Phase#ERROR}, else {@code null}
 */
public record Outcome(Phase phase, String error) {
  /**
   * Checks that an error text comes with, and only with, {@link Phase#ERROR}.
   *
   * @throws IllegalArgumentException when phase and error disagree
   */
  public Outcome {
    Objects.requireNonNull(phase, "phase");
    if ((phase == Phase.ERROR) != (error != null)) {
      throw new IllegalArgumentException("an error text goes with phase Error only");
    }
  }

  static Outcome of(Phase phase) {
    return new Outcome(phase, null);
  }

  static Outcome error(String message) {
    return new Outcome(Phase.ERROR, message);
  }
}
