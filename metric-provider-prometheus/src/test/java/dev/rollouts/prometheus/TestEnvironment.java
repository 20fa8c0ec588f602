package dev.rollouts.prometheus;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.rollouts.sdk.host.PluginHost;
import dev.rollouts.sdk.host.PluginKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * The real Prometheus that {@code scripts/prometheus-test-env.sh} runs for these tests, and the
 * plugin executable started the way the controller starts it. Without the server the tests fail
 * under CI ({@code CI} set, as {@code .ci/run} sets it) and are aborted, with the same message,
 * elsewhere.
 */
final class TestEnvironment {
  private TestEnvironment() {}

  /** {@code PROMETHEUS_TEST_URL}. */
  static String prometheusUrl() {
    return required("PROMETHEUS_TEST_URL");
  }

  /** {@code PROMETHEUS_BIN}: the prometheus executable, for instances with their own flags. */
  static Path prometheusBinary() {
    return Path.of(required("PROMETHEUS_BIN"));
  }

  private static String required(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      String message = name + " is not set: run the tests beside a real Prometheus with"
          + " scripts/prometheus-test-env.sh ./mvnw -B -pl metric-provider-prometheus test";
      if (System.getenv("CI") != null) {
        fail(message);
      }
      abort(message);
    }
    return value;
  }

  /**
   * A launcher for the plugin: this JVM's java with the test class path running the plugin's
   * main class, as the {@code dist/} executable runs the shaded jar.
   */
  static Path pluginExecutable(Path dir) {
    try {
      Path script = dir.resolve("prometheus-plugin");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Files.writeString(script, "#!/bin/sh\nexec '" + java + "' -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
          + " -cp '" + System.getProperty("java.class.path") + "' "
          + PrometheusMetricProvider.class.getName() + " \"$@\"\n");
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
      return script;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static PluginHost startPlugin(Path dir, List<String> args, Map<String, String> env)
      throws IOException {
    return PluginHost.builder(pluginExecutable(dir), PluginKind.METRIC_PROVIDER)
        .args(args)
        .environment(env)
        .start();
  }

  /** A loopback port nobody listens on (at the moment of asking). */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
