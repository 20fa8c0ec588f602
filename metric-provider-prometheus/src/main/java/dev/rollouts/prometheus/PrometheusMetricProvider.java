package dev.rollouts.prometheus;

import dev.rollouts.prometheus.expr.ConditionEvaluator;
import dev.rollouts.prometheus.expr.Outcome;
import dev.rollouts.prometheus.expr.Phase;
import dev.rollouts.sdk.Plugins;
import dev.rollouts.sdk.metric.AnalysisPhase;
import dev.rollouts.sdk.metric.MetricConfig;
import dev.rollouts.sdk.metric.MetricProvider;
import dev.rollouts.sdk.model.AnalysisRun;
import dev.rollouts.sdk.model.Measurement;
import dev.rollouts.sdk.model.Metric;
import dev.rollouts.sdk.plugin.PluginConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A drop-in for Argo Rollouts' built-in Prometheus provider as a metric provider plugin: the
 * same configuration (under {@code provider.plugin["<name>"]}), the same values, phases and
 * messages, plus TLS client certificates and CA bundles, bearer token files, basic
 * authentication and errors that name the failing step.
 *
 * <pre>{@code
 * provider:
 *   plugin:
 *     rollouts-java/prometheus:
 *       address: http://prometheus.example.com:9090
 *       query: sum(rate(http_requests_total{code!~"5.."}[5m])) / sum(rate(http_requests_total[5m]))
 * }</pre>
 *
 * <p>Thread-safe: the controller measures concurrently; clients are pooled per configuration.
 */
public final class PrometheusMetricProvider implements MetricProvider {
  /** The metadata key of the resolved query, as the built-in provider names it. */
  public static final String RESOLVED_QUERY = "ResolvedPrometheusQuery";
  /** The fallback for an empty {@code address}. */
  public static final String ADDRESS_ENV = "ARGO_ROLLOUTS_PROMETHEUS_ADDRESS";
  /** The built-in provider's default query timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger("prometheus");

  private final ConditionEvaluator evaluator = new ConditionEvaluator();
  /**
   * Made on the first measurement, not in the constructor: okhttp (and the Kotlin runtime under
   * it) would otherwise load before the go-plugin handshake, and the controller waits for that
   * handshake holding its plugin lock.
   */
  private volatile ClientPool clients;
  private final Map<String, String> env;
  private final Clock clock;

  /** The provider as the plugin executable runs it: process environment, system clock. */
  public PrometheusMetricProvider() {
    this(System.getenv(), Clock.systemUTC());
  }

  PrometheusMetricProvider(Map<String, String> env, Clock clock) {
    this.env = Map.copyOf(env);
    this.clock = clock;
  }

  private ClientPool clients() {
    ClientPool pool = clients;
    if (pool == null) {
      synchronized (this) { // once per process, no blocking work inside
        pool = clients;
        if (pool == null) {
          pool = new ClientPool(env, clock);
          clients = pool;
        }
      }
    }
    return pool;
  }

  @Override
  public Measurement run(AnalysisRun analysisRun, Metric metric) {
    Instant started = clock.instant();
    PrometheusConfig config;
    try {
      config = MetricConfig.read(metric, PrometheusConfig.class);
    } catch (PluginConfigException e) {
      return error(started, e.getMessage());
    }
    String address = config.address();
    if (!address.isEmpty()) {
      if (!isUrl(address)) {
        return error(started, "prometheus address is not is url format");
      }
    } else {
      address = env.getOrDefault(ADDRESS_ENV, "");
      if (address.isEmpty()) {
        return error(started, "prometheus address is not configured");
      }
      if (!isUrl(address)) {
        return error(started, "prometheus address is not is url format");
      }
    }
    String scheme = URI.create(address).getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return error(started, "Post \"" + address + "\": unsupported protocol scheme \"" + scheme
          + "\"");
    }
    PrometheusClient client;
    try {
      client = clients().client(ClientSettings.of(address, config));
    } catch (IllegalArgumentException e) {
      return error(started, e.getMessage());
    }
    if (config.timeout() != null && config.timeout() < 0) {
      return error(started, "prometheus timeout should not be negative");
    }
    Duration timeout = config.timeout() == null ? DEFAULT_TIMEOUT
        : Duration.ofSeconds(config.timeout());

    QueryResult result;
    try {
      result = execute(client, config, timeout);
    } catch (IllegalArgumentException e) {
      return error(started, e.getMessage());
    } catch (PrometheusException e) {
      return error(started, e.getMessage());
    }
    Outcome outcome = evaluator.evaluate(result.conditionInput(), metric.successCondition(),
        metric.failureCondition());
    if (outcome.phase() == Phase.ERROR) {
      return error(started, outcome.error());
    }
    Map<String, String> metadata = null;
    if (!result.warnings().isEmpty()) {
      metadata = Map.of("warnings", result.warningsMetadata());
      log.warn("Prometheus returned the following warnings: {}", result.warningsMetadata());
    }
    return new Measurement(outcome.phase().argoName(), "", started, clock.instant(),
        result.measurementValue(), metadata, null);
  }

  private QueryResult execute(PrometheusClient client, PrometheusConfig config, Duration timeout)
      throws PrometheusException {
    PrometheusConfig.RangeQuery range = config.rangeQuery();
    if (range == null) {
      return client.query(config.query(), clock.instant(), timeout);
    }
    Instant now = clock.instant();
    Instant start;
    Instant end;
    Duration step;
    try {
      start = TimeExpression.evaluate(range.start(), now);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("failed to parse rangeQuery.start as time: "
          + e.getMessage(), e);
    }
    try {
      end = TimeExpression.evaluate(range.end(), now);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("failed to parse rangeQuery.end as time: "
          + e.getMessage(), e);
    }
    try {
      step = GoDurations.parse(range.step());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("failed to parse rangeQuery.step as duration: "
          + e.getMessage(), e);
    }
    return client.queryRange(config.query(), start, end, step, timeout);
  }

  // Go's IsUrl: url.Parse succeeds with a scheme and a host.
  private static boolean isUrl(String s) {
    try {
      URI uri = new URI(s);
      return uri.getScheme() != null && uri.getRawAuthority() != null
          && !uri.getRawAuthority().isEmpty();
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private Measurement error(Instant started, String message) {
    return new Measurement(AnalysisPhase.ERROR.wire(), message, started, clock.instant(), "",
        null, null);
  }

  /** The built-in provider has no Resume work: the measurement is returned unchanged. */
  @Override
  public Measurement resume(AnalysisRun analysisRun, Metric metric, Measurement measurement) {
    log.warn("Prometheus provider should not execute the Resume method");
    return measurement;
  }

  @Override
  public Measurement terminate(AnalysisRun analysisRun, Metric metric, Measurement measurement) {
    log.warn("Prometheus provider should not execute the Terminate method");
    return measurement;
  }

  @Override
  public String type() {
    return "Prometheus";
  }

  /** {@code ResolvedPrometheusQuery}: the query after the controller substituted the args. */
  @Override
  public Map<String, String> metadata(Metric metric) {
    PrometheusConfig config = MetricConfig.read(metric, PrometheusConfig.class);
    return config.query().isEmpty() ? Map.of() : Map.of(RESOLVED_QUERY, config.query());
  }

  /** The plugin executable. */
  public static void main(String[] args) {
    System.exit(Plugins.serve(args, new PrometheusMetricProvider()));
  }
}
