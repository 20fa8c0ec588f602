package dev.rollouts.kit;

import dev.rollouts.sdk.host.MetricProviderClient;
import dev.rollouts.sdk.host.PluginKind;
import dev.rollouts.sdk.model.AnalysisRun;
import dev.rollouts.sdk.model.Measurement;
import dev.rollouts.sdk.model.Metric;
import java.util.Map;

/**
 * A metric measured by a plugin of the pool: the controller's plugin provider. Metrics of the
 * built-in providers (Prometheus, Job, Web, ...) need a cluster, so the kit reports them as
 * provider errors, as the controller reports an unknown provider.
 */
final class PluginMetricProvider implements AnalysisRunner.Provider {
  private final MetricProviderClient client;

  private PluginMetricProvider(MetricProviderClient client) {
    this.client = client;
  }

  /** The providers of a pool; throws (becoming an Error measurement) for non-plugin metrics. */
  static AnalysisRunner.Providers of(PluginPool pool) {
    return metric -> {
      Map<String, ?> plugin = metric.provider() == null ? null : metric.provider().plugin();
      if (plugin == null || plugin.size() != 1) {
        throw new IllegalArgumentException("metric " + metric.name() + " is not a plugin metric"
            + " with exactly one plugin: the kit runs plugin metrics only");
      }
      String name = plugin.keySet().iterator().next();
      return new PluginMetricProvider(pool.host(PluginKind.METRIC_PROVIDER, name).metricProvider());
    };
  }

  @Override
  public Measurement run(AnalysisRun run, Metric metric) {
    return client.run(run, metric);
  }

  @Override
  public Measurement resume(AnalysisRun run, Metric metric, Measurement measurement) {
    return client.resume(run, metric, measurement);
  }

  @Override
  public Measurement terminate(AnalysisRun run, Metric metric, Measurement measurement) {
    return client.terminate(run, metric, measurement);
  }

  @Override
  public Map<String, String> metadata(Metric metric) {
    return client.getMetadata(metric);
  }
}
