package dev.rollouts.prometheus.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's {@code url.Values.Encode()}: keys sorted, {@code url.QueryEscape} on keys and values
 * (space as {@code +}, unreserved bytes kept, everything else {@code %XX} in upper case). The
 * body the built-in provider posts, byte for byte, so SigV4 body hashes agree too.
 *
 * <p>Stateless, so thread-safe.
 */
public final class FormEncoding {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private FormEncoding() {}

  /** {@code key=value&...} with keys in sorted order. */
  public static String encode(Map<String, String> values) {
    StringBuilder b = new StringBuilder();
    for (var e : new TreeMap<>(values).entrySet()) {
      if (!b.isEmpty()) {
        b.append('&');
      }
      b.append(queryEscape(e.getKey())).append('=').append(queryEscape(e.getValue()));
    }
    return b.toString();
  }

  /** Go's {@code url.QueryEscape}. */
  public static String queryEscape(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || c == '-' || c == '_' || c == '.' || c == '~') {
        b.append((char) c);
      } else if (c == ' ') {
        b.append('+');
      } else {
        b.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return b.toString();
  }
}
