package dev.rollouts.examples.step;

import dev.rollouts.sdk.Plugins;
import dev.rollouts.sdk.model.Rollout;
import dev.rollouts.sdk.plugin.GoDuration;
import dev.rollouts.sdk.step.StepContext;
import dev.rollouts.sdk.step.StepPlugin;
import dev.rollouts.sdk.step.StepResult;
import java.time.Duration;
import java.time.Instant;

/**
 * A step plugin that waits for a while, keeping its progress in the step status the controller
 * persists in the Rollout, so a controller restart does not restart the wait.
 *
 * <pre>{@code
 * steps:
 * - plugin:
 *     name: rollouts-java/sample-step
 *     config:
 *       duration: 30s     # how long to wait
 *       fail: false       # true: end the step in phase Failed (aborts the rollout)
 * }</pre>
 */
public final class WaitStep implements StepPlugin {
  /** The step's configuration. */
  public record Config(String duration, boolean fail) {}

  /** What the step keeps in the Rollout's status between calls. */
  public record Progress(Instant startedAt, int checks) {}

  @Override
  public StepResult run(Rollout rollout, StepContext context) {
    Config config = context.config(Config.class);
    Duration wait = config.duration() == null ? Duration.ZERO : GoDuration.parse(config.duration());
    Progress before = context.status(Progress.class).orElse(new Progress(Instant.now(), 0));
    Progress progress = new Progress(before.startedAt(), before.checks() + 1);
    if (config.fail()) {
      return StepResult.failed("failing as configured").withStatus(progress);
    }
    Duration left = Duration.between(Instant.now(), progress.startedAt().plus(wait));
    if (left.isNegative() || left.isZero()) {
      return StepResult.successful("waited " + GoDuration.format(wait) + " in "
          + progress.checks() + " checks").withStatus(progress);
    }
    // The controller requeues after 30 s when asked for 10 s or less; ask for what is left.
    return StepResult.running(GoDuration.format(left.withNanos(0)) + " left", left)
        .withStatus(progress);
  }

  @Override
  public StepResult terminate(Rollout rollout, StepContext context) {
    return StepResult.successful("wait terminated");
  }

  @Override
  public StepResult abort(Rollout rollout, StepContext context) {
    return StepResult.successful("wait aborted, nothing to undo");
  }

  @Override
  public String type() {
    return "Wait";
  }

  public static void main(String[] args) {
    System.exit(Plugins.serve(args, new WaitStep()));
  }
}
