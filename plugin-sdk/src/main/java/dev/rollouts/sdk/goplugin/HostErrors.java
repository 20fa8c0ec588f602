package dev.rollouts.sdk.goplugin;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The error texts of go-plugin's host ({@code client.go} of v1.6.3, what Argo Rollouts v1.9
 * links), word for word, so that a plugin author reads the same failure from the Java host as
 * from the controller ({@code spec/go-plugin.md} §2, §6). Tests assert against these factories.
 */
final class HostErrors {
  private HostErrors() {}

  static String startTimeout() {
    return "timeout while waiting for plugin to start";
  }

  /**
   * The first stdout line has fewer than four {@code |}-separated fields, or there was none.
   *
   * @param line the trimmed line ("" when none)
   * @param anyLine false when stdout ended (or its first line exceeded 64 KiB) without a line
   * @param diagnosis go-plugin's runner diagnosis ({@link PluginDiagnosis}), "" for none
   */
  static String unrecognized(String line, boolean anyLine, String diagnosis) {
    String text = "Unrecognized remote plugin message: " + line;
    if (!anyLine) {
      text += "\nFailed to read any lines from plugin's stdout";
    }
    return diagnosis.isEmpty() ? text : text + "\n" + diagnosis;
  }

  static String coreVersionUnparsable(String field) {
    return "Error parsing core protocol version: " + atoiError(field);
  }

  static String coreVersionIncompatible(String field) {
    return "Incompatible core API version with plugin. Plugin version: " + field
        + ", Core version: " + GoPluginServer.CORE_PROTOCOL_VERSION + "\n\n"
        + "To fix this, the plugin usually only needs to be recompiled.\n"
        + "Please report this to the plugin author.";
  }

  static String appVersionUnparsable(String field) {
    return "Error parsing protocol version " + goQuote(field) + ": " + atoiError(field);
  }

  /** Go formats the host's versions with {@code %d}: {@code [1 2]}. */
  static String appVersionIncompatible(long version, List<Integer> hostVersions) {
    return "Incompatible API version with plugin. Plugin version: " + version
        + ", Client versions: " + hostVersions.stream().map(String::valueOf)
            .collect(Collectors.joining(" ", "[", "]"));
  }

  /** go-plugin names the address here, not the network. */
  static String unknownAddressType(String address) {
    return "Unknown address type: " + address;
  }

  static String unsupportedProtocol(String protocol) {
    return "Unsupported plugin protocol " + goQuote(protocol) + ". Supported: [netrpc]";
  }

  /**
   * A failed dial of the handshake's address, as Go's {@code net.Dial} words it, e.g.
   * {@code dial unix /tmp/plugin1: connect: no such file or directory}. The JDK's text of the
   * system error ("No such file or directory") is Go's errno text with a capital letter.
   */
  static String dial(String network, String address, Exception cause) {
    String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    if (!reason.isEmpty() && Character.isUpperCase(reason.charAt(0))
        && (reason.length() == 1 || !Character.isUpperCase(reason.charAt(1)))) {
      reason = reason.substring(0, 1).toLowerCase(Locale.ROOT) + reason.substring(1);
    }
    return "dial " + network + " " + address + ": connect: " + reason;
  }

  /** Go's {@code strconv.Atoi} error text for a field that is not a decimal int. */
  static String atoiError(String field) {
    String kind = field.matches("[+-]?[0-9]+") ? "value out of range" : "invalid syntax";
    return "strconv.Atoi: parsing " + goQuote(field) + ": " + kind;
  }

  /** Go's {@code %q} of a string: double quotes, with Go's escapes for quotes and controls. */
  static String goQuote(String s) {
    StringBuilder b = new StringBuilder("\"");
    s.codePoints().forEach(c -> {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case 0x07 -> b.append("\\a");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case 0x0b -> b.append("\\v");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\x%02x", c));
          } else {
            b.appendCodePoint(c);
          }
        }
      }
    });
    return b.append('"').toString();
  }
}
