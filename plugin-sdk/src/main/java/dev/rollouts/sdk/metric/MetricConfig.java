package dev.rollouts.sdk.metric;

import dev.rollouts.sdk.model.Metric;
import dev.rollouts.sdk.model.RawJson;
import dev.rollouts.sdk.plugin.PluginConfig;
import java.util.Map;

/**
 * Reads a metric provider's own configuration: the JSON under
 * {@code provider.plugin["org/name"]} of the metric, with {@code {{args.*}}} already substituted
 * by the controller.
 *
 * <pre>{@code
 * record Config(String address, String query) {}
 * Config config = MetricConfig.read(metric, Config.class);
 * }</pre>
 */
public final class MetricConfig {
  private MetricConfig() {}

  /**
   * The configuration of the metric's plugin (a metric names exactly one).
   *
   * @throws dev.rollouts.sdk.plugin.PluginConfigException when absent or not fitting
   */
  public static <T> T read(Metric metric, Class<T> type) {
    return read(metric, null, type);
  }

  /** The configuration under {@code pluginName}; null picks the only entry. */
  public static <T> T read(Metric metric, String pluginName, Class<T> type) {
    RawJson json = raw(metric, pluginName);
    return PluginConfig.read(json, type, "metric \"" + metric.name() + "\" plugin "
        + pluginKey(metric, pluginName));
  }

  /** The raw JSON of the metric's plugin configuration. */
  public static RawJson raw(Metric metric, String pluginName) {
    var provider = metric.provider();
    Map<String, RawJson> plugins = provider == null ? null : provider.plugin();
    return PluginConfig.entry(plugins, pluginName, "metric \"" + metric.name() + "\"");
  }

  private static String pluginKey(Metric metric, String pluginName) {
    if (pluginName != null) {
      return "\"" + pluginName + "\"";
    }
    return "\"" + metric.provider().plugin().keySet().iterator().next() + "\"";
  }
}
