package dev.rollouts.kit;

import dev.rollouts.sdk.host.MetricProviderClient;
import dev.rollouts.sdk.host.PluginHost;
import dev.rollouts.sdk.host.PluginKind;
import dev.rollouts.sdk.host.StepPluginClient;
import dev.rollouts.sdk.host.TrafficRouterClient;
import dev.rollouts.sdk.model.AnalysisRun;
import dev.rollouts.sdk.model.CanaryStep;
import dev.rollouts.sdk.model.Measurement;
import dev.rollouts.sdk.model.Metric;
import dev.rollouts.sdk.model.RawJson;
import dev.rollouts.sdk.model.Rollout;
import dev.rollouts.sdk.model.RpcStepContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code run}: starts one plugin executable as the controller does and calls one method with
 * arguments read from manifests, printing the answer as JSON.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Starts a plugin executable as the controller does (handshake, Dispense,"
        + " InitPlugin, Ping), calls one method with arguments from manifests and prints the"
        + " result as JSON.",
    footer = {"", "Methods: metric: Run Resume Terminate GarbageCollect GetMetadata Type;"
        + " router: UpdateHash SetWeight VerifyWeight SetHeaderRoute SetMirrorRoute"
        + " RemoveManagedRoutes Type; step: Run Terminate Abort Type; all: InitPlugin"})
final class RunCommand implements Callable<Integer> {
  enum Kind {
    metric(PluginKind.METRIC_PROVIDER), router(PluginKind.TRAFFIC_ROUTER), step(PluginKind.STEP);

    final PluginKind kind;

    Kind(PluginKind kind) {
      this.kind = kind;
    }
  }

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PLUGIN", description = "the plugin executable")
  Path executable;

  @Parameters(index = "1", paramLabel = "METHOD", description = "the method to call")
  String method;

  @Option(names = {"-k", "--kind"}, description = "metric, router or step (default: guessed from"
      + " the method and the manifests given)")
  Kind kind;

  @Option(names = "--plugin-arg", paramLabel = "ARG", description = "a ConfigMap arg for the plugin")
  List<String> pluginArgs = new ArrayList<>();

  @Option(names = "--analysis", paramLabel = "FILE",
      description = "metric methods: an AnalysisTemplate or AnalysisRun manifest")
  Path analysisFile;

  @Option(names = "--metric", paramLabel = "NAME",
      description = "metric methods: which metric (default: the first)")
  String metricName;

  @Option(names = {"-a", "--arg"}, paramLabel = "NAME=VALUE", description = "an analysis argument")
  Map<String, String> args = new LinkedHashMap<>();

  @Option(names = "--measurement", paramLabel = "FILE",
      description = "Resume/Terminate: the measurement in progress (YAML); default: a fresh Run")
  Path measurementFile;

  @Option(names = "--limit", defaultValue = "10", description = "GarbageCollect: measurements to keep")
  int limit;

  @Option(names = "--rollout", paramLabel = "FILE", description = "router and step methods: a Rollout")
  Path rolloutFile;

  @Option(names = "--weight", defaultValue = "0", description = "SetWeight/VerifyWeight: the weight")
  int weight;

  @Option(names = "--step", paramLabel = "N", description = "SetHeaderRoute/SetMirrorRoute and step"
      + " methods: the canary step (1-based) whose route or plugin config to use")
  Integer step;

  @Option(names = "--canary-hash", defaultValue = "canary", description = "UpdateHash: canary hash")
  String canaryHash;

  @Option(names = "--stable-hash", defaultValue = "stable", description = "UpdateHash: stable hash")
  String stableHash;

  @Option(names = "--status", paramLabel = "JSON", description = "step methods: the step status JSON")
  String status;

  @Override
  public Integer call() throws Exception {
    Kind k = kind != null ? kind : guessKind();
    Object result;
    try (PluginHost host = PluginHost.builder(executable, k.kind).args(pluginArgs).start()) {
      result = switch (k) {
        case metric -> metric(host.metricProvider());
        case router -> router(host.trafficRouter());
        case step -> step(host.stepPlugin());
      };
    }
    spec.commandLine().getOut().println(
        Manifests.json().writerWithDefaultPrettyPrinter().writeValueAsString(result));
    return 0;
  }

  private Kind guessKind() {
    return switch (method) {
      case "Resume", "GarbageCollect", "GetMetadata" -> Kind.metric;
      case "UpdateHash", "SetWeight", "VerifyWeight", "SetHeaderRoute", "SetMirrorRoute",
          "RemoveManagedRoutes" -> Kind.router;
      case "Abort" -> Kind.step;
      default -> {
        if (analysisFile != null) {
          yield Kind.metric;
        }
        if (rolloutFile != null && step != null) {
          yield Kind.step;
        }
        throw new IllegalArgumentException("cannot tell the plugin kind of " + method
            + "; give --kind metric|router|step");
      }
    };
  }

  private Object metric(MetricProviderClient c) throws Exception {
    if (method.equals("InitPlugin")) {
      return c.initPlugin();
    }
    if (method.equals("Type")) {
      return c.type();
    }
    AnalysisRun run = AnalysisArgs.resolve(Manifests.analysis(require(analysisFile, "--analysis")),
        args);
    Metric m = run.spec().metrics().stream()
        .filter(x -> metricName == null || x.name().equals(metricName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no metric named " + metricName));
    return switch (method) {
      case "Run" -> c.run(run, m);
      case "Resume" -> c.resume(run, m, inProgress(c, run, m));
      case "Terminate" -> c.terminate(run, m, inProgress(c, run, m));
      case "GarbageCollect" -> c.garbageCollect(run, m, limit);
      case "GetMetadata" -> c.getMetadata(m);
      default -> throw unknown();
    };
  }

  private Measurement inProgress(MetricProviderClient c, AnalysisRun run, Metric m)
      throws Exception {
    return measurementFile != null ? Manifests.read(measurementFile, Measurement.class)
        : c.run(run, m);
  }

  private Object router(TrafficRouterClient c) throws Exception {
    if (method.equals("InitPlugin")) {
      return c.initPlugin();
    }
    if (method.equals("Type")) {
      return c.type();
    }
    Rollout r = Manifests.rollout(require(rolloutFile, "--rollout"));
    return switch (method) {
      case "UpdateHash" -> c.updateHash(r, canaryHash, stableHash, List.of());
      case "SetWeight" -> c.setWeight(r, weight, List.of());
      case "VerifyWeight" -> c.verifyWeight(r, weight, List.of());
      case "SetHeaderRoute" -> c.setHeaderRoute(r, canaryStep(r).setHeaderRoute());
      case "SetMirrorRoute" -> c.setMirrorRoute(r, canaryStep(r).setMirrorRoute());
      case "RemoveManagedRoutes" -> c.removeManagedRoutes(r);
      default -> throw unknown();
    };
  }

  private Object step(StepPluginClient c) throws Exception {
    if (method.equals("InitPlugin")) {
      return c.initPlugin();
    }
    if (method.equals("Type")) {
      return c.type();
    }
    Rollout r = Manifests.rollout(require(rolloutFile, "--rollout"));
    CanaryStep s = canaryStep(r);
    if (s.plugin() == null) {
      throw new IllegalArgumentException("step " + step + " is not a plugin step");
    }
    RpcStepContext context = new RpcStepContext(s.plugin().name(), s.plugin().config(),
        status == null ? null : RawJson.of(status));
    return switch (method) {
      case "Run" -> c.run(r, context);
      case "Terminate" -> c.terminate(r, context);
      case "Abort" -> c.abort(r, context);
      default -> throw unknown();
    };
  }

  private CanaryStep canaryStep(Rollout r) {
    List<CanaryStep> steps = r.spec().strategy().canary().steps();
    if (step == null || step < 1 || step > steps.size()) {
      throw new IllegalArgumentException("give --step 1.." + steps.size());
    }
    return steps.get(step - 1);
  }

  private static Path require(Path p, String option) {
    if (p == null) {
      throw new IllegalArgumentException("this method needs " + option);
    }
    return p;
  }

  private IllegalArgumentException unknown() {
    return new IllegalArgumentException("unknown method " + method + " for this kind (see --help)");
  }
}
