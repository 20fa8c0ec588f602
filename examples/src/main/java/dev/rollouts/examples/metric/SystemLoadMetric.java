package dev.rollouts.examples.metric;

import dev.rollouts.sdk.Plugins;
import dev.rollouts.sdk.metric.AnalysisPhase;
import dev.rollouts.sdk.metric.MetricConfig;
import dev.rollouts.sdk.metric.MetricProvider;
import dev.rollouts.sdk.metric.Measurements;
import dev.rollouts.sdk.model.AnalysisRun;
import dev.rollouts.sdk.model.Measurement;
import dev.rollouts.sdk.model.Metric;
import dev.rollouts.sdk.plugin.GoDuration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * A metric provider that measures this machine's 1-minute load average ({@code /proc/loadavg})
 * and succeeds while it stays at or below a limit.
 *
 * <pre>{@code
 * metrics:
 * - name: load
 *   provider:
 *     plugin:
 *       rollouts-java/sample-metric:
 *         max: 4.0          # Successful while load1 <= 4.0, else Failed
 *         settle: 2s        # optional: answer Running first and measure on Resume after 2 s
 * }</pre>
 *
 * <p>{@code --fail-init} (in the ConfigMap {@code args}) makes {@code InitPlugin} fail, to see how
 * the controller reports it.
 */
public final class SystemLoadMetric implements MetricProvider {
  /** The plugin's configuration in the AnalysisTemplate. */
  public record Config(Double max, String settle) {}

  @Option(names = "--fail-init", description = "make InitPlugin fail (for demonstrations)")
  boolean failInit;

  @Option(names = "--loadavg",
      description = "where to read the load average (default: ${DEFAULT-VALUE})")
  Path loadavg = Path.of("/proc/loadavg");

  @Override
  public void init() {
    if (failInit) {
      throw new IllegalStateException("initialisation refused (--fail-init)");
    }
  }

  @Override
  public Measurement run(AnalysisRun analysisRun, Metric metric) throws IOException {
    Config config = MetricConfig.read(metric, Config.class);
    if (config.settle() != null && !config.settle().isBlank()) {
      Duration settle = GoDuration.parse(config.settle());
      return Measurements.running(Instant.now().plus(settle));
    }
    return measure(config);
  }

  @Override
  public Measurement resume(AnalysisRun analysisRun, Metric metric, Measurement measurement)
      throws IOException {
    if (measurement.resumeAt() != null && Instant.now().isBefore(measurement.resumeAt())) {
      return measurement; // not yet: the controller calls again after resumeAt
    }
    Measurement done = measure(MetricConfig.read(metric, Config.class));
    return new Measurement(done.phase(), done.message(), measurement.startedAt(),
        done.finishedAt(), done.value(), done.metadata(), null);
  }

  @Override
  public Measurement terminate(AnalysisRun analysisRun, Metric metric, Measurement measurement) {
    Instant now = Instant.now();
    return new Measurement(AnalysisPhase.SUCCESSFUL.wire(), "terminated before measuring",
        measurement.startedAt(), now, measurement.value(), measurement.metadata(), null);
  }

  @Override
  public void garbageCollect(AnalysisRun analysisRun, Metric metric, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
  }

  @Override
  public String type() {
    return "SystemLoad";
  }

  @Override
  public Map<String, String> metadata(Metric metric) {
    return Map.of("source", loadavg.toString());
  }

  private Measurement measure(Config config) throws IOException {
    if (config.max() == null) {
      throw new IllegalArgumentException("configuration needs \"max\", the highest acceptable load");
    }
    String first = Files.readString(loadavg).trim().split("\\s+")[0];
    double load = Double.parseDouble(first);
    Measurement m = load <= config.max() ? Measurements.successful(first) : Measurements.failed(first);
    return Measurements.withMetadata(m, Map.of("max", String.valueOf(config.max())));
  }

  public static void main(String[] args) {
    System.exit(Plugins.serve(args, new SystemLoadMetric()));
  }
}
