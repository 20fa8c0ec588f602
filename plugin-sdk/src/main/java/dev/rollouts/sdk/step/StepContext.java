package dev.rollouts.sdk.step;

import dev.rollouts.sdk.model.RawJson;
import dev.rollouts.sdk.model.RpcStepContext;
import dev.rollouts.sdk.plugin.PluginConfig;
import java.util.Optional;

/**
 * The context of one step-plugin call: the plugin's name as the user wrote it, the step's
 * {@code config}, and the status returned by the last persisted {@code run} (absent the first
 * time).
 *
 * @param pluginName the plugin name from the ConfigMap ({@code org/name})
 * @param config the step's {@code plugin.config} JSON, or null
 * @param status the status JSON of the last persisted result, or null
 */
public record StepContext(String pluginName, RawJson config, RawJson status) {
  public static StepContext of(RpcStepContext rpc) {
    return rpc == null ? new StepContext("", null, null)
        : new StepContext(rpc.pluginName(), rpc.config(), rpc.status());
  }

  /**
   * The step's configuration as the plugin's record.
   *
   * @throws dev.rollouts.sdk.plugin.PluginConfigException when absent or not fitting
   */
  public <T> T config(Class<T> type) {
    return PluginConfig.read(config, type, "step plugin \"" + pluginName + "\"");
  }

  /**
   * The persisted status as the plugin's record; empty on the first call.
   *
   * @throws dev.rollouts.sdk.plugin.PluginConfigException when present but not fitting
   */
  public <T> Optional<T> status(Class<T> type) {
    if (status == null || status.json().isBlank() || status.json().equals("null")) {
      return Optional.empty();
    }
    return Optional.of(PluginConfig.read(status, type, "status of step plugin \"" + pluginName
        + "\""));
  }
}
