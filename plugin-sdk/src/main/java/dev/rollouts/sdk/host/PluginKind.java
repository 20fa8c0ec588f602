package dev.rollouts.sdk.host;

/** The three kinds of Argo Rollouts plugins, with their handshake values. */
public enum PluginKind {
  METRIC_PROVIDER("metricprovider", "RpcMetricProviderPlugin", "metricProviderPlugins"),
  TRAFFIC_ROUTER("trafficrouter", "RpcTrafficRouterPlugin", "trafficRouterPlugins"),
  STEP("step", "RpcStepPlugin", "stepPlugins");

  private final String cookie;
  private final String dispenseName;
  private final String configMapKey;

  PluginKind(String cookie, String dispenseName, String configMapKey) {
    this.cookie = cookie;
    this.dispenseName = dispenseName;
    this.configMapKey = configMapKey;
  }

  /** The value of {@code ARGO_ROLLOUTS_RPC_PLUGIN}. */
  public String cookie() {
    return cookie;
  }

  /** The name given to {@code Dispenser.Dispense}. */
  public String dispenseName() {
    return dispenseName;
  }

  /** The key of the {@code argo-rollouts-config} ConfigMap listing plugins of this kind. */
  public String configMapKey() {
    return configMapKey;
  }
}
