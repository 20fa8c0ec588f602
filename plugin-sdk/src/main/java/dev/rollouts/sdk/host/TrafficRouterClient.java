package dev.rollouts.sdk.host;

import dev.rollouts.sdk.model.RemoveManagedRoutesArgs;
import dev.rollouts.sdk.model.Rollout;
import dev.rollouts.sdk.model.RpcError;
import dev.rollouts.sdk.model.SetHeaderArgs;
import dev.rollouts.sdk.model.SetHeaderRoute;
import dev.rollouts.sdk.model.SetMirrorArgs;
import dev.rollouts.sdk.model.SetMirrorRoute;
import dev.rollouts.sdk.model.SetWeightAndVerifyWeightArgs;
import dev.rollouts.sdk.model.UpdateHashArgs;
import dev.rollouts.sdk.model.VerifyWeightResponse;
import dev.rollouts.sdk.model.WeightDestination;
import dev.rollouts.sdk.netrpc.RpcClient;
import dev.rollouts.sdk.traffic.Verification;
import java.util.List;

/**
 * The controller's view of a traffic router plugin: Argo's {@code TrafficRouterPluginRPC}. Errors
 * come back as {@link RpcError} values with Argo's texts.
 *
 * <p>Thread-safe.
 */
public final class TrafficRouterClient {
  private final RpcClient client;

  TrafficRouterClient(RpcClient client) {
    this.client = client;
  }

  /** A {@code VerifyWeight} answer. */
  public record VerifyResult(Verification verification, RpcError error) {}

  public RpcError initPlugin() {
    return ArgoClientCalls.initPlugin(client);
  }

  public RpcError updateHash(Rollout rollout, String canaryHash, String stableHash,
      List<WeightDestination> additionalDestinations) {
    return error("UpdateHash", new UpdateHashArgs(rollout, canaryHash, stableHash, additionalDestinations));
  }

  public RpcError setWeight(Rollout rollout, int desiredWeight,
      List<WeightDestination> additionalDestinations) {
    return error("SetWeight", new SetWeightAndVerifyWeightArgs(rollout, desiredWeight, additionalDestinations));
  }

  public RpcError setHeaderRoute(Rollout rollout, SetHeaderRoute route) {
    return error("SetHeaderRoute", new SetHeaderArgs(rollout, route));
  }

  public RpcError setMirrorRoute(Rollout rollout, SetMirrorRoute route) {
    return error("SetMirrorRoute", new SetMirrorArgs(rollout, route));
  }

  public VerifyResult verifyWeight(Rollout rollout, int desiredWeight,
      List<WeightDestination> additionalDestinations) {
    Object reply = ArgoClientCalls.call(client, "VerifyWeight",
        new SetWeightAndVerifyWeightArgs(rollout, desiredWeight, additionalDestinations),
        VerifyWeightResponse.class);
    if (reply instanceof ArgoClientCalls.Failure f) {
      return new VerifyResult(Verification.NOT_VERIFIED, new RpcError(f.text()));
    }
    VerifyWeightResponse r = (VerifyWeightResponse) reply;
    return new VerifyResult(Verification.fromWire(r.verified()),
        r.err() == null ? new RpcError("") : r.err());
  }

  public RpcError removeManagedRoutes(Rollout rollout) {
    return error("RemoveManagedRoutes", new RemoveManagedRoutesArgs(rollout));
  }

  public String type() {
    Object reply = ArgoClientCalls.call(client, "Type", null, String.class);
    return reply instanceof ArgoClientCalls.Failure f ? f.text() : (String) reply;
  }

  private RpcError error(String method, Object args) {
    return ArgoClientCalls.rpcError(
        ArgoClientCalls.call(client, method, args, RpcError.class));
  }
}
