package dev.rollouts.sdk.metric;

import dev.rollouts.sdk.Plugins;
import dev.rollouts.sdk.model.AnalysisRun;
import dev.rollouts.sdk.model.Measurement;
import dev.rollouts.sdk.model.Metric;
import java.time.Duration;
import java.util.Map;

/**
 * A metric provider whose behaviour the metric's name picks: the cases the SDK's runtime policy
 * must turn into in-band errors without losing the process.
 */
public final class TroublesomeMetric implements MetricProvider {
  record Config(double value) {}

  @Override
  public Measurement run(AnalysisRun analysisRun, Metric metric) throws Exception {
    return switch (metric.name()) {
      case "throws" -> throw new IllegalStateException("backend said no");
      case "hangs" -> {
        Thread.sleep(Duration.ofMinutes(10));
        yield Measurements.successful("never");
      }
      case "null" -> null;
      case "config" -> Measurements.successful(
          String.valueOf(MetricConfig.read(metric, Config.class).value()));
      case "mdc" -> Measurements.successful(org.slf4j.MDC.get("analysisrun") + "/"
          + org.slf4j.MDC.get("metric"));
      default -> Measurements.successful("ok");
    };
  }

  @Override
  public Map<String, String> metadata(Metric metric) {
    if (metric.name().equals("throws")) {
      throw new IllegalArgumentException("no metadata for you");
    }
    return Map.of("name", metric.name());
  }

  @Override
  public void garbageCollect(AnalysisRun analysisRun, Metric metric, int limit) {
    if (limit == 0) {
      throw new IllegalArgumentException("limit 0 refused");
    }
  }

  public static void main(String[] args) {
    System.exit(Plugins.serve(args, new TroublesomeMetric()));
  }
}
