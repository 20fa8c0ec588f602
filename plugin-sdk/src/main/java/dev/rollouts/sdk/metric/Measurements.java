package dev.rollouts.sdk.metric;

import dev.rollouts.sdk.model.Measurement;
import java.time.Instant;
import java.util.Map;

/**
 * Factories for the measurements a provider returns, stamped with the current time.
 *
 * <pre>{@code
 * return Measurements.successful("0.99");
 * return Measurements.running(Instant.now().plusSeconds(10)); // resume in 10 s
 * }</pre>
 */
public final class Measurements {
  private Measurements() {}

  public static Measurement successful(String value) {
    return completed(AnalysisPhase.SUCCESSFUL, value, "");
  }

  public static Measurement failed(String value) {
    return completed(AnalysisPhase.FAILED, value, "");
  }

  public static Measurement inconclusive(String value) {
    return completed(AnalysisPhase.INCONCLUSIVE, value, "");
  }

  /** A finished measurement in phase {@code Error}; the controller shows {@code message}. */
  public static Measurement error(String message) {
    return completed(AnalysisPhase.ERROR, "", message);
  }

  /** A finished measurement in any completed phase. */
  public static Measurement completed(AnalysisPhase phase, String value, String message) {
    if (!phase.completed()) {
      throw new IllegalArgumentException(phase + " is not a completed phase");
    }
    Instant now = Instant.now();
    return new Measurement(phase.wire(), message, now, now, value, null, null);
  }

  /** A measurement still running; the controller calls {@code Resume} after {@code resumeAt}. */
  public static Measurement running(Instant resumeAt) {
    return new Measurement(AnalysisPhase.RUNNING.wire(), "", Instant.now(), null, "", null,
        resumeAt);
  }

  /** {@code measurement} with metadata added. */
  public static Measurement withMetadata(Measurement m, Map<String, String> metadata) {
    return new Measurement(m.phase(), m.message(), m.startedAt(), m.finishedAt(), m.value(),
        metadata, m.resumeAt());
  }

  /** {@code measurement} marked as an error, as Argo's {@code MarkMeasurementError} does. */
  public static Measurement markError(Measurement m, String message) {
    Measurement base = m == null ? new Measurement("", "", null, null, "", null, null) : m;
    return new Measurement(AnalysisPhase.ERROR.wire(), message, base.startedAt(),
        base.finishedAt() == null ? Instant.now() : base.finishedAt(), base.value(),
        base.metadata(), base.resumeAt());
  }
}
