package dev.rollouts.sdk.step;

import dev.rollouts.sdk.goplugin.GoPluginServer;
import dev.rollouts.sdk.model.Rollout;
import dev.rollouts.sdk.model.RpcError;
import dev.rollouts.sdk.model.RpcStepContext;
import dev.rollouts.sdk.model.RpcStepResult;
import dev.rollouts.sdk.model.StepAbortArgs;
import dev.rollouts.sdk.model.StepResponse;
import dev.rollouts.sdk.model.StepRunArgs;
import dev.rollouts.sdk.model.StepTerminateArgs;
import dev.rollouts.sdk.netrpc.CallContext;
import dev.rollouts.sdk.netrpc.RpcService;
import dev.rollouts.sdk.plugin.ArgoCalls;
import dev.rollouts.sdk.plugin.CallGuard;
import dev.rollouts.sdk.plugin.CallGuard.CallResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The net/rpc skeleton of a step plugin: Argo's {@code StepRPCServer} in Java. A failure of the
 * plugin code is answered as the response's {@code RpcError}, which the controller records as
 * phase {@code Error}.
 */
public final class StepPluginService {
  /** The name the controller dispenses ({@code spec/argo-rollouts.md} §1). */
  public static final String DISPENSE_NAME = "RpcStepPlugin";
  /** The magic cookie value of step plugins. */
  public static final String COOKIE = "step";

  private StepPluginService() {}

  /** The {@code Plugin} service serving {@code plugin} under {@code guard}'s policy. */
  public static RpcService create(StepPlugin plugin, CallGuard guard) {
    return RpcService.builder(GoPluginServer.PLUGIN_SERVICE)
        .method("InitPlugin", Object.class, RpcError.class, (CallContext c, Object arg) ->
            guard.call("InitPlugin", Map.of(), () -> {
              plugin.init();
              return null;
            }, ArgoCalls::rpcError, c::replyNow))
        .method("Run", Object.class, StepResponse.class, (CallContext c, Object arg) -> {
          StepRunArgs a = ArgoCalls.expect(arg, StepRunArgs.class);
          return respond(c, guard, "Run", a.rollout(), a.context(),
              () -> plugin.run(a.rollout(), StepContext.of(a.context())));
        })
        .method("Terminate", Object.class, StepResponse.class, (CallContext c, Object arg) -> {
          StepTerminateArgs a = ArgoCalls.expect(arg, StepTerminateArgs.class);
          return respond(c, guard, "Terminate", a.rollout(), a.context(),
              () -> plugin.terminate(a.rollout(), StepContext.of(a.context())));
        })
        .method("Abort", Object.class, StepResponse.class, (CallContext c, Object arg) -> {
          StepAbortArgs a = ArgoCalls.expect(arg, StepAbortArgs.class);
          return respond(c, guard, "Abort", a.rollout(), a.context(),
              () -> plugin.abort(a.rollout(), StepContext.of(a.context())));
        })
        .method("Type", Object.class, String.class, (CallContext c, Object arg) ->
            guard.call("Type", Map.of(), plugin::type, ArgoCalls::typeName, c::replyNow))
        .build();
  }

  private static StepResponse respond(CallContext call, CallGuard guard, String method,
      Rollout rollout,
      RpcStepContext context, Callable<StepResult> body) {
    Map<String, String> mdc = new LinkedHashMap<>();
    if (rollout != null && rollout.metadata() != null) {
      mdc.put("rollout", rollout.metadata().name());
      mdc.put("namespace", rollout.metadata().namespace());
    }
    if (context != null) {
      mdc.put("plugin", context.pluginName());
    }
    return guard.call(method, mdc, body, result -> switch (result) {
      case CallResult.Returned<StepResult> r -> r.value() == null
          ? new StepResponse(emptyResult(), new RpcError(method + " returned no result"))
          : new StepResponse(r.value().toRpc(), new RpcError(""));
      case CallResult.Failed<StepResult> f -> new StepResponse(emptyResult(), new RpcError(f.message()));
    }, call::replyNow);
  }

  private static RpcStepResult emptyResult() {
    return new RpcStepResult("", "", 0L, null);
  }
}
