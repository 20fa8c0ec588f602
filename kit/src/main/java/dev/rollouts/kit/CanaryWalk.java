package dev.rollouts.kit;

import dev.rollouts.sdk.host.PluginKind;
import dev.rollouts.sdk.host.StepPluginClient;
import dev.rollouts.sdk.host.TrafficRouterClient;
import dev.rollouts.sdk.model.AnalysisRun;
import dev.rollouts.sdk.model.AnalysisRunArgument;
import dev.rollouts.sdk.model.AnalysisRunSpec;
import dev.rollouts.sdk.model.AnalysisTemplateRef;
import dev.rollouts.sdk.model.Argument;
import dev.rollouts.sdk.model.CanaryStatus;
import dev.rollouts.sdk.model.CanaryStep;
import dev.rollouts.sdk.model.CanaryStrategy;
import dev.rollouts.sdk.model.Metric;
import dev.rollouts.sdk.model.ObjectMeta;
import dev.rollouts.sdk.model.RawJson;
import dev.rollouts.sdk.model.Rollout;
import dev.rollouts.sdk.model.RolloutAnalysis;
import dev.rollouts.sdk.model.RolloutStatus;
import dev.rollouts.sdk.model.RpcError;
import dev.rollouts.sdk.model.RpcStepContext;
import dev.rollouts.sdk.model.RpcStepResult;
import dev.rollouts.sdk.model.StepPluginStatus;
import dev.rollouts.sdk.model.TrafficWeights;
import dev.rollouts.sdk.model.TypeMeta;
import dev.rollouts.sdk.model.WeightDestination;
import dev.rollouts.sdk.plugin.GoDuration;
import dev.rollouts.sdk.traffic.Verification;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Walks a Rollout's canary steps against its traffic-router and step plugins, in the order the
 * controller calls them: {@code UpdateHash} first, {@code SetWeight} + {@code VerifyWeight} per
 * weight step, {@code SetHeaderRoute}/{@code SetMirrorRoute}, step plugins' {@code Run} until
 * they finish (honouring {@code requeueAfter} and passing their status back), analysis steps
 * through {@link AnalysisRunner}, pauses; then full promotion ({@code SetWeight 100}, the canary
 * becomes stable, {@code SetWeight 0}, {@code RemoveManagedRoutes}), or on a failure the abort
 * ({@code Abort} of the step plugins that ran, {@code SetWeight 0}, {@code RemoveManagedRoutes}).
 *
 * <p>Not thread-safe: one walk, one thread.
 */
final class CanaryWalk {
  /**
   * @param skipPauses skip timed pauses instead of waiting
   * @param maxPause the longest a timed pause or a step plugin's requeue is waited for
   */
  record Options(String canaryHash, String stableHash, boolean skipPauses, Duration maxPause,
      AnalysisRunner.Options analysis, Map<String, String> analysisArgs) {}

  /** Why a walk stopped early. */
  static final class Aborted extends Exception {
    private static final long serialVersionUID = 1L;

    Aborted(String message) {
      super(message);
    }
  }

  private final Rollout origin;
  private final List<CanaryStep> steps;
  private final List<String> routers;
  private final List<AnalysisRun> templates;
  private final PluginPool pool;
  private final Options options;
  private final PrintWriter out;
  private final Instant start = Instant.now();
  private final List<StepPluginStatus> stepStatuses = new ArrayList<>();
  private int stepIndex;
  private int weight;
  private Boolean verified;
  private String stableHash;

  CanaryWalk(Rollout rollout, List<AnalysisRun> templates, PluginPool pool, Options options,
      PrintWriter out) {
    CanaryStrategy canary = rollout.spec() == null || rollout.spec().strategy() == null ? null
        : rollout.spec().strategy().canary();
    if (canary == null) {
      throw new IllegalArgumentException("rollout " + rollout.metadata().name()
          + " has no canary strategy");
    }
    this.origin = rollout;
    this.steps = canary.steps() == null ? List.of() : List.copyOf(canary.steps());
    this.routers = canary.trafficRouting() == null || canary.trafficRouting().plugins() == null
        ? List.of() : List.copyOf(canary.trafficRouting().plugins().keySet());
    this.templates = templates;
    this.pool = pool;
    this.options = options;
    this.out = out;
    this.stableHash = options.stableHash();
  }

  /**
   * Walks every step and promotes; returns true when promoted, false when aborted.
   *
   * @throws IOException when a plugin cannot be started
   */
  boolean walk() throws IOException, InterruptedException {
    say("canary " + origin.metadata().name() + ": " + steps.size() + " steps, traffic "
        + (routers.isEmpty() ? "not routed by a plugin" : "via " + String.join(", ", routers))
        + ", canary hash " + options.canaryHash() + ", stable hash " + options.stableHash());
    try {
      for (String r : routers) {
        check(r, "UpdateHash", router(r).updateHash(rollout(), options.canaryHash(), stableHash,
            List.of()));
      }
      for (stepIndex = 0; stepIndex < steps.size(); stepIndex++) {
        step(steps.get(stepIndex));
      }
      stepIndex = steps.size();
      say("all steps done: promoting");
      if (weight != 100) {
        setWeight(100, "  ");
      }
      stableHash = options.canaryHash();
      for (String r : routers) {
        check(r, "UpdateHash", router(r).updateHash(rollout(), options.canaryHash(), stableHash,
            List.of()));
      }
      setWeight(0, "  ");
      removeRoutes();
      say("promoted: " + options.canaryHash() + " is stable, 100% of traffic");
      return true;
    } catch (Aborted e) {
      say("ABORT at step " + (stepIndex + 1) + ": " + e.getMessage());
      abort();
      say("aborted: " + stableHash + " stays stable, canary weight 0");
      return false;
    }
  }

  private void step(CanaryStep s) throws Aborted, IOException, InterruptedException {
    String at = String.format(Locale.ROOT, "step %d/%d ", stepIndex + 1, steps.size());
    if (s.setWeight() != null) {
      say(at + "setWeight " + s.setWeight());
      setWeight(s.setWeight(), "           ");
    } else if (s.setHeaderRoute() != null) {
      say(at + "setHeaderRoute " + s.setHeaderRoute().name() + " " + describe(s.setHeaderRoute()));
      for (String r : routers) {
        check(r, "SetHeaderRoute", router(r).setHeaderRoute(rollout(), s.setHeaderRoute()));
      }
    } else if (s.setMirrorRoute() != null) {
      say(at + "setMirrorRoute " + s.setMirrorRoute().name() + " " + describe(s.setMirrorRoute()));
      for (String r : routers) {
        check(r, "SetMirrorRoute", router(r).setMirrorRoute(rollout(), s.setMirrorRoute()));
      }
    } else if (s.plugin() != null) {
      say(at + "plugin " + s.plugin().name());
      runStepPlugin(s.plugin().name(), s.plugin().config());
    } else if (s.pause() != null) {
      pause(at, s);
    } else if (s.analysis() != null) {
      analysis(at, s.analysis());
    } else if (s.experiment() != null) {
      say(at + "experiment: not simulated (needs a cluster)");
    } else if (s.setCanaryScale() != null) {
      say(at + "setCanaryScale: not simulated (needs a cluster)");
    } else {
      say(at + "(empty step)");
    }
  }

  private void setWeight(int desired, String indent) throws Aborted {
    weight = desired;
    verified = null;
    for (String r : routers) {
      TrafficRouterClient router = router(r);
      check(r, "SetWeight", router.setWeight(rollout(), desired, List.of()));
      TrafficRouterClient.VerifyResult v = router.verifyWeight(rollout(), desired, List.of());
      check(r, "VerifyWeight", v.error());
      verified = v.verification() == Verification.NOT_IMPLEMENTED ? null
          : v.verification() == Verification.VERIFIED;
      say(indent + "-> canary " + desired + "% / stable " + (100 - desired) + "% ("
          + (verified == null ? "verification not implemented" : verified ? "verified"
          : "NOT verified") + " by " + r + ")");
    }
  }

  private void runStepPlugin(String name, RawJson config)
      throws Aborted, IOException, InterruptedException {
    StepPluginClient plugin = pool.host(PluginKind.STEP, name).stepPlugin();
    Instant startedAt = Instant.now();
    RawJson status = null;
    for (int executions = 1; ; executions++) {
      StepPluginClient.Outcome o = plugin.run(rollout(), new RpcStepContext(name, config, status));
      if (o.error() != null && !o.error().errorString().isEmpty()) {
        throw new Aborted("step plugin " + name + ": " + o.error().errorString());
      }
      RpcStepResult r = o.result();
      status = r.status();
      recordStepStatus(name, "Run", r, startedAt, executions);
      say("           -> " + r.phase() + (r.message().isEmpty() ? "" : ": " + r.message()));
      switch (r.phase()) {
        case "Successful" -> {
          return;
        }
        case "Running" -> {
          Duration requeue = Duration.ofNanos(r.requeueAfter());
          sleep(requeue.isZero() || requeue.isNegative() ? Duration.ofSeconds(1) : requeue);
        }
        default -> throw new Aborted("step plugin " + name + " ended in phase " + r.phase());
      }
    }
  }

  private void recordStepStatus(String name, String operation, RpcStepResult r,
      Instant startedAt, int executions) {
    Instant now = Instant.now();
    StepPluginStatus s = new StepPluginStatus(stepIndex, name, operation, r.phase(), r.message(),
        startedAt, now, r.phase().equals("Running") ? null : now, "", executions, false,
        r.status());
    stepStatuses.removeIf(x -> x.index() == stepIndex && x.operation().equals(operation));
    stepStatuses.add(s);
  }

  private void pause(String at, CanaryStep s) throws InterruptedException {
    if (s.pause().duration() == null) {
      say(at + "pause (indefinite): the controller waits for a promotion; the kit promotes");
      return;
    }
    Duration d = s.pause().duration().isInt()
        ? Duration.ofSeconds(s.pause().duration().intVal())
        : GoDuration.parse(s.pause().duration().strVal());
    if (options.skipPauses()) {
      say(at + "pause " + GoDuration.format(d) + ": skipped (--skip-pauses)");
      return;
    }
    Duration wait = d.compareTo(options.maxPause()) > 0 ? options.maxPause() : d;
    say(at + "pause " + GoDuration.format(d) + (wait.equals(d) ? ""
        : ", shortened to " + GoDuration.format(wait) + " (--max-pause)"));
    Thread.sleep(wait.toMillis());
  }

  private void analysis(String at, RolloutAnalysis a) throws Aborted, InterruptedException {
    List<Metric> metrics = new ArrayList<>();
    List<Argument> args = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (AnalysisTemplateRef ref : a.templates() == null ? List.<AnalysisTemplateRef>of()
        : a.templates()) {
      AnalysisRun t = template(ref.templateName());
      names.add(ref.templateName());
      metrics.addAll(t.spec().metrics());
      if (t.spec().args() != null) {
        for (Argument arg : t.spec().args()) {
          if (args.stream().noneMatch(x -> x.name().equals(arg.name()))) {
            args.add(arg);
          }
        }
      }
    }
    Map<String, String> values = new LinkedHashMap<>(options.analysisArgs());
    for (AnalysisRunArgument arg : a.args() == null ? List.<AnalysisRunArgument>of() : a.args()) {
      if (arg.value() != null) {
        values.put(arg.name(), arg.value());
      } else if (!values.containsKey(arg.name())) {
        throw new Aborted("analysis arg " + arg.name() + " comes from a field or Secret; give it"
            + " with --arg " + arg.name() + "=VALUE");
      }
    }
    String runName = origin.metadata().name() + "-" + options.canaryHash() + "-" + (stepIndex + 1);
    ObjectMeta m = origin.metadata();
    AnalysisRun run = new AnalysisRun(new TypeMeta("AnalysisRun", "argoproj.io/v1alpha1"),
        new ObjectMeta(runName, "", m.namespace(), "", "", "", 0, Instant.now(), null, null,
            Map.of("rollouts-pod-template-hash", options.canaryHash()), null, null, null, null),
        new AnalysisRunSpec(metrics, args, false, null, null, null), null);
    say(at + "analysis " + String.join(", ", names) + " (" + metrics.size() + " metric(s))");
    AnalysisRun done;
    try {
      done = new AnalysisRunner(AnalysisArgs.resolve(run, values),
          PluginMetricProvider.of(pool), AnalysisRunner.Clock.system(), options.analysis(),
          new ProgressView(out, "        ", metrics.stream()
              .mapToInt(x -> x.name().length()).max().orElse(4), start)).run();
    } catch (IllegalArgumentException e) {
      throw new Aborted(e.getMessage());
    }
    String phase = done.status().phase();
    say("           -> analysis " + phase
        + (done.status().message().isEmpty() ? "" : ": " + done.status().message()));
    if (!phase.equals(AnalysisRules.SUCCESSFUL)) {
      throw new Aborted("analysis " + runName + " " + phase
          + (phase.equals(AnalysisRules.INCONCLUSIVE)
              ? " (the controller would pause for a human's judgement)" : ""));
    }
  }

  private AnalysisRun template(String name) throws Aborted {
    for (AnalysisRun t : templates) {
      if (name.equals(t.metadata().name())) {
        return t;
      }
    }
    throw new Aborted("no AnalysisTemplate named '" + name + "' (pass it with --template)");
  }

  private void abort() {
    for (int i = stepStatuses.size() - 1; i >= 0; i--) {
      StepPluginStatus s = stepStatuses.get(i);
      if (!s.operation().equals("Run")) {
        continue;
      }
      try {
        StepPluginClient.Outcome o = pool.host(PluginKind.STEP, s.name()).stepPlugin()
            .abort(rollout(), new RpcStepContext(s.name(), configOf(s.index()), s.status()));
        say("  Abort " + s.name() + " (step " + (s.index() + 1) + ") -> " + o.result().phase()
            + (o.result().message().isEmpty() ? "" : ": " + o.result().message()));
      } catch (IOException e) {
        say("  Abort " + s.name() + " failed: " + e.getMessage());
      }
    }
    try {
      setWeight(0, "  ");
      removeRoutes();
    } catch (Aborted e) {
      say("  " + e.getMessage());
    }
  }

  private RawJson configOf(int index) {
    CanaryStep s = steps.get(index);
    return s.plugin() == null ? null : s.plugin().config();
  }

  private void removeRoutes() throws Aborted {
    for (String r : routers) {
      check(r, "RemoveManagedRoutes", router(r).removeManagedRoutes(rollout()));
    }
  }

  private TrafficRouterClient router(String name) throws Aborted {
    try {
      return pool.host(PluginKind.TRAFFIC_ROUTER, name).trafficRouter();
    } catch (IOException | IllegalArgumentException e) {
      throw new Aborted("traffic router " + name + ": " + e.getMessage());
    }
  }

  private static void check(String plugin, String method, RpcError error) throws Aborted {
    if (error != null && error.errorString() != null && !error.errorString().isEmpty()) {
      throw new Aborted(plugin + " " + method + ": " + error.errorString());
    }
  }

  private void sleep(Duration d) throws InterruptedException {
    Thread.sleep((d.compareTo(options.maxPause()) > 0 ? options.maxPause() : d).toMillis());
  }

  /** The Rollout as the controller would pass it now: step index, weights, step statuses. */
  Rollout rollout() {
    RolloutStatus s = origin.status();
    String service = origin.spec().strategy().canary().canaryService();
    String stableService = origin.spec().strategy().canary().stableService();
    TrafficWeights weights = new TrafficWeights(
        new WeightDestination(weight, service, options.canaryHash()),
        new WeightDestination(100 - weight, stableService, stableHash), List.of(), verified);
    CanaryStatus canary = new CanaryStatus(null, null, "", weights, "", List.copyOf(stepStatuses));
    RolloutStatus status = new RolloutStatus(false, null, false, null, options.canaryHash(), "",
        s == null ? 0 : s.replicas(), 0, 0, 0, stepIndex, null, "", null, canary, null, 0, "",
        stableHash, null, false, stepIndex >= steps.size() ? "Healthy" : "Progressing", "", "",
        null, null);
    return new Rollout(origin.typeMeta(), origin.metadata(), origin.spec(), status);
  }

  private static String describe(Object route) {
    return Manifests.compactJson().writeValueAsString(route);
  }

  private void say(String line) {
    Duration d = Duration.between(start, Instant.now());
    out.printf(Locale.ROOT, "[%5.1fs] %s%n", d.toMillis() / 1000.0, line);
  }
}
