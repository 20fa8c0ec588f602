package dev.rollouts.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouts.sdk.goplugin.PluginEnvironment;
import dev.rollouts.sdk.metric.MetricProvider;
import dev.rollouts.sdk.model.AnalysisRun;
import dev.rollouts.sdk.model.Measurement;
import dev.rollouts.sdk.model.Metric;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

class QuickStartTest {
  abstract static class Metric0 implements MetricProvider {
    @Override
    public Measurement run(AnalysisRun run, Metric metric) {
      return null;
    }
  }

  static final class NoOptions extends Metric0 {}

  static final class OptionsWithInitialValues extends Metric0 {
    @Option(names = "--endpoint", description = "where (default: ${DEFAULT-VALUE})")
    String endpoint = "http://localhost";

    @Option(names = "--verbose")
    boolean verbose;
  }

  static final class WithDefaultValue extends Metric0 {
    @Option(names = "--endpoint", defaultValue = "http://localhost")
    String endpoint;
  }

  static final class WithRequired extends Metric0 {
    @Option(names = "--endpoint", required = true)
    String endpoint;
  }

  static final class WithParameters extends Metric0 {
    @Parameters
    List<String> targets;
  }

  static final class WithMixin extends Metric0 {
    @Mixin
    OptionsWithInitialValues more;
  }

  /** Options in a superclass count too. */
  static final class InheritsADefault extends WithDefaultValueBase {}

  abstract static class WithDefaultValueBase extends Metric0 {
    @Option(names = "--endpoint", defaultValue = "http://localhost")
    String endpoint;
  }

  @Test
  void withoutArgumentsPluginsWhoseOptionsPicocliWouldLeaveAloneStartWithoutIt() {
    assertThat(QuickStart.applies(new String[0], new NoOptions())).isTrue();
    assertThat(QuickStart.applies(new String[0], new OptionsWithInitialValues(), new NoOptions()))
        .isTrue();
  }

  @Test
  void anyArgumentOrAnOptionPicocliActsOnWithoutArgumentsTakesPicoclisPath() {
    assertThat(QuickStart.applies(new String[] {"--log-level", "debug"}, new NoOptions()))
        .isFalse();
    assertThat(QuickStart.applies(new String[0], new WithDefaultValue())).isFalse();
    assertThat(QuickStart.applies(new String[0], new WithRequired())).isFalse();
    assertThat(QuickStart.applies(new String[0], new WithParameters())).isFalse();
    assertThat(QuickStart.applies(new String[0], new WithMixin())).isFalse();
    assertThat(QuickStart.applies(new String[0], new InheritsADefault())).isFalse();
    assertThat(QuickStart.applies(new String[0], new NoOptions(), new WithDefaultValue()))
        .isFalse();
  }

  @Test
  void theQuickDefaultsAreWhatPicocliSetsForAnEmptyCommandLine() {
    PluginEnvironment env = new PluginEnvironment(Map.of());
    Plugins.ServeCommand parsed = new Plugins.ServeCommand(List.of(new NoOptions()), env);
    new CommandLine(parsed).setCaseInsensitiveEnumValuesAllowed(true).parseArgs();
    Plugins.ServeCommand quick =
        new Plugins.ServeCommand(List.of(new NoOptions()), env).withDefaults();
    assertThat(quick.logLevel).isEqualTo(parsed.logLevel);
    assertThat(quick.logFormat).isEqualTo(parsed.logFormat);
    assertThat(quick.callTimeout).isEqualTo(parsed.callTimeout);
    assertThat(quick.sidecar).isEqualTo(parsed.sidecar).isNull();
  }

  @Test
  void picocliLeavesTheInitialValuesOfOptionsWithoutDefaultsAsTheQuickPathDoes() {
    OptionsWithInitialValues plugin = new OptionsWithInitialValues();
    Plugins.commandLine(new PluginEnvironment(Map.of()), plugin).parseArgs();
    assertThat(plugin.endpoint).isEqualTo("http://localhost");
    assertThat(plugin.verbose).isFalse();
  }

  @Test
  void theQuickPathServesLikePicoclisWithoutTheCookieItExplainsAndExitsOne() {
    assertThat(Plugins.serve(new PluginEnvironment(Map.of()), new String[0], new NoOptions()))
        .isEqualTo(1);
  }
}
