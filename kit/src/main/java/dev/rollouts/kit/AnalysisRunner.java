package dev.rollouts.kit;

import static dev.rollouts.kit.AnalysisRules.completed;

import dev.rollouts.sdk.model.AnalysisRun;
import dev.rollouts.sdk.model.AnalysisRunSpec;
import dev.rollouts.sdk.model.AnalysisRunStatus;
import dev.rollouts.sdk.model.Measurement;
import dev.rollouts.sdk.model.Metric;
import dev.rollouts.sdk.model.MetricResult;
import dev.rollouts.sdk.model.RunSummary;
import dev.rollouts.sdk.plugin.GoDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs an AnalysisRun to its end the way the controller reconciles one: each reconcile takes
 * the measurements that are due (first ones after {@code initialDelay}, then one per
 * {@code interval}, errors retried after the error-retry interval, running ones resumed at
 * {@code resumeAt}, terminated once the run is terminating), counts them, judges every metric
 * with {@link AnalysisRules} and sleeps until the next measurement is due.
 *
 * <pre>{@code
 * AnalysisRun done = new AnalysisRunner(run, providers, AnalysisRunner.Clock.system(),
 *     AnalysisRunner.Options.defaults(), listener).run();
 * }</pre>
 *
 * <p>Not thread-safe: one thread calls {@link #run()}; measurements of one reconcile are taken
 * concurrently, as the controller does, and applied in metric order afterwards.
 */
public final class AnalysisRunner {
  /** The measurements of one metric provider, as the controller's provider interface has them. */
  public interface Provider {
    Measurement run(AnalysisRun run, Metric metric);

    Measurement resume(AnalysisRun run, Metric metric, Measurement measurement);

    Measurement terminate(AnalysisRun run, Metric metric, Measurement measurement);

    Map<String, String> metadata(Metric metric);
  }

  /** Finds the provider of a metric; an exception becomes an Error measurement. */
  public interface Providers {
    Provider forMetric(Metric metric) throws Exception;
  }

  /** Hears what happens, as it happens. */
  public interface Listener {
    default void measured(Metric metric, MetricResult result, Measurement measurement) {}

    default void metricCompleted(Metric metric, MetricResult result) {}
  }

  /** Time, replaceable in tests. */
  public interface Clock {
    Instant now();

    void sleepUntil(Instant wake) throws InterruptedException;

    static Clock system() {
      return new Clock() {
        @Override
        public Instant now() {
          return Instant.now();
        }

        @Override
        public void sleepUntil(Instant wake) throws InterruptedException {
          long ms = Duration.between(Instant.now(), wake).toMillis();
          if (ms > 0) {
            Thread.sleep(ms);
          }
        }
      };
    }
  }

  /**
   * @param errorRetryInterval how soon a measurement in phase Error is retried (Argo: 10 s)
   * @param terminateAfter when to terminate the run, as {@code spec.terminate: true} does;
   *     {@code null} for never
   */
  public record Options(Duration errorRetryInterval, Duration terminateAfter) {
    public static Options defaults() {
      return new Options(AnalysisRules.DEFAULT_ERROR_RETRY_INTERVAL, null);
    }
  }

  /** Mutable counters and measurements of one metric; becomes a {@link MetricResult}. */
  private static final class Tally {
    final String name;
    String phase = AnalysisRules.RUNNING;
    String message = "";
    final List<Measurement> measurements = new ArrayList<>();
    int count;
    int successful;
    int failed;
    int inconclusive;
    int error;
    int consecutiveError;
    int consecutiveSuccess;
    Map<String, String> metadata;

    Tally(String name) {
      this.name = name;
    }

    void count(String measured) {
      switch (measured) {
        case AnalysisRules.SUCCESSFUL -> { count++; successful++; consecutiveError = 0; consecutiveSuccess++; }
        case AnalysisRules.FAILED -> { count++; failed++; consecutiveError = 0; consecutiveSuccess = 0; }
        case AnalysisRules.INCONCLUSIVE -> { count++; inconclusive++; consecutiveError = 0; consecutiveSuccess = 0; }
        case AnalysisRules.ERROR -> { error++; consecutiveError++; consecutiveSuccess = 0; }
        default -> { }
      }
    }

    Measurement last() {
      return measurements.isEmpty() ? null : measurements.getLast();
    }

    MetricResult result() {
      return new MetricResult(name, phase, List.copyOf(measurements), message, count, successful,
          failed, inconclusive, error, consecutiveError, false, metadata, consecutiveSuccess);
    }
  }

  private record Task(Metric metric, Measurement incomplete, boolean first) {}

  private final AnalysisRun origin;
  private final List<Metric> metrics;
  private final Providers providers;
  private final Clock clock;
  private final Options options;
  private final Listener listener;
  private final Map<String, Tally> tallies = new LinkedHashMap<>();
  private boolean terminate;
  private String phase = "";
  private String message = "";
  private Instant startedAt;
  private Instant completedAt;
  private RunSummary summary = new RunSummary(0, 0, 0, 0, 0);

  public AnalysisRunner(AnalysisRun run, Providers providers, Clock clock, Options options,
      Listener listener) {
    this.origin = Objects.requireNonNull(run, "run");
    this.metrics = run.spec() == null || run.spec().metrics() == null ? List.of()
        : List.copyOf(run.spec().metrics());
    this.providers = providers;
    this.clock = clock;
    this.options = options;
    this.listener = listener;
    this.terminate = run.spec() != null && run.spec().terminate();
  }

  /**
   * Reconciles until the run has completed and returns it with its final status.
   *
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public AnalysisRun run() throws InterruptedException {
    String invalid = AnalysisRules.validate(metrics);
    if (invalid != null) {
      phase = AnalysisRules.ERROR;
      message = "Analysis spec invalid: " + invalid;
      return snapshot();
    }
    Instant deadline = options.terminateAfter() == null ? null
        : clock.now().plus(options.terminateAfter());
    while (true) {
      Instant now = clock.now();
      if (deadline != null && !now.isBefore(deadline)) {
        terminate = true;
      }
      Instant next = reconcile(now);
      if (completed(phase)) {
        return snapshot();
      }
      // nothing scheduled (a run waiting on termination): look again soon, as a resync would
      Instant wake = next == null ? now.plusSeconds(1) : next;
      if (deadline != null && !terminate && deadline.isBefore(wake)) {
        wake = deadline;
      }
      clock.sleepUntil(wake);
    }
  }

  /** The run as the controller would store it now. */
  public AnalysisRun snapshot() {
    List<MetricResult> results = new ArrayList<>();
    for (Tally t : tallies.values()) {
      results.add(t.result());
    }
    AnalysisRunSpec s = origin.spec();
    AnalysisRunSpec spec = s == null ? null : new AnalysisRunSpec(s.metrics(), s.args(),
        terminate, s.dryRun(), s.measurementRetention(), s.ttlStrategy());
    return new AnalysisRun(origin.typeMeta(), origin.metadata(), spec,
        new AnalysisRunStatus(phase, message, results, startedAt, summary, null, completedAt));
  }

  private boolean terminating() {
    if (terminate) {
      return true;
    }
    for (Tally t : tallies.values()) {
      if (t.phase.equals(AnalysisRules.FAILED) || t.phase.equals(AnalysisRules.ERROR)
          || t.phase.equals(AnalysisRules.INCONCLUSIVE)) {
        return true;
      }
    }
    return false;
  }

  /** One reconcile at {@code now}; returns when the next one is due, or null. */
  Instant reconcile(Instant now) throws InterruptedException {
    List<Task> tasks = dueTasks(now);
    measure(tasks, now);
    assess(now);
    return nextReconcile(now);
  }

  private List<Task> dueTasks(Instant now) {
    boolean terminating = terminating();
    List<Task> tasks = new ArrayList<>();
    for (Metric m : metrics) {
      Tally t = tallies.get(m.name());
      if (t != null && completed(t.phase)) {
        continue;
      }
      Measurement last = t == null ? null : t.last();
      if (last != null && last.finishedAt() == null) {
        if (last.resumeAt() != null && last.resumeAt().isAfter(now)) {
          continue;
        }
        tasks.add(new Task(m, last, false));
        continue;
      }
      if (terminating) {
        continue;
      }
      if (last == null) {
        if (!m.initialDelay().isEmpty()) {
          if (startedAt == null
              || startedAt.plus(GoDuration.parse(m.initialDelay())).isAfter(now)) {
            continue;
          }
        }
        tasks.add(new Task(m, null, t == null));
        continue;
      }
      Integer count = AnalysisRules.effectiveCount(m);
      if (count != null && t.count >= count) {
        continue;
      }
      if (now.isAfter(last.finishedAt().plus(interval(m, last)))) {
        tasks.add(new Task(m, null, t == null));
      }
    }
    return tasks;
  }

  private Duration interval(Metric m, Measurement last) {
    if (!last.phase().equals(AnalysisRules.ERROR) && !m.interval().isEmpty()) {
      return GoDuration.parse(m.interval());
    }
    return options.errorRetryInterval();
  }

  private void measure(List<Task> tasks, Instant now) throws InterruptedException {
    if (tasks.isEmpty()) {
      return;
    }
    boolean terminating = terminating();
    AnalysisRun current = snapshot();
    List<Future<Outcome>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Task task : tasks) {
        futures.add(pool.submit(() -> take(task, current, terminating, now)));
      }
      for (int i = 0; i < tasks.size(); i++) {
        Outcome o;
        try {
          o = futures.get(i).get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("taking a measurement failed", e.getCause());
        }
        apply(tasks.get(i), o, now);
      }
    }
  }

  private record Outcome(Measurement measurement, Map<String, String> metadata,
      boolean providerOk) {}

  private Outcome take(Task task, AnalysisRun run, boolean terminating, Instant now) {
    Provider provider;
    try {
      provider = providers.forMetric(task.metric());
    } catch (Exception e) {
      Measurement base = task.incomplete();
      Measurement m = new Measurement(AnalysisRules.ERROR, String.valueOf(e.getMessage()),
          base == null ? now : base.startedAt(), base == null ? null : base.finishedAt(),
          base == null ? "" : base.value(), base == null ? null : base.metadata(),
          base == null ? null : base.resumeAt());
      return new Outcome(m, null, false);
    }
    Measurement m;
    if (task.incomplete() == null) {
      m = provider.run(run, task.metric());
    } else if (terminating) {
      m = provider.terminate(run, task.metric(), task.incomplete());
      if (AnalysisRules.SUCCESSFUL.equals(m.phase())) {
        m = new Measurement(m.phase(), "Metric Terminated", m.startedAt(), m.finishedAt(),
            m.value(), m.metadata(), m.resumeAt());
      }
    } else {
      m = provider.resume(run, task.metric(), task.incomplete());
    }
    return new Outcome(m, task.first() ? provider.metadata(task.metric()) : null, true);
  }

  private void apply(Task task, Outcome o, Instant now) {
    Metric metric = task.metric();
    Tally t = tallies.computeIfAbsent(metric.name(), n -> {
      Tally fresh = new Tally(n);
      fresh.metadata = o.providerOk() ? o.metadata() : null;
      return fresh;
    });
    Measurement m = o.measurement();
    if (completed(m.phase())) {
      if (m.finishedAt() == null) {
        m = new Measurement(m.phase(), m.message(), m.startedAt(), now, m.value(), m.metadata(),
            m.resumeAt());
      }
      t.count(m.phase());
    }
    if (task.incomplete() == null) {
      t.measurements.add(m);
    } else {
      t.measurements.set(t.measurements.size() - 1, m);
    }
    listener.measured(metric, t.result(), m);
  }

  private void assess(Instant now) {
    if (startedAt == null) {
      startedAt = now;
    }
    boolean terminating = terminating();
    String worst = "";
    String worstMessage = terminate ? "Run Terminated" : "";
    boolean everythingCompleted = true;
    int count = 0;
    int successful = 0;
    int failed = 0;
    int inconclusive = 0;
    int errors = 0;
    for (Metric m : metrics) {
      count++;
      Tally t = tallies.get(m.name());
      if (t == null) {
        everythingCompleted = false;
        continue;
      }
      String before = t.phase;
      String status = AnalysisRules.metricPhase(m, t.result(), terminating);
      if (!status.equals(before)) {
        if (t.last() != null) {
          t.message = t.last().message() == null ? "" : t.last().message();
        }
        t.phase = status;
        if (completed(status)) {
          listener.metricCompleted(m, t.result());
        }
      }
      if (!completed(status)) {
        everythingCompleted = false;
        continue;
      }
      AnalysisRules.Verdict limit = AnalysisRules.failureInconclusiveOrError(m, t.result());
      if (worst.isEmpty() || AnalysisRules.isWorse(worst, status)) {
        worst = status;
        if (limit != null) {
          worstMessage = "Metric \"" + m.name() + "\" assessed " + status + " due to "
              + limit.message();
          if (!t.message.isEmpty()) {
            worstMessage += ": \"Error Message: " + t.message + "\"";
          }
        }
      }
      switch (limit == null ? "" : limit.phase()) {
        case AnalysisRules.ERROR -> errors++;
        case AnalysisRules.FAILED -> failed++;
        case AnalysisRules.INCONCLUSIVE -> inconclusive++;
        default -> successful++;
      }
    }
    summary = new RunSummary(count, successful, failed, inconclusive, errors);
    String newPhase;
    String newMessage;
    if (terminating) {
      newPhase = worst.isEmpty() ? AnalysisRules.SUCCESSFUL : worst;
      newMessage = worstMessage.strip();
    } else if (!everythingCompleted || worst.isEmpty()) {
      newPhase = AnalysisRules.RUNNING;
      newMessage = "";
    } else {
      newPhase = worst;
      newMessage = worstMessage.strip();
    }
    if (!newPhase.equals(phase)) {
      phase = newPhase;
      message = newMessage;
      if (completed(phase) && completedAt == null) {
        completedAt = now;
      }
    }
  }

  private Instant nextReconcile(Instant now) {
    Instant next = null;
    for (Metric m : metrics) {
      Tally t = tallies.get(m.name());
      if (t != null && completed(t.phase)) {
        continue;
      }
      Measurement last = t == null ? null : t.last();
      Instant due;
      if (last == null) {
        if (m.initialDelay().isEmpty()) {
          continue;
        }
        due = (startedAt == null ? now : startedAt).plus(GoDuration.parse(m.initialDelay()));
      } else if (last.finishedAt() == null) {
        due = last.resumeAt();
      } else {
        Integer count = AnalysisRules.effectiveCount(m);
        if (count != null && t.count >= count) {
          continue;
        }
        if (!last.phase().equals(AnalysisRules.ERROR) && m.interval().isEmpty()) {
          continue;
        }
        // strictly after, as the controller's time.After: one millisecond past the due time
        due = last.finishedAt().plus(interval(m, last)).plusMillis(1);
      }
      if (due != null && (next == null || due.isBefore(next))) {
        next = due;
      }
    }
    return next;
  }
}
