package dev.rollouts.kit;

import dev.rollouts.sdk.model.IntOrString;
import dev.rollouts.sdk.model.Measurement;
import dev.rollouts.sdk.model.Metric;
import dev.rollouts.sdk.model.MetricResult;
import dev.rollouts.sdk.plugin.GoDuration;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The controller's rules for judging a metric and a run from its measurements (Argo's
 * {@code analysis/analysis.go} and {@code utils/analysis}): failure, inconclusive and
 * consecutive-error limits, count, consecutive-success limit, termination, and which phase is
 * worse. Pure functions over the model records; phases are their wire strings.
 */
public final class AnalysisRules {
  /** A metric may error this many times in a row before it is in phase Error. */
  public static final int DEFAULT_CONSECUTIVE_ERROR_LIMIT = 4;
  /** How soon a measurement that ended in Error is retried, whatever the interval. */
  public static final Duration DEFAULT_ERROR_RETRY_INTERVAL = Duration.ofSeconds(10);

  static final String PENDING = "Pending";
  static final String RUNNING = "Running";
  static final String SUCCESSFUL = "Successful";
  static final String FAILED = "Failed";
  static final String ERROR = "Error";
  static final String INCONCLUSIVE = "Inconclusive";

  /** Best to worst, as Argo orders them to pick a run's phase. */
  private static final List<String> ORDER =
      List.of(SUCCESSFUL, RUNNING, PENDING, INCONCLUSIVE, ERROR, FAILED);

  private AnalysisRules() {}

  /** A limit that was crossed: the phase it leads to and Argo's wording of why. */
  public record Verdict(String phase, String message) {}

  /** True for the phases of a finished measurement, metric or run. */
  public static boolean completed(String phase) {
    return SUCCESSFUL.equals(phase) || FAILED.equals(phase) || ERROR.equals(phase)
        || INCONCLUSIVE.equals(phase);
  }

  /** Kubernetes' {@code IntOrString.IntValue()}: a string that is no integer counts as 0. */
  public static int intValue(IntOrString v) {
    if (v.isInt()) {
      return v.intVal();
    }
    try {
      return Integer.parseInt(v.strVal());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int intOr(IntOrString v, int absent) {
    return v == null ? absent : intValue(v);
  }

  /**
   * How many measurements the metric takes: its count, or 1 when it has neither a count nor an
   * interval; {@code null} when it measures until the run is terminated.
   */
  public static Integer effectiveCount(Metric m) {
    if (m.count() == null || intValue(m.count()) == 0) {
      return m.interval().isEmpty() ? 1 : null;
    }
    return intValue(m.count());
  }

  /** The limit the result crosses, or {@code null} when it crosses none. */
  public static Verdict failureInconclusiveOrError(Metric metric, MetricResult result) {
    Verdict v = null;
    int failureLimit = intOr(metric.failureLimit(), 0);
    if (failureLimit >= 0 && result.failed() > failureLimit) {
      v = new Verdict(FAILED, "failed (" + result.failed() + ") > failureLimit ("
          + failureLimit + ")");
    }
    int inconclusiveLimit = intOr(metric.inconclusiveLimit(), 0);
    if (result.inconclusive() > inconclusiveLimit) {
      v = new Verdict(INCONCLUSIVE, "inconclusive (" + result.inconclusive()
          + ") > inconclusiveLimit (" + inconclusiveLimit + ")");
    }
    int errorLimit = intOr(metric.consecutiveErrorLimit(), DEFAULT_CONSECUTIVE_ERROR_LIMIT);
    if (result.consecutiveError() > errorLimit) {
      v = new Verdict(ERROR, "consecutiveErrors (" + result.consecutiveError()
          + ") > consecutiveErrorLimit (" + errorLimit + ")");
    }
    return v;
  }

  /** The phase of a metric given its result so far, as Argo's {@code assessMetricStatus}. */
  public static String metricPhase(Metric metric, MetricResult result, boolean terminating) {
    if (completed(result.phase())) {
      return result.phase();
    }
    List<Measurement> ms = result.measurements() == null ? List.of() : result.measurements();
    if (ms.isEmpty()) {
      return terminating ? SUCCESSFUL : PENDING;
    }
    if (!completed(ms.getLast().phase())) {
      return RUNNING;
    }
    Verdict limit = failureInconclusiveOrError(metric, result);
    if (limit != null) {
      return limit.phase();
    }
    int successLimit = intOr(metric.consecutiveSuccessLimit(), 0);
    if (successLimit > 0 && result.consecutiveSuccess() >= successLimit) {
      return SUCCESSFUL;
    }
    Integer count = effectiveCount(metric);
    if (count != null && result.count() >= count) {
      boolean failureApplicable = intOr(metric.failureLimit(), 0) >= 0;
      boolean successApplicable = successLimit > 0;
      if (failureApplicable && successApplicable) {
        return INCONCLUSIVE;
      }
      if (successApplicable) {
        return FAILED;
      }
      return SUCCESSFUL;
    }
    return terminating ? SUCCESSFUL : RUNNING;
  }

  /** True when {@code next} is a worse phase than {@code current}; unknown phases rank best. */
  public static boolean isWorse(String current, String next) {
    return Math.max(ORDER.indexOf(next), 0) > Math.max(ORDER.indexOf(current), 0);
  }

  /**
   * Argo's validation of a template's metrics.
   *
   * @return the error text, or {@code null} when the metrics are valid
   */
  public static String validate(List<Metric> metrics) {
    if (metrics == null || metrics.isEmpty()) {
      return "no metrics specified";
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < metrics.size(); i++) {
      Metric m = metrics.get(i);
      if (!names.add(m.name())) {
        return "metrics[" + i + "]: duplicate name '" + m.name() + "'";
      }
      String problem = validate(m);
      if (problem != null) {
        return "metrics[" + i + "]: " + problem;
      }
    }
    return null;
  }

  private static String validate(Metric m) {
    int count = intOr(m.count(), 0);
    int failureLimit = intOr(m.failureLimit(), 0);
    int successLimit = intOr(m.consecutiveSuccessLimit(), 0);
    if (successLimit < 0) {
      return "consecutiveSuccessLimit must be >= 0";
    }
    if (failureLimit < -1) {
      return "failureLimit must be >= 0, or -1 to be disabled";
    }
    if (successLimit == 0 && failureLimit == -1) {
      return "failureLimit and consecutiveSuccessLimit cannot both be disabled";
    }
    if (intOr(m.inconclusiveLimit(), 0) < 0) {
      return "inconclusiveLimit must be >= 0";
    }
    if (m.consecutiveErrorLimit() != null && intValue(m.consecutiveErrorLimit()) < 0) {
      return "consecutiveErrorLimit must be >= 0";
    }
    if (count > 0 && failureLimit >= 0 && count < failureLimit + successLimit) {
      return "count (" + count + ") must be >= failureLimit + consecutiveSuccessLimit ("
          + failureLimit + " + " + successLimit + ") if both >= 0";
    }
    if (count > 0 && failureLimit < 0 && count < successLimit) {
      return "count must be >= consecutiveSuccessLimit";
    }
    if (count > 0 && count < intOr(m.inconclusiveLimit(), 0)) {
      return "count must be >= inconclusiveLimit";
    }
    if (count > 1 && m.interval().isEmpty()) {
      return "interval must be specified when count > 1";
    }
    for (String[] d : new String[][] {{m.interval(), "interval"}, {m.initialDelay(), "startDelay"}}) {
      if (!d[0].isEmpty()) {
        try {
          GoDuration.parse(d[0]);
        } catch (IllegalArgumentException e) {
          return "invalid " + d[1] + " string: " + e.getMessage();
        }
      }
    }
    return null;
  }
}
