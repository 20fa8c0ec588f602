package dev.rollouts.prometheus;

import dev.rollouts.sdk.model.AnalysisRun;
import dev.rollouts.sdk.model.Metric;
import dev.rollouts.sdk.model.MetricProvider;
import dev.rollouts.sdk.model.ObjectMeta;
import dev.rollouts.sdk.model.RawJson;
import dev.rollouts.sdk.plugin.PluginConfig;
import java.util.Map;

/** AnalysisRuns and Metrics whose provider is this plugin with a given configuration. */
final class Fixtures {
  static final String PLUGIN = "rollouts-java/prometheus";

  private Fixtures() {}

  static AnalysisRun analysisRun(String name) {
    return new AnalysisRun(null, new ObjectMeta(name, null, "default", null, "uid-" + name, null,
        0, null, null, null, null, null, null, null, null), null, null);
  }

  /** A metric with the plugin configured by {@code config} (serialised as JSON). */
  static Metric metric(String success, String failure, Map<String, Object> config) {
    String json = PluginConfig.mapper().writeValueAsString(config);
    MetricProvider provider = new MetricProvider(null, null, null, null, null, null, null, null,
        null, null, null, Map.of(PLUGIN, RawJson.of(json)));
    return new Metric("m", null, null, null, success, failure, null, null, null, provider, null);
  }
}
