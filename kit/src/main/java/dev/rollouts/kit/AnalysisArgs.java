package dev.rollouts.kit;

import dev.rollouts.sdk.model.AnalysisRun;
import dev.rollouts.sdk.model.AnalysisRunSpec;
import dev.rollouts.sdk.model.Argument;
import dev.rollouts.sdk.model.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;

/**
 * Resolves a run's {@code {{args.NAME}}} placeholders in its metrics, as the controller does
 * before measuring: template defaults overridden by the caller's values; an argument without a
 * value is an error.
 */
final class AnalysisArgs {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*args\\.([^}\\s]+)\\s*}}");

  private AnalysisArgs() {}

  /**
   * The run with {@code values} merged into its args and its metrics resolved.
   *
   * @throws IllegalArgumentException when an argument has no value, comes from a Secret or field
   *     (the kit has no cluster), or a metric names an argument the run does not declare
   */
  static AnalysisRun resolve(AnalysisRun run, Map<String, String> values) {
    Map<String, String> resolved = new LinkedHashMap<>();
    List<Argument> args = new ArrayList<>();
    for (Argument a : run.spec().args() == null ? List.<Argument>of() : run.spec().args()) {
      String v = values.containsKey(a.name()) ? values.get(a.name()) : a.value();
      if (v == null && a.valueFrom() != null) {
        throw new IllegalArgumentException("args." + a.name() + " comes from a Secret or field;"
            + " give its value with --arg " + a.name() + "=VALUE");
      }
      resolved.put(a.name(), v);
      args.add(new Argument(a.name(), v, null));
    }
    for (String name : values.keySet()) {
      if (!resolved.containsKey(name)) {
        resolved.put(name, values.get(name));
        args.add(new Argument(name, values.get(name), null));
      }
    }
    List<Metric> metrics = new ArrayList<>();
    for (Metric m : run.spec().metrics()) {
      metrics.add(resolve(m, resolved));
    }
    AnalysisRunSpec s = run.spec();
    return new AnalysisRun(run.typeMeta(), run.metadata(), new AnalysisRunSpec(metrics, args,
        s.terminate(), s.dryRun(), s.measurementRetention(), s.ttlStrategy()), run.status());
  }

  private static Metric resolve(Metric metric, Map<String, String> values) {
    String json = Manifests.json().writeValueAsString(metric);
    Matcher m = PLACEHOLDER.matcher(json);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      if (!values.containsKey(name)) {
        throw new IllegalArgumentException("metric " + metric.name() + ": failed to resolve {{args."
            + name + "}}: no such argument");
      }
      String value = values.get(name);
      if (value == null) {
        throw new IllegalArgumentException("metric " + metric.name() + ": args." + name
            + " has no value; give it with --arg " + name + "=VALUE");
      }
      String quoted = Manifests.json().writeValueAsString(value);
      m.appendReplacement(out, Matcher.quoteReplacement(quoted.substring(1, quoted.length() - 1)));
    }
    m.appendTail(out);
    try {
      return Manifests.json().readValue(out.toString(), Metric.class);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("metric " + metric.name() + ": after resolving args: "
          + e.getOriginalMessage(), e);
    }
  }
}
