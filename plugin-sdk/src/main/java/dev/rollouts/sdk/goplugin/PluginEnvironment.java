package dev.rollouts.sdk.goplugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The environment go-plugin's host hands a plugin ({@code spec/go-plugin.md} §2), parsed once.
 *
 * <p>Immutable; tests build one from a map instead of the process environment.
 */
public record PluginEnvironment(Map<String, String> variables) {
  public static final String MIN_PORT = "PLUGIN_MIN_PORT";
  public static final String MAX_PORT = "PLUGIN_MAX_PORT";
  public static final String PROTOCOL_VERSIONS = "PLUGIN_PROTOCOL_VERSIONS";
  public static final String UNIX_SOCKET_DIR = "PLUGIN_UNIX_SOCKET_DIR";
  public static final String UNIX_SOCKET_GROUP = "PLUGIN_UNIX_SOCKET_GROUP";
  public static final String CLIENT_CERT = "PLUGIN_CLIENT_CERT";

  public PluginEnvironment {
    variables = Map.copyOf(variables);
  }

  /** This process's environment. */
  public static PluginEnvironment current() {
    return new PluginEnvironment(System.getenv());
  }

  public String get(String name) {
    return variables.getOrDefault(name, "");
  }

  /** Lower end of the TCP port range; Go parses an empty value as 0. */
  public int minPort() {
    return port(MIN_PORT);
  }

  public int maxPort() {
    return port(MAX_PORT);
  }

  private int port(String name) {
    String v = get(name).trim();
    if (v.isEmpty()) {
      return 0;
    }
    try {
      int p = Integer.parseInt(v);
      if (p < 0 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is not a port number: '" + v + "'");
    }
  }

  /** The host's application protocol versions, in the order given; invalid entries are skipped. */
  public List<Integer> protocolVersions() {
    List<Integer> out = new ArrayList<>();
    for (String part : get(PROTOCOL_VERSIONS).split(",")) {
      try {
        out.add(Integer.parseInt(part.trim()));
      } catch (NumberFormatException e) {
        // go-plugin ignores entries it cannot parse, so do we
      }
    }
    return out;
  }

  /** Where the unix socket goes: {@code PLUGIN_UNIX_SOCKET_DIR}, else {@code TMPDIR}, else /tmp. */
  public String socketDirectory() {
    String dir = get(UNIX_SOCKET_DIR);
    if (dir.isEmpty()) {
      dir = get("TMPDIR");
    }
    return dir.isEmpty() ? "/tmp" : dir;
  }

  public Optional<String> socketGroup() {
    String g = get(UNIX_SOCKET_GROUP);
    return g.isEmpty() ? Optional.empty() : Optional.of(g);
  }

  /** True when the host asked for AutoMTLS, which Argo never does. */
  public boolean wantsAutoMtls() {
    return !get(CLIENT_CERT).isEmpty();
  }
}
