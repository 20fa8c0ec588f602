package dev.rollouts.sdk.host;

import dev.rollouts.sdk.metric.AnalysisPhase;
import dev.rollouts.sdk.metric.Measurements;
import dev.rollouts.sdk.model.AnalysisRun;
import dev.rollouts.sdk.model.GarbageCollectArgs;
import dev.rollouts.sdk.model.GetMetadataArgs;
import dev.rollouts.sdk.model.Measurement;
import dev.rollouts.sdk.model.Metric;
import dev.rollouts.sdk.model.RpcError;
import dev.rollouts.sdk.model.RunArgs;
import dev.rollouts.sdk.model.TerminateAndResumeArgs;
import dev.rollouts.sdk.netrpc.RpcClient;
import dev.rollouts.sdk.plugin.ArgoCalls;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The controller's view of a metric provider plugin: Argo's {@code MetricsPluginRPC}, with the
 * same argument shapes and the same error texts.
 *
 * <p>Thread-safe.
 */
public final class MetricProviderClient {
  private final RpcClient client;

  MetricProviderClient(RpcClient client) {
    this.client = client;
  }

  public RpcError initPlugin() {
    return ArgoClientCalls.initPlugin(client);
  }

  public Measurement run(AnalysisRun analysisRun, Metric metric) {
    return measurement("Run", "run", new RunArgs(analysisRun, metric));
  }

  public Measurement resume(AnalysisRun analysisRun, Metric metric, Measurement measurement) {
    return measurement("Resume", "resume",
        new TerminateAndResumeArgs(analysisRun, metric, measurement));
  }

  public Measurement terminate(AnalysisRun analysisRun, Metric metric, Measurement measurement) {
    return measurement("Terminate", "terminate",
        new TerminateAndResumeArgs(analysisRun, metric, measurement));
  }

  public RpcError garbageCollect(AnalysisRun analysisRun, Metric metric, int limit) {
    return ArgoClientCalls.rpcError(ArgoClientCalls.call(client, "GarbageCollect",
        new GarbageCollectArgs(analysisRun, metric, limit),
        RpcError.class));
  }

  public String type() {
    Object reply = ArgoClientCalls.call(client, "Type", null, String.class);
    return reply instanceof ArgoClientCalls.Failure f ? f.text() : (String) reply;
  }

  /** {@code GetMetadata}, with Argo's prefix on an {@code "error"} entry. */
  @SuppressWarnings("unchecked")
  public Map<String, String> getMetadata(Metric metric) {
    Object reply = ArgoClientCalls.call(client, "GetMetadata", new GetMetadataArgs(metric),
        ArgoCalls.STRING_MAP);
    if (reply instanceof ArgoClientCalls.Failure f) {
      return Map.of("error", f.text());
    }
    Map<String, String> metadata = (Map<String, String>) reply;
    if (metadata != null && !metadata.getOrDefault("error", "").isEmpty()) {
      Map<String, String> copy = new LinkedHashMap<>(metadata);
      copy.put("error", "failed to get metadata via plugin: " + metadata.get("error"));
      return copy;
    }
    return metadata;
  }

  private Measurement measurement(String method, String verb, Object args) {
    Object reply = ArgoClientCalls.call(client, method, args, Measurement.class);
    if (reply instanceof ArgoClientCalls.Failure f) {
      return Measurements.markError(new Measurement("", "", null, null, "", null, null), f.text());
    }
    Measurement m = (Measurement) reply;
    if (AnalysisPhase.ERROR.wire().equals(m.phase())) {
      return new Measurement(m.phase(), "failed to " + verb + " via plugin: " + m.message(),
          m.startedAt(), m.finishedAt(), m.value(), m.metadata(), m.resumeAt());
    }
    return m;
  }
}
