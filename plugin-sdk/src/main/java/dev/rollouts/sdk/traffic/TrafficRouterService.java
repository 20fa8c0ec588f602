package dev.rollouts.sdk.traffic;

import dev.rollouts.sdk.goplugin.GoPluginServer;
import dev.rollouts.sdk.model.RemoveManagedRoutesArgs;
import dev.rollouts.sdk.model.Rollout;
import dev.rollouts.sdk.model.RpcError;
import dev.rollouts.sdk.model.SetHeaderArgs;
import dev.rollouts.sdk.model.SetMirrorArgs;
import dev.rollouts.sdk.model.SetWeightAndVerifyWeightArgs;
import dev.rollouts.sdk.model.UpdateHashArgs;
import dev.rollouts.sdk.model.VerifyWeightResponse;
import dev.rollouts.sdk.netrpc.CallContext;
import dev.rollouts.sdk.netrpc.RpcService;
import dev.rollouts.sdk.plugin.ArgoCalls;
import dev.rollouts.sdk.plugin.CallGuard;
import dev.rollouts.sdk.plugin.CallGuard.CallResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The net/rpc skeleton of a traffic router: Argo's {@code TrafficRouterRPCServer} in Java. Every
 * failure of the plugin code is answered in-band as an {@code RpcError}.
 */
public final class TrafficRouterService {
  /** The name the controller dispenses ({@code spec/argo-rollouts.md} §1). */
  public static final String DISPENSE_NAME = "RpcTrafficRouterPlugin";
  /** The magic cookie value of traffic router plugins. */
  public static final String COOKIE = "trafficrouter";

  private TrafficRouterService() {}

  /** The {@code Plugin} service serving {@code router} under {@code guard}'s policy. */
  public static RpcService create(TrafficRouter router, CallGuard guard) {
    return RpcService.builder(GoPluginServer.PLUGIN_SERVICE)
        .method("InitPlugin", Object.class, RpcError.class, (CallContext c, Object arg) ->
            guard.call("InitPlugin", Map.of(), () -> {
              router.init();
              return null;
            }, ArgoCalls::rpcError, c::replyNow))
        .method("UpdateHash", Object.class, RpcError.class, (CallContext c, Object arg) -> {
          UpdateHashArgs a = ArgoCalls.expect(arg, UpdateHashArgs.class);
          return guard.call("UpdateHash", context(a.rollout()), () -> {
            router.updateHash(a.rollout(), a.canaryHash(), a.stableHash(),
                a.additionalDestinations());
            return null;
          }, ArgoCalls::rpcError, c::replyNow);
        })
        .method("SetWeight", Object.class, RpcError.class, (CallContext c, Object arg) -> {
          SetWeightAndVerifyWeightArgs a = ArgoCalls.expect(arg, SetWeightAndVerifyWeightArgs.class);
          return guard.call("SetWeight", context(a.rollout()), () -> {
            router.setWeight(a.rollout(), a.desiredWeight(), a.additionalDestinations());
            return null;
          }, ArgoCalls::rpcError, c::replyNow);
        })
        .method("SetHeaderRoute", Object.class, RpcError.class, (CallContext c, Object arg) -> {
          SetHeaderArgs a = ArgoCalls.expect(arg, SetHeaderArgs.class);
          return guard.call("SetHeaderRoute", context(a.rollout()), () -> {
            router.setHeaderRoute(a.rollout(), a.setHeaderRoute());
            return null;
          }, ArgoCalls::rpcError, c::replyNow);
        })
        .method("SetMirrorRoute", Object.class, RpcError.class, (CallContext c, Object arg) -> {
          SetMirrorArgs a = ArgoCalls.expect(arg, SetMirrorArgs.class);
          return guard.call("SetMirrorRoute", context(a.rollout()), () -> {
            router.setMirrorRoute(a.rollout(), a.setMirrorRoute());
            return null;
          }, ArgoCalls::rpcError, c::replyNow);
        })
        .method("VerifyWeight", Object.class, VerifyWeightResponse.class,
            (CallContext c, Object arg) -> {
              SetWeightAndVerifyWeightArgs a =
                  ArgoCalls.expect(arg, SetWeightAndVerifyWeightArgs.class);
              return guard.call("VerifyWeight", context(a.rollout()),
                  () -> router.verifyWeight(a.rollout(), a.desiredWeight(),
                      a.additionalDestinations()),
                  TrafficRouterService::verification, c::replyNow);
            })
        .method("RemoveManagedRoutes", Object.class, RpcError.class,
            (CallContext c, Object arg) -> {
              RemoveManagedRoutesArgs a = ArgoCalls.expect(arg, RemoveManagedRoutesArgs.class);
              return guard.call("RemoveManagedRoutes", context(a.rollout()),
                  () -> {
                    router.removeManagedRoutes(a.rollout());
                    return null;
                  }, ArgoCalls::rpcError, c::replyNow);
            })
        .method("Type", Object.class, String.class, (CallContext c, Object arg) ->
            guard.call("Type", Map.of(), router::type, ArgoCalls::typeName, c::replyNow))
        .build();
  }

  private static VerifyWeightResponse verification(CallResult<Verification> result) {
    return switch (result) {
      case CallResult.Returned<Verification> r -> new VerifyWeightResponse(
          (r.value() == null ? Verification.NOT_IMPLEMENTED : r.value()).wire(), new RpcError(""));
      case CallResult.Failed<Verification> f -> new VerifyWeightResponse(
          Verification.NOT_VERIFIED.wire(), new RpcError(f.message()));
    };
  }

  static Map<String, String> context(Rollout rollout) {
    Map<String, String> mdc = new LinkedHashMap<>();
    if (rollout != null && rollout.metadata() != null) {
      mdc.put("rollout", rollout.metadata().name());
      mdc.put("namespace", rollout.metadata().namespace());
    }
    return mdc;
  }
}
