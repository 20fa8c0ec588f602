package dev.rollouts.kit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouts.sdk.plugin.PluginConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code canary} command walking the example Rollout ({@code examples/manifests}) through
 * the example router, step and metric plugins as child processes; the router's state file shows
 * what the plugins were asked to do.
 */
class CanaryCommandTest {
  @TempDir
  static Path dir;
  static Path configMap;
  static final Path MANIFESTS = Path.of("../examples/manifests");

  @BeforeAll
  static void plugins() throws IOException {
    configMap = ExamplePlugins.configMap(dir);
  }

  /** The example Rollout, its router writing to {@code routes}, with {@code edit} applied. */
  private static String rollout(Path routes, String from, String to) throws IOException {
    String yaml = Files.readString(MANIFESTS.resolve("rollout.yaml"))
        .replace("target/demo/routes.json", routes.toString());
    assertThat(yaml).contains(from);
    Path file = Files.createTempFile(dir, "rollout", ".yaml");
    Files.writeString(file, yaml.replace(from, to));
    return file.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> routes(Path file) throws IOException {
    return PluginConfig.mapper().readValue(Files.readString(file), Map.class);
  }

  @Test
  void theExampleCanaryIsPromoted() throws IOException {
    Path routes = dir.resolve("promoted.json");
    KitRun run = KitRun.of("canary", "-c", configMap.toString(), "-t",
        MANIFESTS.resolve("analysis-template.yaml").toString(), "--skip-pauses",
        "--canary-hash", "c0ffee", "--stable-hash", "5ab1e",
        rollout(routes, "duration: 2s\n        - setWeight: 30", "duration: 1s\n        - setWeight: 30"));
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains(
        "step 1/9 setWeight 10", "-> canary 10% / stable 90% (verified",
        "step 2/9 setHeaderRoute canary-testers",
        "step 3/9 plugin rollouts-java/sample-step", "-> Successful: waited 1s",
        "step 5/9 analysis system-load", "load #3 Successful", "-> analysis Successful",
        "step 6/9 setMirrorRoute mirror-gets", "step 8/9 pause 2s: skipped",
        "-> canary 100% / stable 0%", "promoted: c0ffee is stable");
    Map<String, Object> state = routes(routes);
    assertThat(state).containsEntry("canaryWeight", 0).containsEntry("canaryHash", "c0ffee")
        .containsEntry("stableHash", "c0ffee");
    assertThat((Map<?, ?>) state.get("headerRoutes")).isEmpty();
    assertThat((Map<?, ?>) state.get("mirrorRoutes")).isEmpty();
  }

  @Test
  void aFailingStepAbortsAndRoutesEverythingBackToStable() throws IOException {
    Path routes = dir.resolve("aborted.json");
    KitRun run = KitRun.of("canary", "-c", configMap.toString(), "-t",
        MANIFESTS.resolve("analysis-template.yaml").toString(), "--canary-hash", "bad",
        "--stable-hash", "good", rollout(routes, "duration: 2s\n        - setWeight: 30",
            "duration: 2s\n              fail: true\n        - setWeight: 30"));
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(Kit.NOT_SUCCESSFUL);
    assertThat(run.out()).contains("-> Failed: failing as configured",
        "ABORT at step 3: step plugin rollouts-java/sample-step ended in phase Failed",
        "Abort rollouts-java/sample-step (step 3) -> Successful: wait aborted, nothing to undo",
        "aborted: good stays stable");
    assertThat(run.out()).doesNotContain("step 4/9");
    Map<String, Object> state = routes(routes);
    assertThat(state).containsEntry("canaryWeight", 0).containsEntry("stableHash", "good");
    assertThat((Map<?, ?>) state.get("headerRoutes")).isEmpty();
  }

  @Test
  void aFailedAnalysisAbortsTheRollout() throws IOException {
    Path routes = dir.resolve("analysis-failed.json");
    KitRun run = KitRun.of("canary", "-c", configMap.toString(), "-t",
        MANIFESTS.resolve("analysis-template.yaml").toString(), "--skip-pauses",
        rollout(routes, "value: \"1000\"", "value: \"-1\""));
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(Kit.NOT_SUCCESSFUL);
    assertThat(run.out()).contains("load #2 Failed", "load => Failed",
        "-> analysis Failed: Metric \"load\" assessed Failed due to failed (2) > failureLimit (1)",
        "ABORT at step 5");
    assertThat(routes(routes)).containsEntry("canaryWeight", 0);
  }
}
