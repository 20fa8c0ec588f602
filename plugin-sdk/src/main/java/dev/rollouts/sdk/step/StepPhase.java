package dev.rollouts.sdk.step;

/** The phases a step plugin reports ({@code types.StepPhase}). */
public enum StepPhase {
  RUNNING("Running"),
  SUCCESSFUL("Successful"),
  FAILED("Failed"),
  ERROR("Error");

  private final String wire;

  StepPhase(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /**
   * The phase with this wire name.
   *
   * @throws IllegalArgumentException for any other text, as the controller rejects it
   */
  public static StepPhase fromWire(String wire) {
    for (StepPhase p : values()) {
      if (p.wire.equals(wire)) {
        return p;
      }
    }
    throw new IllegalArgumentException("phase '" + wire + "' is not valid");
  }
}
