package dev.rollouts.sdk.plugin;

/**
 * A plugin's configuration (the JSON a user wrote in an AnalysisTemplate, a Rollout's
 * {@code trafficRouting.plugins} or a plugin step's {@code config}) is missing or does not fit the
 * plugin's configuration record. The message names the plugin and the JSON path.
 */
public final class PluginConfigException extends IllegalArgumentException {
  public PluginConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  public PluginConfigException(String message) {
    super(message);
  }
}
