package dev.rollouts.kit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouts.sdk.model.AnalysisRun;
import dev.rollouts.sdk.model.MetricResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code analysis} command against the example metric plugin, run as a child process: the
 * plugin measures the load average read from a file this test writes, so every outcome is
 * decided by the template's limits, not by the machine.
 */
class AnalysisCommandTest {
  @TempDir
  static Path dir;
  static Path configMap;
  static Path loadavg;

  @BeforeAll
  static void plugins() throws IOException {
    configMap = ExamplePlugins.configMap(dir);
    loadavg = dir.resolve("loadavg");
    Files.writeString(loadavg, "0.50 0.40 0.30 1/100 4242\n");
    // the metric plugin reads the test's file, through its ConfigMap args
    String cm = Files.readString(configMap).replace(
        "sample-metric\"\n", "sample-metric\"\n      args: [\"--loadavg\", \"" + loadavg + "\"]\n");
    Files.writeString(configMap, cm);
  }

  private static Path template(String metrics) throws IOException {
    Path t = Files.createTempFile(dir, "template", ".yaml");
    Files.writeString(t, """
        apiVersion: argoproj.io/v1alpha1
        kind: AnalysisTemplate
        metadata:
          name: t
        spec:
          args:
            - name: max
        """ + metrics);
    return t;
  }

  private static AnalysisRun json(KitRun run) {
    return Manifests.json().readValue(run.out(), AnalysisRun.class);
  }

  @Test
  void countOfSuccessesSucceeds() throws IOException {
    Path t = template("""
          metrics:
            - name: load
              interval: 100ms
              count: 3
              provider:
                plugin:
                  rollouts-java/sample-metric:
                    max: "{{args.max}}"
        """);
    KitRun run = KitRun.of("analysis", "--json", "-c", configMap.toString(), "--arg", "max=1.5",
        t.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    MetricResult r = json(run).status().metricResults().getFirst();
    assertThat(json(run).status().phase()).isEqualTo("Successful");
    assertThat(r.measurements()).hasSize(3).allSatisfy(m -> {
      assertThat(m.phase()).isEqualTo("Successful");
      assertThat(m.value()).isEqualTo("0.50");
    });
    assertThat(r.metadata()).containsEntry("source", loadavg.toString());
    assertThat(run.err()).contains("load #1 Successful", "load #3 Successful", "load => Successful");
  }

  @Test
  void failuresBeyondTheLimitFailTheRunEarly() throws IOException {
    Path t = template("""
          metrics:
            - name: load
              interval: 100ms
              count: 5
              failureLimit: 1
              provider:
                plugin:
                  rollouts-java/sample-metric:
                    max: "{{args.max}}"
        """);
    KitRun run = KitRun.of("analysis", "--json", "-c", configMap.toString(), "--arg", "max=0.1",
        t.toString());
    assertThat(run.exitCode()).isEqualTo(Kit.NOT_SUCCESSFUL);
    AnalysisRun done = json(run);
    assertThat(done.status().phase()).isEqualTo("Failed");
    assertThat(done.status().message())
        .isEqualTo("Metric \"load\" assessed Failed due to failed (2) > failureLimit (1)");
    assertThat(done.status().metricResults().getFirst().measurements()).hasSize(2);
  }

  @Test
  void consecutiveErrorsEndInError() throws IOException {
    // no "max" in the config: the plugin throws, every measurement is an Error
    Path t = template("""
          metrics:
            - name: broken
              interval: 100ms
              consecutiveErrorLimit: 2
              provider:
                plugin:
                  rollouts-java/sample-metric: {}
        """);
    KitRun run = KitRun.of("analysis", "--json", "--error-retry", "100ms", "-c",
        configMap.toString(), t.toString());
    AnalysisRun done = json(run);
    assertThat(done.status().phase()).isEqualTo("Error");
    MetricResult r = done.status().metricResults().getFirst();
    assertThat(r.measurements()).hasSize(3).allSatisfy(m -> assertThat(m.phase()).isEqualTo("Error"));
    assertThat(r.consecutiveError()).isEqualTo(3);
    assertThat(r.message()).contains("max");
    assertThat(done.status().message()).startsWith(
        "Metric \"broken\" assessed Error due to consecutiveErrors (3) > consecutiveErrorLimit (2)");
  }

  @Test
  void anIndefiniteMetricEndsWhenTerminated() throws IOException {
    Path t = template("""
          metrics:
            - name: load
              interval: 200ms
              provider:
                plugin:
                  rollouts-java/sample-metric:
                    max: "{{args.max}}"
        """);
    KitRun run = KitRun.of("analysis", "--json", "--terminate-after", "1s", "-c",
        configMap.toString(), "--arg", "max=1", t.toString());
    AnalysisRun done = json(run);
    assertThat(done.status().phase()).isEqualTo("Successful");
    assertThat(done.status().message()).isEqualTo("Run Terminated");
    assertThat(done.status().metricResults().getFirst().measurements()).isNotEmpty();
  }

  @Test
  void anInvalidTemplateIsAnErrorBeforeAnyMeasurement() throws IOException {
    Path t = template("""
          metrics:
            - name: load
              count: 3
              provider:
                plugin:
                  rollouts-java/sample-metric: {max: 1}
        """);
    KitRun run = KitRun.of("analysis", "--json", "-c", configMap.toString(), "--arg", "max=1",
        t.toString());
    AnalysisRun done = json(run);
    assertThat(done.status().phase()).isEqualTo("Error");
    assertThat(done.status().message())
        .isEqualTo("Analysis spec invalid: metrics[0]: interval must be specified when count > 1");
  }

  @Test
  void aYamlMistakeNamesItsLine() throws IOException {
    Path t = template("""
          metrics:
            - name: load
              interval: [1s]
        """);
    KitRun run = KitRun.of("analysis", "-c", configMap.toString(), t.toString());
    assertThat(run.exitCode()).isEqualTo(Kit.BAD_INPUT);
    assertThat(run.err()).contains(t + ":10:", "metrics[0].interval");
  }
}
