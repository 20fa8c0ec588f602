package dev.rollouts.sdk.goplugin;

import java.nio.file.Path;
import java.util.List;

final class SessionFixtures {
  static final HandshakeConfig HANDSHAKE =
      new HandshakeConfig(1, "ARGO_ROLLOUTS_RPC_PLUGIN", "metricprovider");

  private SessionFixtures() {}

  /** A command running {@code main} in a fresh JVM with this test's class path. */
  static List<String> javaCommand(Class<?> main) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return List.of(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto",
        "-cp", System.getProperty("java.class.path"), main.getName());
  }
}
