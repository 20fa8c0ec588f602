package dev.rollouts.sdk.step;

import dev.rollouts.sdk.model.Rollout;

/**
 * A step plugin (Argo Rollouts ≥ 1.8): the Java form of {@code RpcStep}. Only {@link #run} is
 * required.
 *
 * <pre>{@code
 * public final class WaitStep implements StepPlugin {
 *   record Config(int seconds) {}
 *   record Progress(Instant startedAt) {}
 *
 *   @Override
 *   public StepResult run(Rollout rollout, StepContext context) {
 *     Config config = context.config(Config.class);
 *     Progress progress = context.status(Progress.class)
 *         .orElse(new Progress(Instant.now()));
 *     Instant done = progress.startedAt().plusSeconds(config.seconds());
 *     return Instant.now().isBefore(done)
 *         ? StepResult.running("waiting", Duration.ofSeconds(15)).withStatus(progress)
 *         : StepResult.successful("waited " + config.seconds() + "s");
 *   }
 * }
 * }</pre>
 *
 * <p>The controller calls {@code run} again while the result is {@code Running}, handing back the
 * status returned last ({@link StepContext#status}). An exception becomes the step's {@code Error}
 * phase with the exception's message; the controller retries {@code run} after 30 s.
 */
public interface StepPlugin {
  /** {@code InitPlugin}: called once per process before any other method; throw to fail it. */
  default void init() throws Exception {}

  /** {@code Run}: execute (or check on) the step. */
  StepResult run(Rollout rollout, StepContext context) throws Exception;

  /**
   * {@code Terminate}: the rollout was promoted while the step was running; stop what it started.
   * Default: nothing to stop.
   */
  default StepResult terminate(Rollout rollout, StepContext context) throws Exception {
    return StepResult.successful("");
  }

  /** {@code Abort}: the rollout was aborted; undo what {@code run} did. Default: nothing to undo. */
  default StepResult abort(Rollout rollout, StepContext context) throws Exception {
    return StepResult.successful("");
  }

  /** {@code Type}: the step type shown in logs. Default: the class's simple name. */
  default String type() {
    return getClass().getSimpleName();
  }
}
