package dev.rollouts.sdk.yamux;

/**
 * Frames 0-11 and 26-28 of the captured go-plugin session ({@code spec/test-vectors.md} §1): a Go
 * host (yamux client) and a Go plugin (yamux server), both yamux v0.1.2 with
 * {@code DefaultConfig()}.
 */
final class CapturedSession {
  private CapturedSession() {}

  /** Frames 0-2, H→P: WINDOW_UPDATE SYN for streams 1 (control), 3 (stdout), 5 (stderr). */
  static final byte[] HOST_OPENS_CONTROL_STDOUT_STDERR = Hex.bytes("""
      00 01 00 01 00 00 00 01 00 00 00 00
      00 01 00 01 00 00 00 03 00 00 00 00
      00 01 00 01 00 00 00 05 00 00 00 00
      """);

  /** Frame 3 payload: gob Request{"Dispenser.Dispense", 0} + string "RpcMetricProviderPlugin". */
  static final byte[] DISPENSE_REQUEST = Hex.bytes("""
      2f ff 81 03 01 01 07 52 65 71 75 65 73 74 01 ff 82 00 01 02 01 0d 53 65
      72 76 69 63 65 4d 65 74 68 6f 64 01 0c 00 01 03 53 65 71 01 06 00 00 00
      17 ff 82 01 12 44 69 73 70 65 6e 73 65 72 2e 44 69 73 70 65 6e 73 65 00
      1a 0c 00 17 52 70 63 4d 65 74 72 69 63 50 72 6f 76 69 64 65 72 50 6c 75
      67 69 6e
      """);

  /** Frame 3, H→P: DATA stream 1, 99 bytes, sent before any ACK. */
  static final byte[] HOST_DISPENSE_DATA =
      Hex.concat(Hex.bytes("00 00 00 00 00 00 00 01 00 00 00 63"), DISPENSE_REQUEST);

  static final byte[] HOST_FIRST_FOUR_FRAMES =
      Hex.concat(HOST_OPENS_CONTROL_STDOUT_STDERR, HOST_DISPENSE_DATA);

  /** Frames 4-6, P→H: WINDOW_UPDATE ACK for streams 1, 3, 5, in that order. */
  static final byte[] PLUGIN_ACKS_CONTROL_STDOUT_STDERR = Hex.bytes("""
      00 01 00 02 00 00 00 01 00 00 00 00
      00 01 00 02 00 00 00 03 00 00 00 00
      00 01 00 02 00 00 00 05 00 00 00 00
      """);

  /** Frame 7 payload: gob Response{"Dispenser.Dispense", 0, ""} + uint 1 (broker id). */
  static final byte[] DISPENSE_RESPONSE = Hex.bytes("""
      3a ff 81 03 01 01 08 52 65 73 70 6f 6e 73 65 01 ff 82 00 01 03 01 0d 53
      65 72 76 69 63 65 4d 65 74 68 6f 64 01 0c 00 01 03 53 65 71 01 06 00 01
      05 45 72 72 6f 72 01 0c 00 00 00
      17 ff 82 01 12 44 69 73 70 65 6e 73 65 72 2e 44 69 73 70 65 6e 73 65 00
      03 06 00 01
      """);

  /** Frame 7, P→H: DATA stream 1, 87 bytes. */
  static final byte[] PLUGIN_DISPENSE_DATA =
      Hex.concat(Hex.bytes("00 00 00 00 00 00 00 01 00 00 00 57"), DISPENSE_RESPONSE);

  /** Frames 8-9, H→P: WINDOW_UPDATE SYN stream 7 (broker), DATA stream 7 = broker id 1 (LE). */
  static final byte[] HOST_DIALS_BROKER = Hex.bytes("""
      00 01 00 01 00 00 00 07 00 00 00 00
      00 00 00 00 00 00 00 07 00 00 00 04 01 00 00 00
      """);

  /** Frames 10-11, P→H: WINDOW_UPDATE ACK stream 7, DATA stream 7 echoing the broker id. */
  static final byte[] PLUGIN_ACCEPTS_BROKER = Hex.bytes("""
      00 01 00 02 00 00 00 07 00 00 00 00
      00 00 00 00 00 00 00 07 00 00 00 04 01 00 00 00
      """);

  /** Frames 26-28, H→P: WINDOW_UPDATE FIN for streams 1, 3, 5 (then the host closes the socket). */
  static final byte[] HOST_CLOSES_CONTROL_STDOUT_STDERR = Hex.bytes("""
      00 01 00 04 00 00 00 01 00 00 00 00
      00 01 00 04 00 00 00 03 00 00 00 00
      00 01 00 04 00 00 00 05 00 00 00 00
      """);
}
