package dev.rollouts.kit;

import dev.rollouts.sdk.host.PluginKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which executable serves which plugin name: read from an {@code argo-rollouts-config}
 * ConfigMap (its {@code file://} locations, {@code args} and {@code sha256}) and from
 * {@code --plugin} options.
 *
 * <p>Not thread-safe: filled once, then read.
 */
public final class PluginCatalog {
  /** The controller's rule for plugin names. */
  static final Pattern NAME = Pattern.compile("^([a-zA-Z0-9\\-]+)/{1}([a-zA-Z0-9_\\-.]+)$");

  private final Map<String, PluginSpec> plugins = new LinkedHashMap<>();

  /** One entry of a ConfigMap plugin list. */
  record Entry(String name, String location, String sha256, List<String> args,
      Boolean disabled) {}

  private record ConfigMap(Map<String, String> data) {}

  /** Adds a plugin; a later one with the same kind and name replaces the earlier. */
  public PluginCatalog add(PluginSpec spec) {
    if (!NAME.matcher(spec.name()).matches()) {
      throw new IllegalArgumentException("plugin name '" + spec.name()
          + "' is not <org>/<name> (letters, digits, '-', and '_' or '.' in the name)");
    }
    plugins.put(key(spec.kind(), spec.name()), spec);
    return this;
  }

  /**
   * Adds every plugin of a ConfigMap manifest whose location is a local file.
   *
   * @throws ManifestException when the ConfigMap cannot be read, a location is not a local file,
   *     or a file does not have its sha256
   */
  public PluginCatalog addConfigMap(Path file) throws IOException {
    ConfigMap cm = Manifests.read(file, ConfigMap.class);
    if (cm == null || cm.data() == null) {
      throw ManifestException.invalid(file, "no data: not an argo-rollouts-config ConfigMap");
    }
    for (PluginKind kind : PluginKind.values()) {
      String list = cm.data().get(kind.configMapKey());
      if (list == null || list.isBlank()) {
        continue;
      }
      Entry[] entries = Manifests.parse(list, Entry[].class, file);
      for (Entry e : entries) {
        Path exe = localFile(file, e);
        if (e.sha256() != null && !e.sha256().isEmpty()) {
          String actual = sha256(exe);
          if (!actual.equals(e.sha256())) {
            throw ManifestException.invalid(file, "sha256 of " + exe + " is " + actual
                + ", the ConfigMap says " + e.sha256() + " (rebuild dist/?)");
          }
        }
        add(new PluginSpec(e.name(), kind, exe, e.args() == null ? List.of() : e.args()));
      }
    }
    return this;
  }

  private static Path localFile(Path configMap, Entry e) throws ManifestException {
    String location = e.location() == null ? "" : e.location();
    if (!location.startsWith("file://")) {
      throw ManifestException.invalid(configMap, "plugin " + e.name() + ": the kit runs local"
          + " files only, not " + location + " (download it and use --plugin)");
    }
    URI uri = URI.create(location);
    String path = (uri.getHost() == null ? "" : uri.getHost()) + uri.getPath();
    return Path.of(path).toAbsolutePath();
  }

  /**
   * The plugin of this kind and name.
   *
   * @throws IllegalArgumentException when the catalog has none
   */
  public PluginSpec find(PluginKind kind, String name) {
    PluginSpec spec = plugins.get(key(kind, name));
    if (spec == null) {
      throw new IllegalArgumentException("no " + kind.configMapKey() + " entry named '" + name
          + "' (known: " + plugins.keySet() + "); pass --config or --plugin");
    }
    return spec;
  }

  public boolean isEmpty() {
    return plugins.isEmpty();
  }

  private static String key(PluginKind kind, String name) {
    return kind.configMapKey() + ":" + name;
  }

  /** Lower-case hex SHA-256 of a file, as the controller compares it. */
  public static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        digest.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
