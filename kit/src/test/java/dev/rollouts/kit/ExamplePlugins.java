package dev.rollouts.kit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The example plugins as executables the kit can start: one {@code /bin/sh} launcher per plugin
 * running its main class from this test's class path, and a ConfigMap naming them, as
 * {@code dist/} has for the built ones.
 */
final class ExamplePlugins {
  static final String METRIC = "rollouts-java/sample-metric";
  static final String ROUTER = "rollouts-java/sample-router";
  static final String STEP = "rollouts-java/sample-step";

  private ExamplePlugins() {}

  /** Writes the launchers and {@code argo-rollouts-config.yaml} into {@code dir}; returns it. */
  static Path configMap(Path dir) throws IOException {
    Path metric = launcher(dir, "sample-metric", "dev.rollouts.examples.metric.SystemLoadMetric");
    Path router = launcher(dir, "sample-router", "dev.rollouts.examples.traffic.FileTrafficRouter");
    Path step = launcher(dir, "sample-step", "dev.rollouts.examples.step.WaitStep");
    Path cm = dir.resolve("argo-rollouts-config.yaml");
    Files.writeString(cm, """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: argo-rollouts-config
        data:
          metricProviderPlugins: |-
            - name: "%s"
              location: "file://%s"
          trafficRouterPlugins: |-
            - name: "%s"
              location: "file://%s"
          stepPlugins: |-
            - name: "%s"
              location: "file://%s"
        """.formatted(METRIC, metric, ROUTER, router, STEP, step));
    return cm;
  }

  private static Path launcher(Path dir, String name, String mainClass) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1"
        + " -XX:+UseSerialGC -Xlog:disable -Xlog:all=warning:stderr -cp '"
        + System.getProperty("java.class.path") + "' " + mainClass + " \"$@\"\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}
