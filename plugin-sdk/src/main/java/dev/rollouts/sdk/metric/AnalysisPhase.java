package dev.rollouts.sdk.metric;

/**
 * The phases of a {@code Measurement} ({@code v1alpha1.AnalysisPhase}); the model carries them as
 * their wire strings, which {@link #wire()} gives.
 */
public enum AnalysisPhase {
  PENDING("Pending"),
  RUNNING("Running"),
  SUCCESSFUL("Successful"),
  FAILED("Failed"),
  ERROR("Error"),
  INCONCLUSIVE("Inconclusive");

  private final String wire;

  AnalysisPhase(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** True for the phases the controller treats as a finished measurement. */
  public boolean completed() {
    return this == SUCCESSFUL || this == FAILED || this == ERROR || this == INCONCLUSIVE;
  }

  /**
   * The phase with this wire name.
   *
   * @throws IllegalArgumentException for any other text
   */
  public static AnalysisPhase fromWire(String wire) {
    for (AnalysisPhase p : values()) {
      if (p.wire.equals(wire)) {
        return p;
      }
    }
    throw new IllegalArgumentException("not an analysis phase: '" + wire + "'");
  }
}
