package dev.rollouts.sdk.yamux;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Hex vectors as written in the spec: bytes separated by blanks and line breaks. */
final class Hex {
  private Hex() {}

  static byte[] bytes(String spaced) {
    return HexFormat.of().parseHex(spaced.replaceAll("\\s+", ""));
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static String of(byte[] bytes) {
    return HexFormat.ofDelimiter(" ").formatHex(bytes);
  }
}
