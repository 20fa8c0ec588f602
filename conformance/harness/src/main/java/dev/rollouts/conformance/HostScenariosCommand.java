package dev.rollouts.conformance;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the host scenarios of {@code conformance/HARNESS.md} with the Java host against a plugin
 * and prints one JSON object per scenario, for the Go test that runs the same scenarios with
 * go-plugin's client and compares.
 */
@Command(name = "host-scenarios",
    description = "Run the host parity scenarios with the Java host; one JSON line per scenario.")
final class HostScenariosCommand implements Callable<Integer> {
  @Option(names = "--plugin", required = true, description = "the plugin executable")
  Path plugin;

  @Option(names = {"--arg", "--args"}, description = "an argument for the plugin (repeatable)")
  List<String> args = new ArrayList<>();

  @Option(names = "--fixtures", required = true,
      description = "directory with the start-failure scripts print-line and silent")
  Path fixtures;

  @Override
  public Integer call() {
    JsonMapper json = JsonMapper.builder().build();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    HostScenarios scenarios = new HostScenarios(plugin.toAbsolutePath(), args, fixtures.toAbsolutePath());
    for (HostScenarios.Scenario scenario : scenarios.all()) {
      Map<String, Object> result = scenario.run();
      result.put("name", scenario.name());
      out.println(json.writeValueAsString(result));
    }
    return 0;
  }
}
