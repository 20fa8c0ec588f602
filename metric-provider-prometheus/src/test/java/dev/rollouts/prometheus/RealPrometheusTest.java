package dev.rollouts.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouts.sdk.host.MetricProviderClient;
import dev.rollouts.sdk.host.PluginHost;
import dev.rollouts.sdk.model.AnalysisRun;
import dev.rollouts.sdk.model.Measurement;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin executable, driven through the SDK's {@link PluginHost} as the controller drives
 * it, measuring against the real Prometheus of {@code scripts/prometheus-test-env.sh}, which
 * scrapes the fixed metrics of {@code prometheus-testapp}.
 */
class RealPrometheusTest {
  @TempDir static Path dir;
  static PluginHost host;
  static MetricProviderClient plugin;
  static final AnalysisRun RUN = Fixtures.analysisRun("real-prometheus");

  @BeforeAll
  static void start() throws IOException {
    host = TestEnvironment.startPlugin(dir, List.of("--call-timeout", "20s"),
        Map.of(PrometheusMetricProvider.ADDRESS_ENV, TestEnvironment.prometheusUrl()));
    plugin = host.metricProvider();
  }

  @AfterAll
  static void stop() {
    if (host != null) {
      host.close();
    }
  }

  private static Map<String, Object> config(String query) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("address", TestEnvironment.prometheusUrl());
    c.put("query", query);
    return c;
  }

  private static Measurement measure(String query, String success, String failure) {
    return plugin.run(RUN, Fixtures.metric(success, failure, config(query)));
  }

  @Test
  void vectorSuccessFailureInconclusive() {
    String q = "rollouts_test_value{kind=\"ratio\"}";
    Measurement ok = measure(q, "result[0] >= 0.95", "");
    assertThat(ok.phase()).isEqualTo("Successful");
    assertThat(ok.value()).isEqualTo("[0.97]");
    assertThat(ok.message()).isEmpty();
    assertThat(ok.startedAt()).isNotNull();
    assertThat(ok.finishedAt()).isNotNull();
    assertThat(measure(q, "result[0] >= 0.99", "").phase()).isEqualTo("Failed");
    assertThat(measure(q, "", "result[0] < 0.99").phase()).isEqualTo("Failed");
    assertThat(measure(q, "result[0] > 0.99", "result[0] < 0.5").phase())
        .isEqualTo("Inconclusive");
    assertThat(measure(q, "", "").phase()).isEqualTo("Successful");
  }

  @Test
  void argosSuccessRateQuery() {
    Measurement m = measure("sum(rollouts_test_requests_total{code!~\"5.*\"}) /"
        + " sum(rollouts_test_requests_total)", "result[0] >= 0.95", "");
    assertThat(m.phase()).isEqualTo("Successful");
    assertThat(m.value()).isEqualTo("[0.95]");
  }

  @Test
  void scalarsAndSeveralSamples() {
    Measurement scalar = measure("scalar(rollouts_test_value{kind=\"half\"})", "result == 0.5", "");
    assertThat(scalar.phase()).isEqualTo("Successful");
    assertThat(scalar.value()).isEqualTo("0.5");
    Measurement two = measure("sort(rollouts_test_value{kind=~\"ratio|half\"})",
        "all(result, # >= 0.5) && len(result) == 2", "");
    assertThat(two.value()).isEqualTo("[0.5,0.97]");
    assertThat(two.phase()).isEqualTo("Successful");
    Measurement histogram = measure(
        "histogram_quantile(0.5, sum by (le) (rollouts_test_latency_seconds_bucket))",
        "result[0] > 0.1 && result[0] < 0.25", "");
    assertThat(histogram.phase()).isEqualTo("Successful");
  }

  @Test
  void nanAndInfinities() {
    Measurement nan = measure("rollouts_test_value{kind=\"nan\"}", "isNaN(result[0])", "");
    assertThat(nan.value()).isEqualTo("[NaN]");
    assertThat(nan.phase()).isEqualTo("Successful");
    // NaN compares false: a plain threshold fails.
    assertThat(measure("rollouts_test_value{kind=\"nan\"}", "result[0] >= 0.95", "").phase())
        .isEqualTo("Failed");
    Measurement scalarNan = measure("scalar(rollouts_test_value{kind=\"nan\"})", "", "");
    assertThat(scalarNan.value()).isEqualTo("NaN");
    assertThat(measure("rollouts_test_value{kind=\"pos_inf\"}", "isInf(result[0])", "").value())
        .isEqualTo("[+Inf]");
    assertThat(measure("rollouts_test_value{kind=\"neg_inf\"}", "result[0] < 0", "").value())
        .isEqualTo("[-Inf]");
  }

  @Test
  void emptyVector() {
    Measurement empty = measure("rollouts_test_value{kind=\"absent\"}", "len(result) == 0", "");
    assertThat(empty.phase()).isEqualTo("Successful");
    assertThat(empty.value()).isEqualTo("[]");
    Measurement indexed = measure("rollouts_test_value{kind=\"absent\"}", "result[0] >= 0.95", "");
    assertThat(indexed.phase()).isEqualTo("Error");
    assertThat(indexed.value()).isEmpty();
    assertThat(indexed.message()).startsWith("failed to run via plugin: ");
  }

  @Test
  void rangeQuery() {
    Map<String, Object> c = config("rollouts_test_value{kind=\"latency_ms\"}");
    c.put("rangeQuery", Map.of("start", "now() - duration(\"20s\")", "end", "now()",
        "step", "5s"));
    Measurement m = plugin.run(RUN, Fixtures.metric("all(result, # == 250)", "", c));
    assertThat(m.phase()).isEqualTo("Successful");
    assertThat(m.value()).matches("\\[250(,250)*\\]");
    c.put("rangeQuery", Map.of("start", "now() - duration(\"20x\")", "end", "now()",
        "step", "5s"));
    Measurement bad = plugin.run(RUN, Fixtures.metric("", "", c));
    assertThat(bad.phase()).isEqualTo("Error");
    assertThat(bad.message()).startsWith(
        "failed to run via plugin: failed to parse rangeQuery.start as time: ");
  }

  @Test
  void serverErrorsKeepTheBuiltInProvidersMessages() {
    Measurement syntax = measure("foo(", "result[0] > 1", "");
    assertThat(syntax.phase()).isEqualTo("Error");
    assertThat(syntax.message()).isEqualTo("failed to run via plugin: bad_data: invalid"
        + " parameter \"query\": 1:5: parse error: unclosed left parenthesis");
    Measurement string = measure("\"abc\"", "", "");
    assertThat(string.message())
        .isEqualTo("failed to run via plugin: unexpected value type \"string\"");
  }

  @Test
  void addressFromTheEnvironmentAndResolvedQuery() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("query", "vector(1)");
    Measurement m = plugin.run(RUN, Fixtures.metric("result[0] == 1", "", c));
    assertThat(m.phase()).isEqualTo("Successful");
    assertThat(plugin.getMetadata(Fixtures.metric("", "", c)))
        .isEqualTo(Map.of("ResolvedPrometheusQuery", "vector(1)"));
  }

  @Test
  void unreachableServerNamesTheStep() throws IOException {
    int port = TestEnvironment.freePort();
    Map<String, Object> c = config("vector(1)");
    c.put("address", "http://127.0.0.1:" + port);
    Measurement m = plugin.run(RUN, Fixtures.metric("", "", c));
    assertThat(m.phase()).isEqualTo("Error");
    assertThat(m.message()).startsWith("failed to run via plugin: POST \"http://127.0.0.1:"
        + port + "/api/v1/query\": connect to 127.0.0.1:" + port + " failed: ");
    c.put("address", "http://no-such-host.invalid:9090");
    assertThat(plugin.run(RUN, Fixtures.metric("", "", c)).message())
        .contains("DNS lookup of no-such-host.invalid failed");
  }

  @Test
  void hangingServerAnswersWithTheConfigTimeout() throws IOException {
    try (Silent silent = new Silent()) {
      Map<String, Object> c = config("vector(1)");
      c.put("address", "http://127.0.0.1:" + silent.port());
      c.put("timeout", 1);
      Measurement m = plugin.run(RUN, Fixtures.metric("", "", c));
      assertThat(m.phase()).isEqualTo("Error");
      assertThat(m.message()).isEqualTo("failed to run via plugin: POST \"http://127.0.0.1:"
          + silent.port() + "/api/v1/query\": no complete response within the timeout of 1s"
          + " (context deadline exceeded)");
    }
  }

  @Test
  void hangingServerAnswersWithTheCallDeadline(@TempDir Path own) throws IOException {
    try (Silent silent = new Silent();
         PluginHost short_ = TestEnvironment.startPlugin(own, List.of("--call-timeout", "2s"),
             Map.of())) {
      Map<String, Object> c = config("vector(1)");
      c.put("address", "http://127.0.0.1:" + silent.port());
      Measurement m = short_.metricProvider().run(RUN, Fixtures.metric("", "", c));
      assertThat(m.phase()).isEqualTo("Error");
      assertThat(m.message()).contains("Run did not finish within its deadline of 2s");
      // The plugin still answers afterwards.
      c.put("address", TestEnvironment.prometheusUrl());
      assertThat(short_.metricProvider().run(RUN, Fixtures.metric("", "", c)).phase())
          .isEqualTo("Successful");
    }
  }

  @Test
  void configurationErrorsAsTheBuiltInProvider() {
    Map<String, Object> c = config("vector(1)");
    c.put("address", "prometheus:9090");
    assertThat(plugin.run(RUN, Fixtures.metric("", "", c)).message())
        .isEqualTo("failed to run via plugin: prometheus address is not is url format");
    c = config("vector(1)");
    c.put("timeout", -1);
    assertThat(plugin.run(RUN, Fixtures.metric("", "", c)).message())
        .isEqualTo("failed to run via plugin: prometheus timeout should not be negative");
    c = config("vector(1)");
    c.put("authentication", Map.of("oauth2", Map.of("tokenUrl", "http://127.0.0.1:1/token")));
    assertThat(plugin.run(RUN, Fixtures.metric("", "", c)).message())
        .isEqualTo("failed to run via plugin: missing mandatory parameter in metric for OAuth2 setup");
  }

  @Test
  void concurrentMeasurementsShareTheServer() throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    List<Measurement> results = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 10; i++) {
      threads.add(Thread.ofVirtual().start(() -> results.add(
          measure("rollouts_test_value{kind=\"ratio\"}", "result[0] >= 0.95", ""))));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(results).hasSize(10).allSatisfy(m -> assertThat(m.value()).isEqualTo("[0.97]"));
  }

  /** A server that accepts connections and never answers. */
  static final class Silent implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Thread acceptor;

    Silent() throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      acceptor = Thread.ofVirtual().start(() -> {
        try {
          while (true) {
            accepted.add(server.accept());
          }
        } catch (IOException closed) {
          // the test is over
        }
      });
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket s : accepted) {
        s.close();
      }
      acceptor.interrupt();
    }
  }
}
