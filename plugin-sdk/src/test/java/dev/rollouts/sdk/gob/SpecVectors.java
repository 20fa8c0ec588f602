package dev.rollouts.sdk.gob;

import static dev.rollouts.sdk.gob.GobTestSupport.concat;
import static dev.rollouts.sdk.gob.GobTestSupport.hex;

/**
 * The byte vectors of spec/test-vectors.md (captured from Go, or hand-built and decoded by Go),
 * as complete gob streams per direction of a yamux stream.
 */
final class SpecVectors {
  private SpecVectors() {}

  static final byte[] REQUEST_TYPEDEF = hex("""
      2f ff 81 03 01 01 07 52 65 71 75 65 73 74 01 ff 82 00 01 02 01 0d 53 65
      72 76 69 63 65 4d 65 74 68 6f 64 01 0c 00 01 03 53 65 71 01 06 00 00 00""");

  static final byte[] RESPONSE_TYPEDEF = hex("""
      3a ff 81 03 01 01 08 52 65 73 70 6f 6e 73 65 01 ff 82 00 01 03 01 0d 53
      65 72 76 69 63 65 4d 65 74 68 6f 64 01 0c 00 01 03 53 65 71 01 06 00 01
      05 45 72 72 6f 72 01 0c 00 00 00""");

  static final byte[] RPC_ERROR_TYPEDEF = hex("""
      26 ff 83 03 01 01 08 'RpcError' 01 ff 84 00 01 01 01 0b 'ErrorString' 01 0c 00 00 00""");

  /** §1 frames 3, 22, 24: control stream, host to plugin. */
  static final byte[] CONTROL_HOST_TO_PLUGIN = concat(REQUEST_TYPEDEF, hex("""
      17 ff 82 01 12 'Dispenser.Dispense' 00
      1a 0c 00 17 'RpcMetricProviderPlugin'
      13 ff 82 01 0c 'Control.Ping' 01 01 00
      03 02 00 01
      13 ff 82 01 0c 'Control.Quit' 01 02 00
      03 02 00 01"""));

  /** §1 frames 7, 23, 25: control stream, plugin to host (Go's ids: struct{} is 67). */
  static final byte[] CONTROL_PLUGIN_TO_HOST = concat(RESPONSE_TYPEDEF, hex("""
      17 ff 82 01 12 'Dispenser.Dispense' 00
      03 06 00 01
      13 ff 82 01 0c 'Control.Ping' 01 01 00
      0a ff 85 03 01 02 ff 86 00 00 00
      03 ff 86 00
      13 ff 82 01 0c 'Control.Quit' 01 02 00
      03 ff 86 00"""));

  /** §1 frame 16 after its Request header: first use of DemoArgs in an interface. */
  static final byte[] DEMO_ARGS_FIRST_USE = hex("""
      32 10 00 08 44 65 6d 6f 41 72 67 73
         ff 83 03 01 01 08 44 65 6d 6f 41 72 67 73 01 ff 84 00 01 02 01 01 53
         01 ff 86 00 01 05 4c 69 6d 69 74 01 04 00 00 00
      22 ff 85 03 01 01 05 53 6d 61 6c 6c 01 ff 86 00 01 02 01 04 4e 61 6d 65
         01 0c 00 01 01 4e 01 04 00 00 00
      0d ff 84 0a 01 01 01 6e 01 0a 00 01 04 00""");

  /** §1 frame 19 after its Request header: a later use, one message. */
  static final byte[] DEMO_ARGS_LATER_USE = hex("""
      18 10 00 08 44 65 6d 6f 41 72 67 73 ff 84 0a 01 01 01 6d 01 0c 00 01 06 00""");

  /** §1 frames 12, 14, 16, 19: the plugin (broker) stream, host to plugin. */
  static final byte[] PLUGIN_HOST_TO_PLUGIN = concat(REQUEST_TYPEDEF, hex("""
      16 ff 82 01 11 'Plugin.InitPlugin' 00
      03 10 00 00
      12 ff 82 01 0b 'Plugin.Type' 01 01 00
      03 10 00 00
      12 ff 82 01 0b 'Plugin.Demo' 01 02 00"""), DEMO_ARGS_FIRST_USE, hex("""
      12 ff 82 01 0b 'Plugin.Demo' 01 03 00"""), DEMO_ARGS_LATER_USE);

  /** §1 frames 13, 15, 17, 21: the plugin stream, plugin to host. */
  static final byte[] PLUGIN_PLUGIN_TO_HOST = concat(RESPONSE_TYPEDEF, hex("""
      16 ff 82 01 11 'Plugin.InitPlugin' 00"""), RPC_ERROR_TYPEDEF, hex("""
      03 ff 84 00
      12 ff 82 01 0b 'Plugin.Type' 01 01 00
      07 0c 00 04 'demo'
      12 ff 82 01 0b 'Plugin.Demo' 01 02 00
      0a ff 84 01 05 'n/5/2' 00
      12 ff 82 01 0b 'Plugin.Demo' 01 03 00
      0a ff 84 01 05 'm/6/3' 00"""));

  // ---- §3: plugin to host reply streams, Java style ---------------------------------------------

  static final byte[] REPLY_A_INIT_PLUGIN = hex("""
      3a ff 81 03 01 01 08 52 65 73 70 6f 6e 73 65 01 ff 82 00 01 03 01 0d 53
      65 72 76 69 63 65 4d 65 74 68 6f 64 01 0c 00 01 03 53 65 71 01 06 00 01
      05 45 72 72 6f 72 01 0c 00 00 00 16 ff 82 01 11 50 6c 75 67 69 6e 2e 49
      6e 69 74 50 6c 75 67 69 6e 00 26 ff 83 03 01 01 08 52 70 63 45 72 72 6f
      72 01 ff 84 00 01 01 01 0b 45 72 72 6f 72 53 74 72 69 6e 67 01 0c 00 00
      00 03 ff 84 00""");

  static final byte[] REPLY_B_SET_WEIGHT_ERROR = hex("""
      3a ff 81 03 01 01 08 52 65 73 70 6f 6e 73 65 01 ff 82 00 01 03 01 0d 53
      65 72 76 69 63 65 4d 65 74 68 6f 64 01 0c 00 01 03 53 65 71 01 06 00 01
      05 45 72 72 6f 72 01 0c 00 00 00 17 ff 82 01 10 50 6c 75 67 69 6e 2e 53
      65 74 57 65 69 67 68 74 01 07 00 26 ff 83 03 01 01 08 52 70 63 45 72 72
      6f 72 01 ff 84 00 01 01 01 0b 45 72 72 6f 72 53 74 72 69 6e 67 01 0c 00
      00 00 14 ff 84 01 0f 72 6f 75 74 65 20 6e 6f 74 20 66 6f 75 6e 64 00""");

  static final byte[] REPLY_C_TYPE = hex("""
      3a ff 81 03 01 01 08 52 65 73 70 6f 6e 73 65 01 ff 82 00 01 03 01 0d 53
      65 72 76 69 63 65 4d 65 74 68 6f 64 01 0c 00 01 03 53 65 71 01 06 00 01
      05 45 72 72 6f 72 01 0c 00 00 00 12 ff 82 01 0b 50 6c 75 67 69 6e 2e 54
      79 70 65 01 01 00 0e 0c 00 0b 61 63 6d 65 2f 72 6f 75 74 65 72""");

  static final byte[] REPLY_D_GET_METADATA = hex("""
      3a ff 81 03 01 01 08 52 65 73 70 6f 6e 73 65 01 ff 82 00 01 03 01 0d 53
      65 72 76 69 63 65 4d 65 74 68 6f 64 01 0c 00 01 03 53 65 71 01 06 00 01
      05 45 72 72 6f 72 01 0c 00 00 00 19 ff 82 01 12 50 6c 75 67 69 6e 2e 47
      65 74 4d 65 74 61 64 61 74 61 01 02 00 21 ff 83 04 01 01 11 6d 61 70 5b
      73 74 72 69 6e 67 5d 73 74 72 69 6e 67 01 ff 84 00 01 0c 01 0c 00 00 0d
      ff 84 00 01 05 71 75 65 72 79 02 75 70""");

  static final byte[] REPLY_E_RUN_MEASUREMENT = hex("""
      3a ff 81 03 01 01 08 52 65 73 70 6f 6e 73 65 01 ff 82 00 01 03 01 0d 53
      65 72 76 69 63 65 4d 65 74 68 6f 64 01 0c 00 01 03 53 65 71 01 06 00 01
      05 45 72 72 6f 72 01 0c 00 00 00 11 ff 82 01 0a 50 6c 75 67 69 6e 2e 52
      75 6e 01 03 00 10 ff 83 05 01 01 04 54 69 6d 65 01 ff 84 00 00 00 21 ff
      85 04 01 01 11 6d 61 70 5b 73 74 72 69 6e 67 5d 73 74 72 69 6e 67 01 ff
      86 00 01 0c 01 0c 00 00 74 ff 87 03 01 01 0b 4d 65 61 73 75 72 65 6d 65
      6e 74 01 ff 88 00 01 07 01 05 50 68 61 73 65 01 0c 00 01 07 4d 65 73 73
      61 67 65 01 0c 00 01 09 53 74 61 72 74 65 64 41 74 01 ff 84 00 01 0a 46
      69 6e 69 73 68 65 64 41 74 01 ff 84 00 01 05 56 61 6c 75 65 01 0c 00 01
      08 4d 65 74 61 64 61 74 61 01 ff 86 00 01 08 52 65 73 75 6d 65 41 74 01
      ff 84 00 00 00 37 ff 88 01 0a 53 75 63 63 65 73 73 66 75 6c 02 0f 01 00
      00 00 0e dd ca 78 d9 00 00 00 00 ff ff 01 0f 01 00 00 00 0e dd ca 78 da
      00 00 01 f4 ff ff 01 04 30 2e 39 39 00""");

  static final byte[] REPLY_F_VERIFY_WEIGHT = hex("""
      3a ff 81 03 01 01 08 52 65 73 70 6f 6e 73 65 01 ff 82 00 01 03 01 0d 53
      65 72 76 69 63 65 4d 65 74 68 6f 64 01 0c 00 01 03 53 65 71 01 06 00 01
      05 45 72 72 6f 72 01 0c 00 00 00 1a ff 82 01 13 50 6c 75 67 69 6e 2e 56
      65 72 69 66 79 57 65 69 67 68 74 01 04 00 26 ff 83 03 01 01 08 52 70 63
      45 72 72 6f 72 01 ff 84 00 01 01 01 0b 45 72 72 6f 72 53 74 72 69 6e 67
      01 0c 00 00 00 38 ff 85 03 01 01 14 56 65 72 69 66 79 57 65 69 67 68 74
      52 65 73 70 6f 6e 73 65 01 ff 86 00 01 02 01 08 56 65 72 69 66 69 65 64
      01 04 00 01 03 45 72 72 01 ff 84 00 00 00 07 ff 86 01 02 01 00 00""");

  static final byte[] REPLY_G_STEP_RUN = hex("""
      3a ff 81 03 01 01 08 52 65 73 70 6f 6e 73 65 01 ff 82 00 01 03 01 0d 53
      65 72 76 69 63 65 4d 65 74 68 6f 64 01 0c 00 01 03 53 65 71 01 06 00 01
      05 45 72 72 6f 72 01 0c 00 00 00 11 ff 82 01 0a 50 6c 75 67 69 6e 2e 52
      75 6e 01 05 00 26 ff 83 03 01 01 08 52 70 63 45 72 72 6f 72 01 ff 84 00
      01 01 01 0b 45 72 72 6f 72 53 74 72 69 6e 67 01 0c 00 00 00 4d ff 85 03
      01 01 0d 52 70 63 53 74 65 70 52 65 73 75 6c 74 01 ff 86 00 01 04 01 05
      50 68 61 73 65 01 0c 00 01 07 4d 65 73 73 61 67 65 01 0c 00 01 0c 52 65
      71 75 65 75 65 41 66 74 65 72 01 04 00 01 06 53 74 61 74 75 73 01 0a 00
      00 00 2d ff 87 03 01 01 08 52 65 73 70 6f 6e 73 65 01 ff 88 00 01 02 01
      06 52 65 73 75 6c 74 01 ff 86 00 01 05 45 72 72 6f 72 01 ff 84 00 00 00
      2d ff 88 01 01 07 52 75 6e 6e 69 6e 67 01 07 77 61 69 74 69 6e 67 01 fb
      1b f0 8e b0 00 01 0b 7b 22 69 64 22 3a 22 34 32 22 7d 00 01 00 00""");

  static final byte[] REPLY_H_UNKNOWN_METHOD = hex("""
      3a ff 81 03 01 01 08 52 65 73 70 6f 6e 73 65 01 ff 82 00 01 03 01 0d 53
      65 72 76 69 63 65 4d 65 74 68 6f 64 01 0c 00 01 03 53 65 71 01 06 00 01
      05 45 72 72 6f 72 01 0c 00 00 00 34 ff 82 01 0a 50 6c 75 67 69 6e 2e 46
      6f 6f 01 06 01 21 72 70 63 3a 20 63 61 6e 27 74 20 66 69 6e 64 20 6d 65
      74 68 6f 64 20 50 6c 75 67 69 6e 2e 46 6f 6f 00 0a ff 83 03 01 02 ff 84
      00 00 00 03 ff 84 00""");

  static final byte[] REPLY_I_PING = hex("""
      3a ff 81 03 01 01 08 52 65 73 70 6f 6e 73 65 01 ff 82 00 01 03 01 0d 53
      65 72 76 69 63 65 4d 65 74 68 6f 64 01 0c 00 01 03 53 65 71 01 06 00 01
      05 45 72 72 6f 72 01 0c 00 00 00 13 ff 82 01 0c 43 6f 6e 74 72 6f 6c 2e
      50 69 6e 67 01 01 00 0a ff 83 03 01 02 ff 84 00 00 00 03 ff 84 00""");

  static final byte[] REPLY_J_DISPENSE = hex("""
      3a ff 81 03 01 01 08 52 65 73 70 6f 6e 73 65 01 ff 82 00 01 03 01 0d 53
      65 72 76 69 63 65 4d 65 74 68 6f 64 01 0c 00 01 03 53 65 71 01 06 00 01
      05 45 72 72 6f 72 01 0c 00 00 00 17 ff 82 01 12 44 69 73 70 65 6e 73 65
      72 2e 44 69 73 70 65 6e 73 65 00 03 06 00 01""");
}
