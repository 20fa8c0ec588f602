package dev.rollouts.sdk.host;

import dev.rollouts.sdk.model.Rollout;
import dev.rollouts.sdk.model.RpcError;
import dev.rollouts.sdk.model.RpcStepContext;
import dev.rollouts.sdk.model.RpcStepResult;
import dev.rollouts.sdk.model.StepAbortArgs;
import dev.rollouts.sdk.model.StepResponse;
import dev.rollouts.sdk.model.StepRunArgs;
import dev.rollouts.sdk.model.StepTerminateArgs;
import dev.rollouts.sdk.netrpc.RpcClient;

/**
 * The controller's view of a step plugin: Argo's {@code StepPluginRPC}.
 *
 * <p>Thread-safe.
 */
public final class StepPluginClient {
  private final RpcClient client;

  StepPluginClient(RpcClient client) {
    this.client = client;
  }

  /** A step call's answer: the result and the error, as Argo's client returns them. */
  public record Outcome(RpcStepResult result, RpcError error) {}

  public RpcError initPlugin() {
    return ArgoClientCalls.initPlugin(client);
  }

  public Outcome run(Rollout rollout, RpcStepContext context) {
    return call("Run", new StepRunArgs(rollout, context));
  }

  public Outcome terminate(Rollout rollout, RpcStepContext context) {
    return call("Terminate", new StepTerminateArgs(rollout, context));
  }

  public Outcome abort(Rollout rollout, RpcStepContext context) {
    return call("Abort", new StepAbortArgs(rollout, context));
  }

  public String type() {
    Object reply = ArgoClientCalls.call(client, "Type", null, String.class);
    return reply instanceof ArgoClientCalls.Failure f ? f.text() : (String) reply;
  }

  private Outcome call(String method, Object args) {
    Object reply = ArgoClientCalls.call(client, method, args, StepResponse.class);
    if (reply instanceof ArgoClientCalls.Failure f) {
      return new Outcome(new RpcStepResult("", "", 0L, null), new RpcError(f.text()));
    }
    StepResponse r = (StepResponse) reply;
    return new Outcome(r.result(), r.error() == null ? new RpcError("") : r.error());
  }
}
