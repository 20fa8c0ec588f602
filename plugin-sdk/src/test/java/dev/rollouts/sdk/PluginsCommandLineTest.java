package dev.rollouts.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollouts.sdk.goplugin.PluginEnvironment;
import dev.rollouts.sdk.metric.Measurements;
import dev.rollouts.sdk.metric.MetricProvider;
import dev.rollouts.sdk.model.AnalysisRun;
import dev.rollouts.sdk.model.Measurement;
import dev.rollouts.sdk.model.Metric;
import dev.rollouts.sdk.model.Rollout;
import dev.rollouts.sdk.model.WeightDestination;
import dev.rollouts.sdk.step.StepContext;
import dev.rollouts.sdk.step.StepPlugin;
import dev.rollouts.sdk.step.StepResult;
import dev.rollouts.sdk.traffic.TrafficRouter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Option;

class PluginsCommandLineTest {
  static final class OptionedMetric implements MetricProvider {
    @Option(names = "--endpoint", description = "where to measure")
    String endpoint;

    @Override
    public Measurement run(AnalysisRun run, Metric metric) {
      return Measurements.successful(endpoint);
    }
  }

  static final class Router implements TrafficRouter {
    @Override
    public void setWeight(Rollout r, int w, List<WeightDestination> a) {}
  }

  static final class Step implements StepPlugin {
    @Override
    public StepResult run(Rollout r, StepContext c) {
      return StepResult.successful("");
    }
  }

  private record Run(int code, String out, String err) {}

  private static Run run(Map<String, String> env, Object plugin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Plugins.commandLine(new PluginEnvironment(env), plugin);
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return new Run(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void helpListsTheStandardOptionsAndThePluginsOwn() {
    Run r = run(Map.of(), new OptionedMetric(), "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("--log-level", "--log-format", "--call-timeout", "--version",
        "--endpoint");
  }

  @Test
  void thePluginsOwnOptionsReachIt() {
    OptionedMetric metric = new OptionedMetric();
    CommandLine cl = Plugins.commandLine(new PluginEnvironment(Map.of()), metric);
    cl.parseArgs("--endpoint", "http://canary:8080/healthz", "--log-level", "debug");
    assertThat(metric.endpoint).isEqualTo("http://canary:8080/healthz");
  }

  @Test
  void aWrongOptionIsAUsageErrorOnStderr() {
    Run r = run(Map.of(), new OptionedMetric(), "--no-such-option");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown option: '--no-such-option'");
    assertThat(r.out()).isEmpty(); // stdout belongs to the handshake line
  }

  @Test
  void aBadDurationOrLevelIsRejectedWithItsReason() {
    assertThat(run(Map.of(), new OptionedMetric(), "--call-timeout", "soon").err())
        .contains("time: invalid duration \"soon\"");
    assertThat(run(Map.of(), new OptionedMetric(), "--log-format", "xml").code()).isEqualTo(2);
    assertThat(run(Map.of(), new OptionedMetric(), "--log-level", "loud").err())
        .contains("unknown log level 'loud'");
  }

  @Test
  void withoutTheCookieOfAServedKindItExplainsAndExitsOne() {
    assertThat(run(Map.of(), new OptionedMetric()).code()).isEqualTo(1);
    assertThat(run(Map.of("ARGO_ROLLOUTS_RPC_PLUGIN", "step"), new OptionedMetric()).code())
        .isEqualTo(1);
  }

  @Test
  void onlyThreeKindsOnceEach() {
    assertThatThrownBy(() -> Plugins.commandLine(new PluginEnvironment(Map.of()), "not a plugin"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a MetricProvider, TrafficRouter or StepPlugin");
    assertThatThrownBy(() -> Plugins.commandLine(new PluginEnvironment(Map.of()), new Router(),
        new Router())).hasMessage("two plugins of kind TrafficRouter");
    assertThat(Plugins.commandLine(new PluginEnvironment(Map.of()), new OptionedMetric(),
        new Router(), new Step())).isNotNull();
  }
}
