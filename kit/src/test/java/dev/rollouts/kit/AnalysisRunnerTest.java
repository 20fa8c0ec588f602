package dev.rollouts.kit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollouts.sdk.model.AnalysisRun;
import dev.rollouts.sdk.model.AnalysisRunSpec;
import dev.rollouts.sdk.model.IntOrString;
import dev.rollouts.sdk.model.Measurement;
import dev.rollouts.sdk.model.Metric;
import dev.rollouts.sdk.model.MetricProvider;
import dev.rollouts.sdk.model.MetricResult;
import dev.rollouts.sdk.model.ObjectMeta;
import dev.rollouts.sdk.model.TypeMeta;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The runner's scheduling on a fake clock with a scripted provider: when measurements are
 * taken, resumed, retried and terminated, and which calls the provider sees.
 */
class AnalysisRunnerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** A clock that jumps to each wake-up time. */
  static final class FakeClock implements AnalysisRunner.Clock {
    Instant now = T0;

    @Override
    public Instant now() {
      return now;
    }

    @Override
    public void sleepUntil(Instant wake) {
      if (wake.isAfter(now)) {
        now = wake;
      }
    }
  }

  /** Answers Run/Resume/Terminate from a script and records each call with its time. */
  static final class Script implements AnalysisRunner.Provider {
    final FakeClock clock;
    final Deque<String> phases;
    final List<String> calls = new ArrayList<>();

    Script(FakeClock clock, String... phases) {
      this.clock = clock;
      this.phases = new ArrayDeque<>(List.of(phases));
    }

    private Measurement next(String call) {
      calls.add(call + "@" + Duration.between(T0, clock.now()).toMillis());
      String p = phases.removeFirst();
      if (p.startsWith("Running+")) {
        Instant resume = clock.now().plusMillis(Long.parseLong(p.substring(8)));
        return new Measurement("Running", "", clock.now(), null, "", null, resume);
      }
      return new Measurement(p, p.equals("Error") ? "boom" : "", clock.now(), clock.now(), "1",
          null, null);
    }

    @Override
    public Measurement run(AnalysisRun run, Metric metric) {
      return next("Run");
    }

    @Override
    public Measurement resume(AnalysisRun run, Metric metric, Measurement m) {
      return next("Resume");
    }

    @Override
    public Measurement terminate(AnalysisRun run, Metric metric, Measurement m) {
      return next("Terminate");
    }

    @Override
    public Map<String, String> metadata(Metric metric) {
      return Map.of("scripted", "yes");
    }
  }

  private static Metric metric(String interval, Integer count, String initialDelay,
      Integer errorLimit) {
    return new Metric("m", interval, initialDelay, count == null ? null : IntOrString.of(count),
        "", "", null, null, errorLimit == null ? null : IntOrString.of(errorLimit),
        new MetricProvider(null, null, null, null, null, null, null, null, null, null, null,
            Map.of()), null);
  }

  private static AnalysisRun run(Metric m) {
    return new AnalysisRun(new TypeMeta("AnalysisRun", "argoproj.io/v1alpha1"),
        new ObjectMeta("r", "", "", "", "", "", 0, null, null, null, null, null, null, null, null),
        new AnalysisRunSpec(List.of(m), List.of(), false, null, null, null), null);
  }

  private static AnalysisRun runWith(Metric m, Script s, FakeClock clock, Duration terminateAfter)
      throws InterruptedException {
    return new AnalysisRunner(run(m), metric -> s, clock,
        new AnalysisRunner.Options(Duration.ofSeconds(10), terminateAfter),
        new AnalysisRunner.Listener() {}).run();
  }

  @Test
  void measuresOncePerIntervalUntilTheCount() throws InterruptedException {
    FakeClock clock = new FakeClock();
    Script s = new Script(clock, "Successful", "Successful", "Successful");
    AnalysisRun done = runWith(metric("30s", 3, "", null), s, clock, null);
    assertThat(done.status().phase()).isEqualTo("Successful");
    // "after" the interval, as the controller's time.After: 1 ms past each due time
    assertThat(s.calls).containsExactly("Run@0", "Run@30001", "Run@60002");
    MetricResult r = done.status().metricResults().getFirst();
    assertThat(r.metadata()).containsEntry("scripted", "yes");
    assertThat(done.status().completedAt()).isEqualTo(T0.plusMillis(60002));
  }

  @Test
  void resumesARunningMeasurementAtItsResumeAt() throws InterruptedException {
    FakeClock clock = new FakeClock();
    Script s = new Script(clock, "Running+5000", "Running+2000", "Successful");
    AnalysisRun done = runWith(metric("", null, "", null), s, clock, null);
    assertThat(s.calls).containsExactly("Run@0", "Resume@5000", "Resume@7000");
    assertThat(done.status().phase()).isEqualTo("Successful");
    assertThat(done.status().metricResults().getFirst().measurements()).hasSize(1);
  }

  @Test
  void waitsForTheInitialDelay() throws InterruptedException {
    FakeClock clock = new FakeClock();
    Script s = new Script(clock, "Successful");
    runWith(metric("", null, "1m", null), s, clock, null);
    assertThat(s.calls).containsExactly("Run@60000");
  }

  @Test
  void retriesErrorsAfterTheErrorIntervalNotTheMetricInterval() throws InterruptedException {
    FakeClock clock = new FakeClock();
    Script s = new Script(clock, "Error", "Error", "Successful", "Successful");
    AnalysisRun done = runWith(metric("1m", 2, "", 3), s, clock, null);
    assertThat(s.calls).containsExactly("Run@0", "Run@10001", "Run@20002", "Run@80003");
    MetricResult r = done.status().metricResults().getFirst();
    assertThat(r.error()).isEqualTo(2);
    assertThat(r.consecutiveError()).isZero();
    assertThat(done.status().phase()).isEqualTo("Successful");
  }

  /** A running measurement due when the run is terminated is terminated, not resumed. */
  @Test
  void terminatesAMeasurementStillRunningWhenTheRunIsTerminated() throws InterruptedException {
    FakeClock clock = new FakeClock();
    Script s = new Script(clock, "Running+5000", "Successful");
    AnalysisRun done = runWith(metric("", null, "", null), s, clock, Duration.ofSeconds(5));
    assertThat(s.calls).containsExactly("Run@0", "Terminate@5000");
    assertThat(done.status().metricResults().getFirst().measurements().getFirst().message())
        .isEqualTo("Metric Terminated");
    assertThat(done.status().phase()).isEqualTo("Successful");
    assertThat(done.status().message()).isEqualTo("Run Terminated");
  }

  /**
   * As the controller's assessRunStatus: a terminated run with nothing completed is Successful
   * at once, and a measurement not yet due (resumeAt later) is left as it is, never terminated.
   */
  @Test
  void aTerminatedRunDoesNotWaitForAMeasurementNotYetDue() throws InterruptedException {
    FakeClock clock = new FakeClock();
    Script s = new Script(clock, "Running+60000");
    AnalysisRun done = runWith(metric("", null, "", null), s, clock, Duration.ofSeconds(5));
    assertThat(s.calls).containsExactly("Run@0");
    assertThat(done.status().phase()).isEqualTo("Successful");
    assertThat(done.status().completedAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(done.status().metricResults().getFirst().measurements().getFirst().phase())
        .isEqualTo("Running");
  }

  @Test
  void aProviderThatCannotBeFoundGivesErrorMeasurements() throws InterruptedException {
    FakeClock clock = new FakeClock();
    AnalysisRun done = new AnalysisRunner(run(metric("", null, "", 0)), m -> {
      throw new IllegalStateException("no such plugin");
    }, clock, AnalysisRunner.Options.defaults(), new AnalysisRunner.Listener() {}).run();
    MetricResult r = done.status().metricResults().getFirst();
    assertThat(r.measurements()).singleElement().satisfies(m -> {
      assertThat(m.phase()).isEqualTo("Error");
      assertThat(m.message()).isEqualTo("no such plugin");
    });
    assertThat(done.status().phase()).isEqualTo("Error");
  }
}
