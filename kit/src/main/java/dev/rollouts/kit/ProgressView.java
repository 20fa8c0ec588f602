package dev.rollouts.kit;

import dev.rollouts.sdk.model.Measurement;
import dev.rollouts.sdk.model.Metric;
import dev.rollouts.sdk.model.MetricResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Prints an analysis as it happens: one line per measurement with the metric's tally, one per
 * metric verdict. Lines, not screen redraws, so the view reads the same in a terminal, a CI log
 * and a pipe.
 */
final class ProgressView implements AnalysisRunner.Listener {
  private final PrintWriter out;
  private final String indent;
  private final Instant start;
  private final int nameWidth;

  /** Times are shown as seconds since {@code start}. */
  ProgressView(PrintWriter out, String indent, int nameWidth, Instant start) {
    this.out = out;
    this.start = start;
    this.indent = indent;
    this.nameWidth = Math.max(nameWidth, 4);
  }

  @Override
  public void measured(Metric metric, MetricResult r, Measurement m) {
    Integer count = AnalysisRules.effectiveCount(metric);
    String value = m.value() == null || m.value().isEmpty() ? "" : " value=" + m.value();
    String message = m.message() == null || m.message().isEmpty() ? "" : " \"" + m.message() + "\"";
    out.printf(Locale.ROOT, "%s%s %-" + nameWidth + "s #%d %-12s%s%s   [count %d%s: ok %d, failed %d,"
            + " inconclusive %d, errors %d (in a row %d)]%n",
        indent, elapsed(), metric.name(), r.measurements().size(), m.phase(), value, message,
        r.count(), count == null ? "" : "/" + count, r.successful(), r.failed(),
        r.inconclusive(), r.error(), r.consecutiveError());
  }

  @Override
  public void metricCompleted(Metric metric, MetricResult r) {
    AnalysisRules.Verdict why = AnalysisRules.failureInconclusiveOrError(metric, r);
    out.printf(Locale.ROOT, "%s%s %-" + nameWidth + "s => %s%s%n", indent, elapsed(),
        metric.name(), r.phase(), why == null ? "" : " (" + why.message() + ")");
  }

  private String elapsed() {
    Duration d = Duration.between(start, Instant.now());
    return String.format(Locale.ROOT, "[%5.1fs]", d.toMillis() / 1000.0);
  }
}
