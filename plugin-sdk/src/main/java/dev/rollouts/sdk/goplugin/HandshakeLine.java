package dev.rollouts.sdk.goplugin;

import java.io.IOException;
import java.util.List;

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
    String line = raw.strip();
    String[] parts = line.split("\\|", -1);
    if (parts.length < 4) {
      throw new IOException("Unrecognized remote plugin message: " + line + "\n\nThis usually"
          + " means the plugin was not compiled for this architecture, the plugin is missing"
          + " dynamic-link libraries necessary to run, the plugin is not executable by this"
          + " process due to file permissions, or the plugin failed to negotiate the initial"
          + " go-plugin protocol handshake");
    }
    int core = number(parts[0], "core API version");
    if (core != GoPluginServer.CORE_PROTOCOL_VERSION) {
      throw new IOException("Incompatible core API version with plugin. Plugin version: "
          + parts[0] + ", Core version: " + GoPluginServer.CORE_PROTOCOL_VERSION);
    }
    int app = number(parts[1], "API version");
    if (!hostVersions.contains(app)) {
      throw new IOException("Incompatible API version with plugin. Plugin version: " + app
          + ", Client versions: " + hostVersions);
    }
    String network = parts[2];
    if (!network.equals("unix") && !network.equals("tcp")) {
      throw new IOException("Unknown address type: " + network);
    }
    String protocol = parts.length > 4 && !parts[4].isEmpty() ? parts[4] : "netrpc";
    if (!protocol.equals("netrpc")) {
      throw new IOException("Unsupported plugin protocol \"" + protocol
          + "\". Supported: [netrpc]");
    }
    return new HandshakeLine(core, app, network, parts[3], protocol);
  }

  private static int number(String field, String what) throws IOException {
    try {
      return Integer.parseInt(field);
    } catch (NumberFormatException e) {
      throw new IOException("Error parsing " + what + ": " + field);
    }
  }

  /** The line as a plugin prints it (without the newline). */
  public String format() {
    return coreVersion + "|" + appVersion + "|" + network + "|" + address + "|" + protocol + "|";
  }
}
