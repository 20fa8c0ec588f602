package dev.rollouts.kit;

import dev.rollouts.sdk.host.PluginKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code configmap}: prints the {@code argo-rollouts-config} ConfigMap that makes the controller
 * load the given plugin executables, each with its sha256.
 */
@Command(name = "configmap", mixinStandardHelpOptions = true,
    description = "Prints the argo-rollouts-config ConfigMap for plugin executables: name,"
        + " location (file:// of the file, or --base-url + file name), sha256, args.")
final class ConfigMapCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--metric", paramLabel = "NAME=PATH", description = "a metric provider")
  Map<String, Path> metric = new LinkedHashMap<>();

  @Option(names = "--router", paramLabel = "NAME=PATH", description = "a traffic router")
  Map<String, Path> router = new LinkedHashMap<>();

  @Option(names = "--step", paramLabel = "NAME=PATH", description = "a step plugin")
  Map<String, Path> step = new LinkedHashMap<>();

  @Option(names = "--args", paramLabel = "NAME=ARG,ARG",
      description = "ConfigMap args for a plugin, comma-separated, e.g. acme/m=--log-level,debug")
  Map<String, String> args = new LinkedHashMap<>();

  @Option(names = "--base-url", paramLabel = "URL",
      description = "http(s) URL the files are served from: location = URL/<file name>")
  String baseUrl;

  @Option(names = "--location-dir", paramLabel = "DIR",
      description = "directory the files will be in where the controller runs: location ="
          + " file://DIR/<file name> (default: the file's own absolute path)")
  String locationDir;

  @Option(names = "--name", defaultValue = "argo-rollouts-config",
      description = "the ConfigMap's name (default: ${DEFAULT-VALUE})")
  String name;

  @Override
  public Integer call() throws IOException {
    if (baseUrl != null && !baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
      throw new IllegalArgumentException("--base-url must start with http:// or https://");
    }
    StringBuilder out = new StringBuilder();
    out.append("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ").append(name)
        .append("\ndata:\n");
    section(out, PluginKind.METRIC_PROVIDER, metric);
    section(out, PluginKind.TRAFFIC_ROUTER, router);
    section(out, PluginKind.STEP, step);
    spec.commandLine().getOut().print(out);
    spec.commandLine().getOut().flush();
    return 0;
  }

  private void section(StringBuilder out, PluginKind kind, Map<String, Path> plugins)
      throws IOException {
    if (plugins.isEmpty()) {
      return;
    }
    out.append("  ").append(kind.configMapKey()).append(": |-\n");
    for (Map.Entry<String, Path> e : plugins.entrySet()) {
      if (!PluginCatalog.NAME.matcher(e.getKey()).matches()) {
        throw new IllegalArgumentException("plugin name '" + e.getKey()
            + "' is not <org>/<name>, which the controller requires");
      }
      Path file = e.getValue().toAbsolutePath();
      String fileName = file.getFileName().toString();
      String location = baseUrl != null ? baseUrl.replaceAll("/+$", "") + "/" + fileName
          : locationDir != null ? "file://" + Path.of(locationDir).resolve(fileName)
          : "file://" + file;
      out.append("    - name: ").append(quote(e.getKey())).append('\n');
      out.append("      location: ").append(quote(location)).append('\n');
      out.append("      sha256: ").append(quote(PluginCatalog.sha256(file))).append('\n');
      String a = args.get(e.getKey());
      if (a != null && !a.isEmpty()) {
        List<String> quoted = new ArrayList<>();
        for (String arg : a.split(",")) {
          quoted.add(quote(arg));
        }
        out.append("      args: [").append(String.join(", ", quoted)).append("]\n");
      }
    }
  }

  /** A YAML double-quoted scalar (JSON string syntax is valid YAML). */
  private static String quote(String s) {
    return Manifests.json().writeValueAsString(s);
  }
}
