package dev.rollouts.sdk.traffic;

/**
 * The answer of {@code VerifyWeight}: Argo's {@code RpcVerified}, an int32 on the wire because
 * net/rpc cannot carry a {@code *bool}.
 */
public enum Verification {
  /** The router does not yet send the desired weight ({@code false}). */
  NOT_VERIFIED(0),
  /** The router sends the desired weight ({@code true}). */
  VERIFIED(1),
  /** Verification is not supported or not applicable ({@code nil}). */
  NOT_IMPLEMENTED(2);

  private final int wire;

  Verification(int wire) {
    this.wire = wire;
  }

  public int wire() {
    return wire;
  }

  /** As the controller reads it: 1 verified, 2 not implemented, anything else not verified. */
  public static Verification fromWire(long wire) {
    return wire == 1 ? VERIFIED : wire == 2 ? NOT_IMPLEMENTED : NOT_VERIFIED;
  }

  public static Verification of(boolean verified) {
    return verified ? VERIFIED : NOT_VERIFIED;
  }
}
