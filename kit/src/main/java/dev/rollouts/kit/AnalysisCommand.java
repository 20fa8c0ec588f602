package dev.rollouts.kit;

import dev.rollouts.sdk.Plugins;
import dev.rollouts.sdk.model.AnalysisRun;
import dev.rollouts.sdk.model.Metric;
import dev.rollouts.sdk.model.MetricResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code analysis}: runs an AnalysisTemplate's (or AnalysisRun's) metrics through their plugins
 * at their interval and count, judging them with the controller's rules, until the run ends.
 */
@Command(name = "analysis", mixinStandardHelpOptions = true,
    description = "Runs an AnalysisTemplate's plugin metrics with the controller's rules (interval,"
        + " count, failureLimit, inconclusiveLimit, consecutiveErrorLimit, consecutiveSuccessLimit)"
        + " and shows each measurement until the run ends. Exit 0 when Successful, 1 otherwise.")
final class AnalysisCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  PluginOptions plugins;

  @Parameters(paramLabel = "TEMPLATE", description = "an AnalysisTemplate or AnalysisRun manifest")
  Path template;

  @Option(names = {"-a", "--arg"}, paramLabel = "NAME=VALUE", description = "an analysis argument")
  Map<String, String> args = new LinkedHashMap<>();

  @Option(names = "--error-retry", paramLabel = "DURATION", defaultValue = "10s",
      converter = Plugins.DurationConverter.class,
      description = "how soon a measurement in phase Error is retried (controller: ${DEFAULT-VALUE})")
  Duration errorRetry;

  @Option(names = "--terminate-after", paramLabel = "DURATION", converter = Plugins.DurationConverter.class,
      description = "terminate the run after this long, as spec.terminate does (for metrics that"
          + " measure until terminated)")
  Duration terminateAfter;

  @Option(names = "--json", description = "print the final AnalysisRun as JSON on stdout (progress"
      + " goes to stderr)")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter progress = json ? spec.commandLine().getErr() : spec.commandLine().getOut();
    AnalysisRun run = AnalysisArgs.resolve(Manifests.analysis(template), args);
    int width = run.spec().metrics().stream().mapToInt(m -> m.name().length()).max().orElse(4);
    progress.println("analysis " + name(run) + ": " + run.spec().metrics().size() + " metric(s)");
    AnalysisRun done;
    try (PluginPool pool = plugins.pool(progress)) {
      done = new AnalysisRunner(run, PluginMetricProvider.of(pool),
          AnalysisRunner.Clock.system(), new AnalysisRunner.Options(errorRetry, terminateAfter),
          new ProgressView(progress, "  ", width, java.time.Instant.now())).run();
    }
    printSummary(progress, done);
    if (json) {
      spec.commandLine().getOut().println(Manifests.json().writerWithDefaultPrettyPrinter().writeValueAsString(done));
    }
    return AnalysisRules.SUCCESSFUL.equals(done.status().phase()) ? 0 : Kit.NOT_SUCCESSFUL;
  }

  static String name(AnalysisRun run) {
    String n = run.metadata().name();
    return n == null || n.isEmpty() ? "(unnamed)" : n;
  }

  static void printSummary(PrintWriter out, AnalysisRun done) {
    out.println("analysis " + name(done) + " => " + done.status().phase()
        + (done.status().message().isEmpty() ? "" : ": " + done.status().message()));
    for (MetricResult r : done.status().metricResults()) {
      out.printf("  %s: %s after %d measurement(s) (ok %d, failed %d, inconclusive %d, errors %d)%n",
          r.name(), r.phase(), r.measurements().size(), r.successful(), r.failed(),
          r.inconclusive(), r.error());
    }
    for (Metric m : done.spec().metrics()) {
      if (done.status().metricResults().stream().noneMatch(r -> r.name().equals(m.name()))) {
        out.println("  " + m.name() + ": never measured");
      }
    }
  }
}
