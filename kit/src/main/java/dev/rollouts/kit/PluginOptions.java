package dev.rollouts.kit;

import dev.rollouts.sdk.goplugin.HclogLevel;
import dev.rollouts.sdk.host.PluginKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the kit finds plugins: ConfigMaps and single {@code NAME=PATH} options. */
final class PluginOptions {
  @Option(names = {"-c", "--config"}, paramLabel = "CONFIGMAP",
      description = "an argo-rollouts-config ConfigMap manifest (file:// locations, args, sha256)")
  List<Path> configMaps = new ArrayList<>();

  @Option(names = "--metric-plugin", paramLabel = "NAME=PATH",
      description = "a metric provider executable, e.g. acme/metric=./metric")
  Map<String, Path> metricPlugins = Map.of();

  @Option(names = "--router-plugin", paramLabel = "NAME=PATH",
      description = "a traffic router executable")
  Map<String, Path> routerPlugins = Map.of();

  @Option(names = "--step-plugin", paramLabel = "NAME=PATH", description = "a step plugin executable")
  Map<String, Path> stepPlugins = Map.of();

  @Option(names = "--plugin-log", paramLabel = "LEVEL", defaultValue = "warn",
      description = "show plugin log lines at this level and above (default: ${DEFAULT-VALUE})")
  String pluginLog;

  PluginCatalog catalog() throws IOException {
    PluginCatalog catalog = new PluginCatalog();
    for (Path cm : configMaps) {
      catalog.addConfigMap(cm);
    }
    metricPlugins.forEach((n, p) -> catalog.add(spec(n, PluginKind.METRIC_PROVIDER, p)));
    routerPlugins.forEach((n, p) -> catalog.add(spec(n, PluginKind.TRAFFIC_ROUTER, p)));
    stepPlugins.forEach((n, p) -> catalog.add(spec(n, PluginKind.STEP, p)));
    return catalog;
  }

  PluginPool pool(PrintWriter log) throws IOException {
    return new PluginPool(catalog(), log, HclogLevel.parse(pluginLog));
  }

  private static PluginSpec spec(String name, PluginKind kind, Path path) {
    return new PluginSpec(name, kind, path.toAbsolutePath(), List.of());
  }
}
