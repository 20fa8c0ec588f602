package dev.rollouts.prometheus.testapp;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;

/**
 * Exposes a fixed set of metrics on {@code 127.0.0.1:<port>/metrics} for the tests that run
 * against a real Prometheus ({@code scripts/prometheus-test-env.sh}). Every value is set once at
 * start and never changes, so a query gives the same answer whenever it runs:
 *
 * <pre>
 * rollouts_test_requests_total{code="200"}  950     success rate 0.95
 * rollouts_test_requests_total{code="500"}   50
 * rollouts_test_value{kind="ratio"}          0.97
 * rollouts_test_value{kind="half"}           0.5
 * rollouts_test_value{kind="latency_ms"}     250
 * rollouts_test_value{kind="nan"}            NaN
 * rollouts_test_value{kind="pos_inf"}        +Inf
 * rollouts_test_value{kind="neg_inf"}        -Inf
 * rollouts_test_latency_seconds              10 observations: 0.05 x4, 0.2 x3, 0.4 x2, 2 x1
 * </pre>
 *
 * <p>Usage: {@code java -jar prometheus-testapp.jar [port]} (0 or none picks a free port); the
 * first line on stdout is {@code listening on 127.0.0.1:<port>}.
 */
public final class TestMetricsApp {
  private TestMetricsApp() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;

    Counter requests = Counter.builder()
        .name("rollouts_test_requests")
        .help("Requests served, by status code (fixed)")
        .labelNames("code")
        .register();
    requests.labelValues("200").inc(950);
    requests.labelValues("500").inc(50);

    Gauge value = Gauge.builder()
        .name("rollouts_test_value")
        .help("Fixed values of each kind a condition may meet")
        .labelNames("kind")
        .register();
    value.labelValues("ratio").set(0.97);
    value.labelValues("half").set(0.5);
    value.labelValues("latency_ms").set(250);
    value.labelValues("nan").set(Double.NaN);
    value.labelValues("pos_inf").set(Double.POSITIVE_INFINITY);
    value.labelValues("neg_inf").set(Double.NEGATIVE_INFINITY);

    Histogram latency = Histogram.builder()
        .name("rollouts_test_latency_seconds")
        .help("Request latency (fixed observations)")
        .classicOnly()
        .classicUpperBounds(0.1, 0.25, 0.5, 1.0)
        .register();
    for (double observation : new double[] {0.05, 0.05, 0.05, 0.05, 0.2, 0.2, 0.2, 0.4, 0.4, 2}) {
      latency.observe(observation);
    }

    HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").port(port).buildAndStart();
    System.out.println("listening on 127.0.0.1:" + server.getPort());
    System.out.flush();
    // The exporter's threads are daemons: keep the JVM up until it is killed.
    Thread.currentThread().join();
  }
}
