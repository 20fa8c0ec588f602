package dev.rollouts.sdk.plugin;

import dev.rollouts.sdk.model.RawJson;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a plugin's JSON configuration into the plugin's own record.
 *
 * <pre>{@code
 * record Config(String address, Duration timeout) {}
 * Config c = PluginConfig.read(json, Config.class, "acme/metric");
 * }</pre>
 *
 * Unknown properties are ignored, as Go's {@code encoding/json} does, so a newer template keeps
 * working with an older plugin; a value of the wrong type fails with its JSON path. A record of
 * strings, numbers, enums and such records read from the same text again is the value read
 * before (the controller sends the same JSON with every call).
 *
 * <p>Thread-safe.
 */
public final class PluginConfig {
  private static final JsonMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private PluginConfig() {}

  /** The shared mapper, configured as above, for plugins that need more than records. */
  public static JsonMapper mapper() {
    return JSON;
  }

  /**
   * Parses {@code json} into {@code type}.
   *
   * @param what names the configuration in errors, e.g. {@code plugin "acme/metric"}
   * @throws PluginConfigException when the JSON is absent, malformed or does not fit
   */
  public static <T> T read(RawJson json, Class<T> type, String what) {
    if (json == null || json.json().isBlank()) {
      throw new PluginConfigException("no configuration for " + what);
    }
    ParsedConfigs.Recent recent = ParsedConfigs.of(type);
    if (recent != null) {
      Object seen = recent.get(json.json());
      if (seen != null) {
        return type.cast(seen);
      }
    }
    try {
      T value = JSON.readValue(json.json(), type);
      if (recent != null && value != null) {
        recent.put(json.json(), value);
      }
      return value;
    } catch (DatabindException e) {
      throw new PluginConfigException("invalid configuration for " + what + " at "
          + path(e) + ": " + e.getOriginalMessage(), e);
    } catch (JacksonException e) {
      throw new PluginConfigException("configuration for " + what + " is not valid JSON: "
          + e.getOriginalMessage(), e);
    }
  }

  /**
   * Picks the entry for {@code pluginName} from a {@code plugins} map; with a null name, the only
   * entry.
   *
   * @throws PluginConfigException when there is no such entry, or several and no name
   */
  public static RawJson entry(Map<String, RawJson> plugins, String pluginName, String where) {
    if (plugins == null || plugins.isEmpty()) {
      throw new PluginConfigException("no plugin configuration in " + where);
    }
    if (pluginName == null) {
      if (plugins.size() != 1) {
        throw new PluginConfigException("several plugins configured in " + where + " "
            + plugins.keySet() + "; name the one to read");
      }
      return plugins.values().iterator().next();
    }
    RawJson json = plugins.get(pluginName);
    if (json == null) {
      throw new PluginConfigException("no configuration for plugin \"" + pluginName + "\" in "
          + where + " (configured: " + plugins.keySet() + ")");
    }
    return json;
  }

  private static String path(DatabindException e) {
    StringBuilder b = new StringBuilder("$");
    for (var ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        b.append('.').append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        b.append('[').append(ref.getIndex()).append(']');
      }
    }
    return b.toString();
  }
}
