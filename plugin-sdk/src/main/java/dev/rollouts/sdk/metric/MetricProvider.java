package dev.rollouts.sdk.metric;

import dev.rollouts.sdk.model.AnalysisRun;
import dev.rollouts.sdk.model.Measurement;
import dev.rollouts.sdk.model.Metric;
import java.util.Map;

/**
 * A metric provider plugin: the Java form of Argo Rollouts' {@code RpcMetricProvider}. Only
 * {@link #run} is required; the other methods have the defaults a synchronous provider wants.
 *
 * <pre>{@code
 * public final class HealthzMetric implements MetricProvider {
 *   record Config(String url) {}
 *
 *   @Override
 *   public Measurement run(AnalysisRun run, Metric metric) throws Exception {
 *     Config config = MetricConfig.read(metric, Config.class);
 *     int status = probe(config.url());
 *     return status == 200 ? Measurements.successful("200") : Measurements.failed("" + status);
 *   }
 *
 *   public static void main(String[] args) {
 *     System.exit(Plugins.serve(args, new HealthzMetric()));
 *   }
 * }
 * }</pre>
 *
 * <p>Methods are called concurrently (the controller measures the metrics of an AnalysisRun in
 * parallel), each under the SDK's per-call deadline; an exception becomes a measurement in
 * phase {@code Error} whose message is the exception's message.
 */
public interface MetricProvider {
  /** {@code InitPlugin}: called once per process before any other method; throw to fail it. */
  default void init() throws Exception {}

  /**
   * {@code Run}: starts a measurement. Return a completed measurement (phase Successful, Failed,
   * Inconclusive or Error) or one still running ({@code finishedAt} null, optionally
   * {@code resumeAt}), which the controller then passes to {@link #resume}.
   */
  Measurement run(AnalysisRun analysisRun, Metric metric) throws Exception;

  /** {@code Resume}: checks a running measurement. Default: returns it unchanged. */
  default Measurement resume(AnalysisRun analysisRun, Metric metric, Measurement measurement)
      throws Exception {
    return measurement;
  }

  /** {@code Terminate}: stops a running measurement. Default: returns it unchanged. */
  default Measurement terminate(AnalysisRun analysisRun, Metric metric, Measurement measurement)
      throws Exception {
    return measurement;
  }

  /** {@code GarbageCollect}: forget all but {@code limit} measurements. Default: nothing to do. */
  default void garbageCollect(AnalysisRun analysisRun, Metric metric, int limit) throws Exception {}

  /** {@code Type}: the provider type shown in logs. Default: the class's simple name. */
  default String type() {
    return getClass().getSimpleName();
  }

  /**
   * {@code GetMetadata}: extra data stored with the metric result (e.g. the resolved query).
   * Default: none.
   */
  default Map<String, String> metadata(Metric metric) throws Exception {
    return Map.of();
  }
}
