package dev.rollouts.kit;

import dev.rollouts.sdk.Plugins;
import dev.rollouts.sdk.model.Rollout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code canary}: walks a Rollout's canary steps against its plugins. */
@Command(name = "canary", mixinStandardHelpOptions = true,
    description = "Walks a Rollout's canary steps (setWeight, setHeaderRoute, setMirrorRoute,"
        + " plugin steps, analysis, pause) against its traffic-router, step and metric plugins as"
        + " the controller calls them, showing each step, weight and measurement. Exit 0 when"
        + " promoted, 1 when aborted.")
final class CanaryCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  PluginOptions plugins;

  @Parameters(paramLabel = "ROLLOUT", description = "a Rollout manifest")
  Path rolloutFile;

  @Option(names = {"-t", "--template"}, paramLabel = "FILE",
      description = "AnalysisTemplate manifests the analysis steps name")
  List<Path> templateFiles = new ArrayList<>();

  @Option(names = {"-a", "--arg"}, paramLabel = "NAME=VALUE",
      description = "an analysis argument (for args the Rollout takes from fields or Secrets)")
  Map<String, String> args = new LinkedHashMap<>();

  @Option(names = "--skip-pauses", description = "skip timed pauses")
  boolean skipPauses;

  @Option(names = "--max-pause", paramLabel = "DURATION", defaultValue = "30s",
      converter = Plugins.DurationConverter.class,
      description = "longest wait for a pause or a step plugin's requeue (default: ${DEFAULT-VALUE})")
  Duration maxPause;

  @Option(names = "--error-retry", paramLabel = "DURATION", defaultValue = "10s",
      converter = Plugins.DurationConverter.class,
      description = "how soon a measurement in phase Error is retried (controller: ${DEFAULT-VALUE})")
  Duration errorRetry;

  @Option(names = "--canary-hash", paramLabel = "HASH",
      description = "pod template hash of the canary (default: derived from the pod template)")
  String canaryHash;

  @Option(names = "--stable-hash", paramLabel = "HASH",
      description = "pod template hash of the stable version (default: status.stableRS, else"
          + " 'stable')")
  String stableHash;

  @Override
  public Integer call() throws Exception {
    Rollout rollout = Manifests.rollout(rolloutFile);
    String canary = canaryHash != null ? canaryHash : templateHash(rollout);
    String stable = stableHash != null ? stableHash
        : rollout.status() != null && !rollout.status().stableRS().isEmpty()
            ? rollout.status().stableRS() : "stable";
    CanaryWalk.Options options = new CanaryWalk.Options(canary, stable, skipPauses, maxPause,
        new AnalysisRunner.Options(errorRetry, null), args);
    java.io.PrintWriter out = spec.commandLine().getOut();
    try (PluginPool pool = plugins.pool(out)) {
      boolean promoted = new CanaryWalk(rollout, Manifests.analysisTemplates(templateFiles), pool,
          options, out).walk();
      return promoted ? 0 : Kit.NOT_SUCCESSFUL;
    }
  }

  /** A stand-in for the pod-template-hash: 10 hex digits of the template's JSON. */
  private static String templateHash(Rollout r) throws Exception {
    String json = Manifests.json().writeValueAsString(r.spec().template());
    byte[] d = java.security.MessageDigest.getInstance("SHA-256")
        .digest(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(d).substring(0, 10);
  }
}
