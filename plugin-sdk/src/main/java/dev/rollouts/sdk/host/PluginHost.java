package dev.rollouts.sdk.host;

import dev.rollouts.sdk.goplugin.GoPluginClient;
import dev.rollouts.sdk.goplugin.HandshakeConfig;
import dev.rollouts.sdk.goplugin.HclogLine;
import dev.rollouts.sdk.model.RpcError;
import dev.rollouts.sdk.netrpc.RpcClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs a plugin executable exactly as the Argo Rollouts controller does — exec with the
 * controller's environment, handshake, dispense, {@code InitPlugin} — and calls its methods with
 * typed arguments, folding failures into results the way Argo's Go client does. For plugin
 * authors' tests and for tooling.
 *
 * <pre>{@code
 * try (PluginHost host = PluginHost.builder(Path.of("dist/my-metric"), PluginKind.METRIC_PROVIDER)
 *     .start()) {
 *   Measurement m = host.metricProvider().run(analysisRun, metric);
 * }
 * }</pre>
 *
 * <p>Thread-safe: like the controller, call methods from any number of threads.
 */
public final class PluginHost implements AutoCloseable {
  private final GoPluginClient client;
  private final RpcClient plugin;
  private final PluginKind kind;
  private final RpcError initError;

  private PluginHost(GoPluginClient client, RpcClient plugin, PluginKind kind, RpcError initError) {
    this.client = client;
    this.plugin = plugin;
    this.kind = kind;
    this.initError = initError;
  }

  public static Builder builder(Path executable, PluginKind kind) {
    return new Builder(executable, kind);
  }

  public PluginKind kind() {
    return kind;
  }

  /** What {@code InitPlugin} answered (an empty error string when it succeeded). */
  public RpcError initError() {
    return initError;
  }

  /** The go-plugin client underneath (process, session, ping). */
  public GoPluginClient client() {
    return client;
  }

  /** The typed methods of a metric provider. */
  public MetricProviderClient metricProvider() {
    requireKind(PluginKind.METRIC_PROVIDER);
    return new MetricProviderClient(plugin);
  }

  /** The typed methods of a traffic router. */
  public TrafficRouterClient trafficRouter() {
    requireKind(PluginKind.TRAFFIC_ROUTER);
    return new TrafficRouterClient(plugin);
  }

  /** The typed methods of a step plugin. */
  public StepPluginClient stepPlugin() {
    requireKind(PluginKind.STEP);
    return new StepPluginClient(plugin);
  }

  private void requireKind(PluginKind wanted) {
    if (kind != wanted) {
      throw new IllegalStateException("this host runs a " + kind + " plugin, not a " + wanted);
    }
  }

  /** {@code Control.Ping}, as before every use by the controller. */
  public void ping() throws IOException {
    client.ping();
  }

  /** Stops the plugin as the controller does: Quit, then SIGKILL after 2 s. */
  @Override
  public void close() {
    client.kill();
  }

  /** Builds and starts a {@link PluginHost}. */
  public static final class Builder {
    private final Path executable;
    private final PluginKind kind;
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> environment = new java.util.LinkedHashMap<>();
    private Consumer<HclogLine> stderr = line -> {};
    private Duration startTimeout = Duration.ofMinutes(1);

    private Builder(Path executable, PluginKind kind) {
      this.executable = Objects.requireNonNull(executable, "executable");
      this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** The ConfigMap's {@code args}. */
    public Builder args(List<String> arguments) {
      args.addAll(arguments);
      return this;
    }

    public Builder environment(Map<String, String> variables) {
      environment.putAll(variables);
      return this;
    }

    /** Receives the plugin's stderr lines, with the level the controller would log them at. */
    public Builder stderr(Consumer<HclogLine> consumer) {
      this.stderr = consumer;
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /**
     * Starts the plugin, dispenses it and calls {@code InitPlugin} and {@code Control.Ping}, as the
     * controller's first acquisition does.
     *
     * @throws IOException when the plugin cannot be started or connected
     */
    public PluginHost start() throws IOException {
      List<String> command = new ArrayList<>();
      command.add(executable.toAbsolutePath().toString());
      command.addAll(args);
      GoPluginClient client = GoPluginClient.builder(
              new HandshakeConfig(1, "ARGO_ROLLOUTS_RPC_PLUGIN", kind.cookie()), command)
          .environment(environment)
          .stderr(stderr)
          .startTimeout(startTimeout)
          .start();
      try {
        RpcClient plugin = client.dispense(kind.dispenseName());
        RpcError init = ArgoClientCalls.initPlugin(plugin);
        client.ping();
        return new PluginHost(client, plugin, kind, init);
      } catch (IOException | RuntimeException e) {
        client.kill();
        throw e;
      }
    }
  }
}
