package dev.rollouts.sdk.traffic;

import dev.rollouts.sdk.model.RawJson;
import dev.rollouts.sdk.model.Rollout;
import dev.rollouts.sdk.plugin.PluginConfig;
import java.util.Map;

/**
 * Reads a traffic router's own configuration: the JSON under
 * {@code spec.strategy.canary.trafficRouting.plugins["org/name"]} of the Rollout. A Rollout may
 * list several router plugins, so the plugin's configured name is needed (hard-code it or take
 * it from the ConfigMap {@code args}).
 *
 * <pre>{@code
 * record Config(String httpRoute, String namespace) {}
 * Config config = RouterConfig.read(rollout, "acme/gateway", Config.class);
 * }</pre>
 */
public final class RouterConfig {
  private RouterConfig() {}

  /**
   * @throws dev.rollouts.sdk.plugin.PluginConfigException when absent or not fitting
   */
  public static <T> T read(Rollout rollout, String pluginName, Class<T> type) {
    return PluginConfig.read(raw(rollout, pluginName), type,
        "traffic router \"" + pluginName + "\" of rollout " + name(rollout));
  }

  /** The raw JSON; with a null name, the only configured router plugin's. */
  public static RawJson raw(Rollout rollout, String pluginName) {
    Map<String, RawJson> plugins = null;
    var spec = rollout.spec();
    if (spec != null && spec.strategy() != null && spec.strategy().canary() != null
        && spec.strategy().canary().trafficRouting() != null) {
      plugins = spec.strategy().canary().trafficRouting().plugins();
    }
    return PluginConfig.entry(plugins, pluginName,
        "spec.strategy.canary.trafficRouting.plugins of rollout " + name(rollout));
  }

  private static String name(Rollout rollout) {
    var meta = rollout.metadata();
    return meta == null ? "?" : meta.namespace() + "/" + meta.name();
  }
}
