package dev.rollouts.sdk.step;

import dev.rollouts.sdk.model.RawJson;
import dev.rollouts.sdk.model.RpcStepResult;
import dev.rollouts.sdk.plugin.PluginConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * What a step plugin returns: a phase, a message, when to be called again, and a status the
 * controller persists in the Rollout and hands back on the next call.
 *
 * <pre>{@code
 * StepResult.running("3 of 5 regions done", Duration.ofSeconds(30)).withStatus(progress)
 * }</pre>
 *
 * @param phase the step's phase
 * @param message shown in the Rollout's status
 * @param requeueAfter for {@code Running}: when to call {@code run} again (the controller uses
 *     30 s when this is not more than 10 s)
 * @param status JSON persisted in {@code status.canary.stepPluginStatuses[].status}, or null
 */
public record StepResult(StepPhase phase, String message, Duration requeueAfter, RawJson status) {
  public StepResult {
    Objects.requireNonNull(phase, "phase");
    message = message == null ? "" : message;
    requeueAfter = requeueAfter == null ? Duration.ZERO : requeueAfter;
  }

  public static StepResult running(String message, Duration requeueAfter) {
    return new StepResult(StepPhase.RUNNING, message, requeueAfter, null);
  }

  public static StepResult successful(String message) {
    return new StepResult(StepPhase.SUCCESSFUL, message, Duration.ZERO, null);
  }

  /** The step failed: the controller aborts the rollout with this message. */
  public static StepResult failed(String message) {
    return new StepResult(StepPhase.FAILED, message, Duration.ZERO, null);
  }

  /** This result with {@code status} serialised as JSON (a record, a map, ...). */
  public StepResult withStatus(Object status) {
    RawJson json = status == null ? null
        : status instanceof RawJson raw ? raw
        : RawJson.of(PluginConfig.mapper().writeValueAsString(status));
    return new StepResult(phase, message, requeueAfter, json);
  }

  /** The wire form. */
  public RpcStepResult toRpc() {
    return new RpcStepResult(phase.wire(), message, requeueAfter.toNanos(), status);
  }

  /** From the wire form (an empty phase reads as {@code Running}, as the controller keeps it). */
  public static StepResult fromRpc(RpcStepResult r) {
    StepPhase phase = r.phase().isEmpty() ? StepPhase.RUNNING : StepPhase.fromWire(r.phase());
    return new StepResult(phase, r.message(), Duration.ofNanos(r.requeueAfter()), r.status());
  }
}
