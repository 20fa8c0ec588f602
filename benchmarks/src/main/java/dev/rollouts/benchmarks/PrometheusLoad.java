package dev.rollouts.benchmarks;

import dev.rollouts.sdk.host.MetricProviderClient;
import dev.rollouts.sdk.host.PluginHost;
import dev.rollouts.sdk.host.PluginKind;
import dev.rollouts.sdk.model.AnalysisRun;
import dev.rollouts.sdk.model.Measurement;
import dev.rollouts.sdk.model.Metric;
import dev.rollouts.sdk.model.MetricProvider;
import dev.rollouts.sdk.model.ObjectMeta;
import dev.rollouts.sdk.model.RawJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measurements per second of the plugin executable against a real Prometheus, with N AnalysisRuns
 * measuring concurrently as the controller's workers would, and the plugin process's resident
 * memory (VmRSS, sampled every 100 ms). Reports numbers; asserts nothing.
 *
 * <pre>
 * scripts/prometheus-test-env.sh sh -c 'java -cp benchmarks/target/benchmarks.jar \
 *     dev.rollouts.benchmarks.PrometheusLoad dist/prometheus "$PROMETHEUS_TEST_URL" 20 10'
 * </pre>
 */
public final class PrometheusLoad {
  private PrometheusLoad() {}

  public static void main(String[] args) throws Exception {
    Path plugin = Path.of(args[0]);
    String url = args[1];
    int seconds = Integer.parseInt(args[2]);
    int runs = Integer.parseInt(args[3]);
    String config = "{\"address\":\"" + url + "\",\"query\":\"sum(rollouts_test_requests_total"
        + "{code!~\\\"5.*\\\"}) / sum(rollouts_test_requests_total)\"}";
    Metric metric = new Metric("success-rate", null, null, null, "result[0] >= 0.95", "", null,
        null, null, new MetricProvider(null, null, null, null, null, null, null, null, null, null,
        null, Map.of("rollouts-java/prometheus", RawJson.of(config))), null);
    try (PluginHost host = PluginHost.builder(plugin, PluginKind.METRIC_PROVIDER).start()) {
      MetricProviderClient client = host.metricProvider();
      long pid = host.client().process().pid();
      long idleRss = rssKiB(pid);
      AtomicLong done = new AtomicLong();
      AtomicLong errors = new AtomicLong();
      AtomicLong peak = new AtomicLong(idleRss);
      // Warm-up: 2 s, not counted.
      long warmEnd = System.nanoTime() + 2_000_000_000L;
      long end = warmEnd + seconds * 1_000_000_000L;
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        AnalysisRun run = new AnalysisRun(null, new ObjectMeta("run-" + i, null, "default", null,
            "uid-" + i, null, 0, null, null, null, null, null, null, null, null), null, null);
        threads.add(Thread.ofPlatform().start(() -> {
          while (System.nanoTime() < end) {
            Measurement m = client.run(run, metric);
            if (System.nanoTime() > warmEnd) {
              done.incrementAndGet();
              if (!"Successful".equals(m.phase())) {
                errors.incrementAndGet();
              }
            }
          }
        }));
      }
      while (System.nanoTime() < end) {
        peak.accumulateAndGet(rssKiB(pid), Math::max);
        Thread.sleep(100);
      }
      for (Thread t : threads) {
        t.join();
      }
      System.out.printf("runs=%d seconds=%d measurements=%d (%.0f/s) not-successful=%d"
              + " plugin RSS idle=%d MiB peak=%d MiB end=%d MiB%n", runs, seconds, done.get(),
          done.get() / (double) seconds, errors.get(), idleRss / 1024, peak.get() / 1024,
          rssKiB(pid) / 1024);
    }
  }

  private static long rssKiB(long pid) throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
