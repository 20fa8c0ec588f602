package dev.rollouts.sdk.metric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouts.sdk.host.MetricProviderClient;
import dev.rollouts.sdk.host.PluginHostExtension;
import dev.rollouts.sdk.host.PluginKind;
import dev.rollouts.sdk.model.AnalysisRun;
import dev.rollouts.sdk.model.Measurement;
import dev.rollouts.sdk.model.Metric;
import dev.rollouts.sdk.model.MetricProvider;
import dev.rollouts.sdk.model.ObjectMeta;
import dev.rollouts.sdk.model.RawJson;
import dev.rollouts.sdk.model.TypeMeta;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The metric provider skeleton and runtime policy, through a real plugin process and the Java
 * host's Argo-client semantics.
 */
class MetricProviderServiceTest {
  @RegisterExtension
  static final PluginHostExtension plugin = PluginHostExtension.forMainClass(
      TroublesomeMetric.class, PluginKind.METRIC_PROVIDER, "--call-timeout", "3s",
      "--log-level", "debug");

  private static final AnalysisRun RUN = new AnalysisRun(
      new TypeMeta("AnalysisRun", "argoproj.io/v1alpha1"),
      new ObjectMeta("checkout-7d9f", "", "shop", "", "", "", 0, null, null, null, null, null,
          null, null, null),
      null, null);

  private static Metric metric(String name, String json) {
    MetricProvider provider = new MetricProvider(null, null, null, null, null, null, null, null,
        null, null, null, Map.of("acme/troublesome", RawJson.of(json)));
    return new Metric(name, "", "", null, "", "", null, null, null, provider, null);
  }

  private static MetricProviderClient client() {
    return plugin.host().metricProvider();
  }

  @Test
  void initSucceededAndTypeIsTheClassName() {
    assertThat(plugin.host().initError().errorString()).isEmpty();
    assertThat(client().type()).isEqualTo("TroublesomeMetric");
  }

  @Test
  void anExceptionIsAnErrorMeasurementWithArgosPrefix() {
    Measurement m = client().run(RUN, metric("throws", "{}"));
    assertThat(m.phase()).isEqualTo("Error");
    assertThat(m.message()).isEqualTo("failed to run via plugin: backend said no");
    assertThat(m.finishedAt()).isNotNull();
  }

  @Test
  void aHungCallIsAnErrorAtTheDeadlineAndThePluginKeepsServing() {
    Measurement m = client().run(RUN, metric("hangs", "{}"));
    assertThat(m.phase()).isEqualTo("Error");
    assertThat(m.message()).startsWith("failed to run via plugin: Run did not finish within its"
        + " deadline of 3s");
    assertThat(client().run(RUN, metric("fine", "{}")).value()).isEqualTo("ok");
  }

  @Test
  void aNullMeasurementIsAnError() {
    assertThat(client().run(RUN, metric("null", "{}")).message())
        .isEqualTo("failed to run via plugin: the plugin returned no measurement");
  }

  @Test
  void thePluginReadsItsOwnConfigurationAndReportsAMisfit() {
    assertThat(client().run(RUN, metric("config", "{\"value\":0.25}"))).extracting(Measurement::message, Measurement::value).containsExactly("", "0.25");
    Measurement bad = client().run(RUN, metric("config", "{\"value\":\"high\"}"));
    assertThat(bad.phase()).isEqualTo("Error");
    assertThat(bad.message()).startsWith("failed to run via plugin: invalid configuration for"
        + " metric \"config\" plugin \"acme/troublesome\" at $.value:");
  }

  @Test
  void callsCarryTheAnalysisRunInTheirLogContext() {
    assertThat(client().run(RUN, metric("mdc", "{}")).value()).isEqualTo("checkout-7d9f/mdc");
  }

  @Test
  void metadataAndItsErrorFollowArgosRules() {
    assertThat(client().getMetadata(metric("meta", "{}"))).isEqualTo(Map.of("name", "meta"));
    assertThat(client().getMetadata(metric("throws", "{}")))
        .isEqualTo(Map.of("error", "failed to get metadata via plugin: no metadata for you"));
  }

  @Test
  void resumeAndTerminateDefaultToTheMeasurementGiven() {
    Measurement running = Measurements.running(java.time.Instant.parse("2030-01-01T00:00:00Z"));
    Measurement resumed = client().resume(RUN, metric("x", "{}"), running);
    assertThat(resumed.phase()).isEqualTo("Running");
    assertThat(resumed.resumeAt()).isEqualTo(running.resumeAt());
    assertThat(resumed.startedAt()).isEqualTo(running.startedAt());
    assertThat(client().terminate(RUN, metric("x", "{}"), running)).isEqualTo(running);
  }

  @Test
  void garbageCollectErrorsAreRpcErrors() {
    assertThat(client().garbageCollect(RUN, metric("x", "{}"), 10).errorString()).isEmpty();
    assertThat(client().garbageCollect(RUN, metric("x", "{}"), 0).errorString())
        .isEqualTo("limit 0 refused");
  }
}
