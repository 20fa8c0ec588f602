package dev.rollouts.prometheus.expr;

/**
 * The measurement phases Argo's {@code EvaluateResult} returns, with Argo's spelling
 * ({@code v1alpha1.AnalysisPhase}).
 */
public enum Phase {
  /** The success condition held (or there is none and the failure condition did not). */
  SUCCESSFUL("Successful"),
  /** The failure condition held, or the success condition alone did not. */
  FAILED("Failed"),
  /** Both conditions are set and neither held. */
  INCONCLUSIVE("Inconclusive"),
  /** A condition could not be compiled or evaluated, or did not yield a bool. */
  ERROR("Error");

  private final String argoName;

  Phase(String argoName) {
    this.argoName = argoName;
  }

  /** The phase as Argo writes it in a Measurement. */
  public String argoName() {
    return argoName;
  }
}
