package dev.rollouts.kit;

import dev.rollouts.sdk.model.Metric;
import dev.rollouts.sdk.model.MetricResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code assess} (hidden): judges metrics with {@link AnalysisRules}, one JSON object per line
 * in ({@code {"metric": ..., "result": ..., "terminating": false}}) and out
 * ({@code {"phase": ..., "limit": ...}}), so the conformance suite can hold the kit's rules
 * against Argo's own functions on the same inputs.
 */
@Command(name = "assess", hidden = true,
    description = "Reads {metric, result, terminating} JSON lines, prints the metric phase each.")
final class AssessCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  record Input(Metric metric, MetricResult result, boolean terminating) {}

  record Output(String phase, AnalysisRules.Verdict limit) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      if (line.isBlank()) {
        continue;
      }
      Input i = Manifests.json().readValue(line, Input.class);
      out.println(Manifests.json().writeValueAsString(new Output(
          AnalysisRules.metricPhase(i.metric(), i.result(), i.terminating()),
          AnalysisRules.failureInconclusiveOrError(i.metric(), i.result()))));
      out.flush();
    }
    return 0;
  }
}
