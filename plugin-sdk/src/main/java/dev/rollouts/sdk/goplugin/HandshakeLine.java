package dev.rollouts.sdk.goplugin;

import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The line a plugin prints first on stdout, as go-plugin's host parses it
 * ({@code spec/go-plugin.md} §6): {@code CORE|APP|NETWORK|ADDRESS|PROTOCOL|SERVERCERT}, e.g.
 * {@code 1|1|unix|/tmp/plugin4245184611|netrpc|}.
 *
 * @param coreVersion field 1, must be 1
 * @param appVersion field 2, one of the host's versions
 * @param network {@code unix} or {@code tcp}
 * @param address socket path or host:port
 * @param protocol {@code netrpc} (a missing field means netrpc)
 */
public record HandshakeLine(int coreVersion, int appVersion, String network, String address,
    String protocol) {

  /**
   * Parses and checks a handshake line with the host's errors.
   *
   * @throws IOException with go-plugin's message when the line is not acceptable
   */
  public static HandshakeLine parse(String raw, List<Integer> hostVersions) throws IOException {
    return parse(raw, hostVersions, () -> "");
  }

  /**
   * Parses and checks a handshake line in go-plugin v1.6.3's order (core version, app version,
   * network, protocol); {@code diagnosis} is appended to the "Unrecognized remote plugin
   * message" error, as go-plugin appends its runner's diagnosis.
   */
  static HandshakeLine parse(String raw, List<Integer> hostVersions, Supplier<String> diagnosis)
      throws IOException {
    String line = raw.strip();
    String[] parts = line.split("\\|", -1);
    if (parts.length < 4) {
      throw new IOException(HostErrors.unrecognized(line, true, diagnosis.get()));
    }
    OptionalLong core = goAtoi(parts[0]);
    if (core.isEmpty()) {
      throw new IOException(HostErrors.coreVersionUnparsable(parts[0]));
    }
    if (core.getAsLong() != GoPluginServer.CORE_PROTOCOL_VERSION) {
      throw new IOException(HostErrors.coreVersionIncompatible(parts[0]));
    }
    OptionalLong app = goAtoi(parts[1]);
    if (app.isEmpty()) {
      throw new IOException(HostErrors.appVersionUnparsable(parts[1]));
    }
    if (hostVersions.stream().noneMatch(v -> v == app.getAsLong())) {
      throw new IOException(HostErrors.appVersionIncompatible(app.getAsLong(), hostVersions));
    }
    // A present but empty fifth field is the protocol "", which go-plugin refuses; only a
    // missing one means netrpc. The protocol is checked before the network is reported.
    String protocol = parts.length > 4 ? parts[4] : "netrpc";
    if (!protocol.equals("netrpc")) {
      throw new IOException(HostErrors.unsupportedProtocol(protocol));
    }
    String network = parts[2];
    if (!network.equals("unix") && !network.equals("tcp")) {
      throw new IOException(HostErrors.unknownAddressType(parts[3]));
    }
    return new HandshakeLine((int) core.getAsLong(), (int) app.getAsLong(), network, parts[3],
        protocol);
  }

  /** Go's {@code strconv.Atoi} on a 64-bit platform: ASCII digits, optional sign, int64 range. */
  private static OptionalLong goAtoi(String field) {
    if (!field.matches("[+-]?[0-9]+")) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(field));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** The line as a plugin prints it (without the newline). */
  public String format() {
    return coreVersion + "|" + appVersion + "|" + network + "|" + address + "|" + protocol + "|";
  }
}
