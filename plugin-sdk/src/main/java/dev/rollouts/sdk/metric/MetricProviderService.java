package dev.rollouts.sdk.metric;

import dev.rollouts.sdk.goplugin.GoPluginServer;
import dev.rollouts.sdk.model.AnalysisRun;
import dev.rollouts.sdk.model.GarbageCollectArgs;
import dev.rollouts.sdk.model.GetMetadataArgs;
import dev.rollouts.sdk.model.Measurement;
import dev.rollouts.sdk.model.Metric;
import dev.rollouts.sdk.model.RpcError;
import dev.rollouts.sdk.model.RunArgs;
import dev.rollouts.sdk.model.TerminateAndResumeArgs;
import dev.rollouts.sdk.netrpc.CallContext;
import dev.rollouts.sdk.netrpc.RpcService;
import dev.rollouts.sdk.plugin.ArgoCalls;
import dev.rollouts.sdk.plugin.CallGuard;
import dev.rollouts.sdk.plugin.CallGuard.CallResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The net/rpc skeleton of a metric provider: what Argo's {@code MetricsRPCServer} is in Go. Turns
 * each {@code Plugin.*} call into a call of the {@link MetricProvider}, and every failure of the
 * plugin code into the in-band error Argo expects: a measurement in phase {@code Error}, an
 * {@code RpcError}, or an {@code "error"} metadata entry.
 */
public final class MetricProviderService {
  /** The name the controller dispenses ({@code spec/argo-rollouts.md} §1). */
  public static final String DISPENSE_NAME = "RpcMetricProviderPlugin";
  /** The magic cookie value of metric provider plugins. */
  public static final String COOKIE = "metricprovider";

  private MetricProviderService() {}

  /** The {@code Plugin} service serving {@code provider} under {@code guard}'s policy. */
  public static RpcService create(MetricProvider provider, CallGuard guard) {
    return RpcService.builder(GoPluginServer.PLUGIN_SERVICE)
        .method("InitPlugin", Object.class, RpcError.class, (CallContext c, Object arg) ->
            guard.call("InitPlugin", Map.of(), () -> {
              provider.init();
              return null;
            }, ArgoCalls::rpcError, c::replyNow))
        .method("Run", Object.class, Measurement.class, (CallContext c, Object arg) -> {
          RunArgs args = ArgoCalls.expect(arg, RunArgs.class);
          return guard.call("Run", context(args.analysisRun(), args.metric()),
              () -> provider.run(args.analysisRun(), args.metric()),
              r -> measurement(r, null), c::replyNow);
        })
        .method("Resume", Object.class, Measurement.class, (CallContext c, Object arg) -> {
          TerminateAndResumeArgs args = ArgoCalls.expect(arg, TerminateAndResumeArgs.class);
          return guard.call("Resume", context(args.analysisRun(), args.metric()),
              () -> provider.resume(args.analysisRun(), args.metric(), args.measurement()),
              r -> measurement(r, args.measurement()), c::replyNow);
        })
        .method("Terminate", Object.class, Measurement.class, (CallContext c, Object arg) -> {
          TerminateAndResumeArgs args = ArgoCalls.expect(arg, TerminateAndResumeArgs.class);
          return guard.call("Terminate", context(args.analysisRun(), args.metric()),
              () -> provider.terminate(args.analysisRun(), args.metric(), args.measurement()),
              r -> measurement(r, args.measurement()), c::replyNow);
        })
        .method("GarbageCollect", Object.class, RpcError.class, (CallContext c, Object arg) -> {
          GarbageCollectArgs args = ArgoCalls.expect(arg, GarbageCollectArgs.class);
          return guard.call("GarbageCollect",
              context(args.analysisRun(), args.metric()), () -> {
                provider.garbageCollect(args.analysisRun(), args.metric(),
                    Math.toIntExact(args.limit()));
                return null;
              }, ArgoCalls::rpcError, c::replyNow);
        })
        .method("Type", Object.class, String.class, (CallContext c, Object arg) ->
            guard.call("Type", Map.of(), provider::type, ArgoCalls::typeName, c::replyNow))
        .method("GetMetadata", Object.class, ArgoCalls.STRING_MAP, (CallContext c, Object arg) -> {
          GetMetadataArgs args = ArgoCalls.expect(arg, GetMetadataArgs.class);
          return guard.call("GetMetadata", context(null, args.metric()),
              () -> provider.metadata(args.metric()), MetricProviderService::metadata,
              c::replyNow);
        })
        .build();
  }

  private static Map<String, String> metadata(CallResult<Map<String, String>> result) {
    return switch (result) {
      case CallResult.Returned<Map<String, String>> r -> r.value() == null ? Map.of() : r.value();
      case CallResult.Failed<Map<String, String>> f -> Map.of("error", f.message());
    };
  }

  private static Measurement measurement(CallResult<Measurement> result, Measurement previous) {
    return switch (result) {
      case CallResult.Returned<Measurement> r -> r.value() == null
          ? Measurements.error("the plugin returned no measurement")
          : r.value();
      case CallResult.Failed<Measurement> f -> Measurements.markError(previous, f.message());
    };
  }

  private static Map<String, String> context(AnalysisRun run, Metric metric) {
    Map<String, String> mdc = new LinkedHashMap<>();
    if (run != null && run.metadata() != null) {
      mdc.put("analysisrun", run.metadata().name());
      mdc.put("namespace", run.metadata().namespace());
    }
    if (metric != null) {
      mdc.put("metric", metric.name());
    }
    return mdc;
  }
}
